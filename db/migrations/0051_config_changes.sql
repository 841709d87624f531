CREATE TABLE "config_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"target" text DEFAULT '' NOT NULL,
	"payload" jsonb NOT NULL,
	"note" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"proposed_by" uuid NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "config_changes_kind" CHECK ("config_changes"."kind" IN ('complaint_policy', 'calendar', 'appraisal_weights', 'qc_plan')),
	CONSTRAINT "config_changes_status" CHECK ("config_changes"."status" IN ('pending', 'approved', 'rejected')),
	CONSTRAINT "config_changes_target" CHECK (length("config_changes"."target") <= 64),
	CONSTRAINT "config_changes_payload" CHECK (jsonb_typeof("config_changes"."payload") = 'object'),
	CONSTRAINT "config_changes_note" CHECK (length(btrim("config_changes"."note")) BETWEEN 1 AND 500),
	CONSTRAINT "config_changes_four_eyes" CHECK ("config_changes"."decided_by" IS NULL OR "config_changes"."decided_by" <> "config_changes"."proposed_by"),
	CONSTRAINT "config_changes_decision_shape" CHECK (("config_changes"."status" = 'pending') = ("config_changes"."decided_by" IS NULL AND "config_changes"."decided_at" IS NULL) AND ("config_changes"."status" <> 'pending' OR "config_changes"."decision_note" IS NULL) AND ("config_changes"."status" <> 'rejected' OR length(btrim(coalesce("config_changes"."decision_note", ''))) > 0))
);
--> statement-breakpoint
ALTER TABLE "config_changes" ADD CONSTRAINT "config_changes_proposed_by_staff_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "config_changes" ADD CONSTRAINT "config_changes_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "config_changes_one_pending_idx" ON "config_changes" USING btree ("kind","target") WHERE "config_changes"."status" = 'pending';--> statement-breakpoint
-- A configuration change is decided once (pending → approved or rejected, with who, when and the note) and otherwise
-- never changes; none is deleted.
CREATE FUNCTION config_changes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'config change % cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status <> 'pending' OR NEW.status NOT IN ('approved', 'rejected') THEN
    RAISE EXCEPTION 'config change % is decided once, from pending', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF (to_jsonb(NEW) - 'status' - 'decided_by' - 'decided_at' - 'decision_note') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'decided_by' - 'decided_at' - 'decision_note') THEN
    RAISE EXCEPTION 'config change % cannot be altered', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER config_changes_guard BEFORE UPDATE OR DELETE ON config_changes FOR EACH ROW EXECUTE FUNCTION config_changes_guard();--> statement-breakpoint
CREATE TRIGGER config_changes_no_truncate BEFORE TRUNCATE ON config_changes FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
