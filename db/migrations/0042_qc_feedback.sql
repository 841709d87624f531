CREATE TABLE "inspection_disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"teller_id" uuid NOT NULL,
	"items" text[] NOT NULL,
	"explanation" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolver_id" uuid,
	"resolution_note" text,
	"accepted_items" text[] DEFAULT '{}'::text[] NOT NULL,
	"score_before" integer NOT NULL,
	"score_after" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "inspection_disputes_inspection_id_unique" UNIQUE("inspection_id"),
	CONSTRAINT "inspection_disputes_status" CHECK ("inspection_disputes"."status" IN ('open', 'accepted', 'partial', 'rejected')),
	CONSTRAINT "inspection_disputes_items" CHECK (cardinality("inspection_disputes"."items") > 0 AND length(btrim("inspection_disputes"."explanation")) > 0),
	CONSTRAINT "inspection_disputes_resolution_shape" CHECK (("inspection_disputes"."status" = 'open') = ("inspection_disputes"."resolver_id" IS NULL AND "inspection_disputes"."resolved_at" IS NULL AND "inspection_disputes"."score_after" IS NULL) AND ("inspection_disputes"."status" = 'open' OR length(btrim(coalesce("inspection_disputes"."resolution_note", ''))) > 0)),
	CONSTRAINT "inspection_disputes_accepted_items" CHECK ("inspection_disputes"."accepted_items" <@ "inspection_disputes"."items" AND CASE "inspection_disputes"."status" WHEN 'accepted' THEN "inspection_disputes"."accepted_items" @> "inspection_disputes"."items" WHEN 'partial' THEN cardinality("inspection_disputes"."accepted_items") BETWEEN 1 AND cardinality("inspection_disputes"."items") - 1 ELSE cardinality("inspection_disputes"."accepted_items") = 0 END),
	CONSTRAINT "inspection_disputes_rejected_score" CHECK ("inspection_disputes"."status" <> 'rejected' OR "inspection_disputes"."score_after" = "inspection_disputes"."score_before")
);
--> statement-breakpoint
CREATE TABLE "qc_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"item_key" text NOT NULL,
	"severity" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qc_findings_severity" CHECK ("qc_findings"."severity" IN ('low', 'medium', 'high', 'critical'))
);
--> statement-breakpoint
CREATE TABLE "rectifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"teller_id" uuid NOT NULL,
	"due_date" text NOT NULL,
	"coaching_note" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"response" text,
	"responded_at" timestamp with time zone,
	"verified_by" uuid,
	"verified_at" timestamp with time zone,
	"verification_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rectifications_finding_id_unique" UNIQUE("finding_id"),
	CONSTRAINT "rectifications_status" CHECK ("rectifications"."status" IN ('open', 'answered', 'verified', 'reopened', 'withdrawn')),
	CONSTRAINT "rectifications_due_date" CHECK ("rectifications"."due_date" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
	CONSTRAINT "rectifications_note" CHECK (length(btrim("rectifications"."coaching_note")) > 0),
	CONSTRAINT "rectifications_answer_shape" CHECK ("rectifications"."status" NOT IN ('answered', 'verified') OR ("rectifications"."response" IS NOT NULL AND "rectifications"."responded_at" IS NOT NULL)),
	CONSTRAINT "rectifications_verified_shape" CHECK (("rectifications"."status" = 'verified') = ("rectifications"."verified_by" IS NOT NULL AND "rectifications"."verified_at" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "dispute_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "final_score" integer;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "final_critical_failure" boolean;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "final_ratings" jsonb;--> statement-breakpoint
ALTER TABLE "inspection_disputes" ADD CONSTRAINT "inspection_disputes_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_disputes" ADD CONSTRAINT "inspection_disputes_teller_id_staff_id_fk" FOREIGN KEY ("teller_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_disputes" ADD CONSTRAINT "inspection_disputes_resolver_id_staff_id_fk" FOREIGN KEY ("resolver_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "qc_findings" ADD CONSTRAINT "qc_findings_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_finding_id_qc_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."qc_findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_teller_id_staff_id_fk" FOREIGN KEY ("teller_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_verified_by_staff_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspection_disputes_open_idx" ON "inspection_disputes" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "qc_findings_item_idx" ON "qc_findings" USING btree ("inspection_id","item_key");--> statement-breakpoint
CREATE INDEX "rectifications_teller_idx" ON "rectifications" USING btree ("teller_id","status");--> statement-breakpoint
CREATE INDEX "rectifications_due_idx" ON "rectifications" USING btree ("status","due_date");--> statement-breakpoint
-- A submitted inspection stays as submitted. After it: the teller's acknowledgement (once), and the final score and
-- ratings its resolved dispute gives (its score_after), once; nothing else.
CREATE OR REPLACE FUNCTION inspections_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'inspection % cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF (NEW.session_id, NEW.inspector_id, NEW.scorecard, NEW.template_id, NEW.template_version, NEW.created_at)
     IS DISTINCT FROM (OLD.session_id, OLD.inspector_id, OLD.scorecard, OLD.template_id, OLD.template_version, OLD.created_at) THEN
    RAISE EXCEPTION 'inspection % cannot change its session, inspector or scorecard', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status = 'submitted' THEN
    IF (NEW.status, NEW.ratings, NEW.score, NEW.critical_failure, NEW.comment, NEW.submitted_at, NEW.dispute_until)
       IS DISTINCT FROM (OLD.status, OLD.ratings, OLD.score, OLD.critical_failure, OLD.comment, OLD.submitted_at, OLD.dispute_until) THEN
      RAISE EXCEPTION 'inspection % is already submitted', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.acknowledged_at IS NOT NULL AND NEW.acknowledged_at IS DISTINCT FROM OLD.acknowledged_at THEN
      RAISE EXCEPTION 'inspection % is already acknowledged', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    IF (NEW.final_score, NEW.final_critical_failure, NEW.final_ratings) IS DISTINCT FROM (OLD.final_score, OLD.final_critical_failure, OLD.final_ratings)
       AND (OLD.final_score IS NOT NULL
            OR NOT EXISTS (SELECT 1 FROM inspection_disputes d WHERE d.inspection_id = OLD.id AND d.status IN ('accepted', 'partial') AND d.score_after = NEW.final_score)) THEN
      RAISE EXCEPTION 'inspection % changes its final score only by a resolved dispute', OLD.id USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
-- A dispute is the session's teller's, filed within the window of a submitted inspection; it is resolved once, by a
-- QC member other than the inspector or by a supervisor, and the resolution is final.
CREATE FUNCTION inspection_disputes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  i record;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'dispute % cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  SELECT ins.inspector_id, ins.status, ins.dispute_until, s.teller_id INTO i
    FROM inspections ins JOIN service_sessions s ON s.id = ins.session_id WHERE ins.id = NEW.inspection_id;
  IF TG_OP = 'INSERT' THEN
    IF i.status <> 'submitted' OR NEW.teller_id <> i.teller_id THEN
      RAISE EXCEPTION 'only the session''s teller disputes a submitted inspection' USING ERRCODE = 'check_violation';
    END IF;
    IF i.dispute_until IS NULL OR now() > i.dispute_until THEN
      RAISE EXCEPTION 'the dispute window of inspection % has closed', NEW.inspection_id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status <> 'open' THEN
      RAISE EXCEPTION 'a dispute is filed open' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status <> 'open' THEN
    RAISE EXCEPTION 'dispute % is already resolved', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF (NEW.inspection_id, NEW.teller_id, NEW.items, NEW.explanation, NEW.score_before, NEW.created_at)
     IS DISTINCT FROM (OLD.inspection_id, OLD.teller_id, OLD.items, OLD.explanation, OLD.score_before, OLD.created_at) THEN
    RAISE EXCEPTION 'dispute % cannot be altered', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.resolver_id = i.inspector_id OR NEW.resolver_id = i.teller_id
     OR NOT EXISTS (SELECT 1 FROM staff st WHERE st.id = NEW.resolver_id AND st.role IN ('qc', 'supervisor') AND st.active) THEN
    RAISE EXCEPTION 'a dispute is resolved by a QC member other than the inspector, or by a supervisor' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER inspection_disputes_guard BEFORE INSERT OR UPDATE OR DELETE ON inspection_disputes FOR EACH ROW EXECUTE FUNCTION inspection_disputes_guard();--> statement-breakpoint
CREATE TRIGGER qc_findings_append_only BEFORE UPDATE OR DELETE ON qc_findings FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
-- A rectification keeps its finding, teller, due date and coaching note; verified or withdrawn is final; a QC member
-- (never the teller) verifies it.
CREATE FUNCTION rectifications_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'rectification % cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF (NEW.finding_id, NEW.teller_id, NEW.due_date, NEW.coaching_note, NEW.created_at) IS DISTINCT FROM (OLD.finding_id, OLD.teller_id, OLD.due_date, OLD.coaching_note, OLD.created_at) THEN
    RAISE EXCEPTION 'rectification % cannot be altered', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status IN ('verified', 'withdrawn') THEN
    RAISE EXCEPTION 'rectification % is closed', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.status = 'verified' AND (NEW.verified_by = NEW.teller_id OR NOT EXISTS (SELECT 1 FROM staff st WHERE st.id = NEW.verified_by AND st.role = 'qc' AND st.active)) THEN
    RAISE EXCEPTION 'a rectification is verified by a QC member' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER rectifications_guard BEFORE UPDATE OR DELETE ON rectifications FOR EACH ROW EXECUTE FUNCTION rectifications_guard();
