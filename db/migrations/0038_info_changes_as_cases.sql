ALTER TABLE "customer_changes" DROP CONSTRAINT "customer_changes_approval_shape";--> statement-breakpoint
ALTER TABLE "case_events" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp();--> statement-breakpoint
ALTER TABLE "customer_changes" ADD COLUMN "case_id" uuid;--> statement-breakpoint
ALTER TABLE "customer_changes" ADD CONSTRAINT "customer_changes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_session_idx" ON "cases" USING btree ("session_id","created_at");--> statement-breakpoint
ALTER TABLE "customer_changes" ADD CONSTRAINT "customer_changes_approval_shape" CHECK (("customer_changes"."request_id" IS NULL OR "customer_changes"."approved_by" IS NOT NULL) AND ("customer_changes"."approved_by" IS NULL OR "customer_changes"."request_id" IS NOT NULL OR "customer_changes"."case_id" IS NOT NULL) AND ("customer_changes"."request_id" IS NULL OR "customer_changes"."case_id" IS NULL) AND ("customer_changes"."approved_by" IS NULL OR "customer_changes"."approved_by" <> "customer_changes"."changed_by"));--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_risk_override_only" CHECK ("change_requests"."type"::text = 'risk_override') NOT VALID;--> statement-breakpoint
-- A customer's information changes are business cases now (lib/customers/info-change.ts): the case's payload holds the
-- old and the new value sealed, its execution records the change history under the case.
COMMENT ON COLUMN "customer_changes"."case_id" IS 'the information-change case whose execution made this change';
--> statement-breakpoint
-- Taking part in a session includes making one of its cases or deciding one: such a supervisor or teller is no
-- independent inspector of it either.
CREATE OR REPLACE FUNCTION inspections_independent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM service_sessions s WHERE s.id = NEW.session_id AND s.teller_id = NEW.inspector_id)
     OR EXISTS (SELECT 1 FROM change_requests r WHERE r.session_id = NEW.session_id
                AND (r.maker_id = NEW.inspector_id OR r.checker_id = NEW.inspector_id))
     OR EXISTS (SELECT 1 FROM cases c WHERE c.session_id = NEW.session_id AND c.maker_id = NEW.inspector_id)
     OR EXISTS (SELECT 1 FROM case_decisions d JOIN cases c ON c.id = d.case_id
                WHERE c.session_id = NEW.session_id AND d.approver_id = NEW.inspector_id)
     OR EXISTS (SELECT 1 FROM session_events e WHERE e.session_id = NEW.session_id AND e.actor_id = NEW.inspector_id) THEN
    RAISE EXCEPTION 'an inspector cannot inspect a session they took part in' USING ERRCODE = 'check_violation';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM service_sessions s WHERE s.id = NEW.session_id AND s.status = 'ended') THEN
    RAISE EXCEPTION 'only an ended session can be inspected' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- The reason a request was asked for is part of what the checker judges: it cannot change either, pending or decided.
CREATE OR REPLACE FUNCTION change_requests_decide_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('air_counter.key_rotation', true), '') = 'on'
     AND EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = 'change_requests' AND t.tableowner = current_user) THEN
    IF (NEW.id, NEW.maker_id, NEW.customer_id, NEW.session_id, NEW.type, NEW.created_at, NEW.status, NEW.checker_id, NEW.decided_at, NEW.decision_reason, NEW.verification_id, NEW.reason)
       IS DISTINCT FROM (OLD.id, OLD.maker_id, OLD.customer_id, OLD.session_id, OLD.type, OLD.created_at, OLD.status, OLD.checker_id, OLD.decided_at, OLD.decision_reason, OLD.verification_id, OLD.reason) THEN
      RAISE EXCEPTION 'key rotation may only re-seal change request %', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status <> 'pending' THEN
    RAISE EXCEPTION 'change request % is already decided', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF (NEW.maker_id, NEW.old_value_enc, NEW.new_value_enc, NEW.customer_id, NEW.session_id, NEW.type, NEW.created_at, NEW.reason)
     IS DISTINCT FROM (OLD.maker_id, OLD.old_value_enc, OLD.new_value_enc, OLD.customer_id, OLD.session_id, OLD.type, OLD.created_at, OLD.reason)
     OR NEW.verification_id IS DISTINCT FROM OLD.verification_id THEN
    RAISE EXCEPTION 'change request % cannot be altered', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
