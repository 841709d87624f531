CREATE TABLE "approval_policy_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"base_version" integer NOT NULL,
	"policy" jsonb NOT NULL,
	"note" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"proposed_by" uuid NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "approval_policy_proposals_status" CHECK ("approval_policy_proposals"."status" IN ('pending', 'approved', 'rejected')),
	CONSTRAINT "approval_policy_proposals_four_eyes" CHECK ("approval_policy_proposals"."decided_by" IS NULL OR "approval_policy_proposals"."decided_by" <> "approval_policy_proposals"."proposed_by"),
	CONSTRAINT "approval_policy_proposals_decision_shape" CHECK (("approval_policy_proposals"."status" = 'pending') = ("approval_policy_proposals"."decided_by" IS NULL AND "approval_policy_proposals"."decided_at" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "approval_policy_proposals" ADD CONSTRAINT "approval_policy_proposals_base_version_approval_policies_version_fk" FOREIGN KEY ("base_version") REFERENCES "public"."approval_policies"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_policy_proposals" ADD CONSTRAINT "approval_policy_proposals_proposed_by_staff_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_policy_proposals" ADD CONSTRAINT "approval_policy_proposals_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "approval_policy_proposals_one_pending_idx" ON "approval_policy_proposals" USING btree ("status") WHERE "approval_policy_proposals"."status" = 'pending';--> statement-breakpoint
-- A proposal is decided once: only pending → approved or rejected, and nothing else of it changes.
CREATE FUNCTION approval_policy_proposals_decide_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'pending' OR (to_jsonb(NEW) - 'status' - 'decided_by' - 'decided_at') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'decided_by' - 'decided_at') THEN
    RAISE EXCEPTION 'approval_policy_proposals: a proposal is decided once and otherwise never changes' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER approval_policy_proposals_decide_once BEFORE UPDATE ON approval_policy_proposals FOR EACH ROW EXECUTE FUNCTION approval_policy_proposals_decide_once();--> statement-breakpoint
CREATE TRIGGER approval_policy_proposals_no_delete BEFORE DELETE ON approval_policy_proposals FOR EACH ROW EXECUTE FUNCTION reject_change();
