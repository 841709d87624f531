DROP INDEX "case_decisions_one_per_approver_idx";--> statement-breakpoint
DROP INDEX "case_decisions_one_refusal_idx";--> statement-breakpoint
ALTER TABLE "case_decisions" ADD COLUMN "round" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "round" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "case_decisions_one_per_approver_idx" ON "case_decisions" USING btree ("case_id","round","approver_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_decisions_one_refusal_idx" ON "case_decisions" USING btree ("case_id","round") WHERE "case_decisions"."decision" <> 'approve';--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_round" CHECK ("cases"."round" >= 1);--> statement-breakpoint
-- A decision belongs to the case's current round; approvals are counted within it.
CREATE OR REPLACE FUNCTION case_decisions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c record;
  approvals int;
BEGIN
  SELECT state, maker_id, required_level, round INTO c FROM cases WHERE id = NEW.case_id FOR NO KEY UPDATE;
  IF c.state IS DISTINCT FROM 'pending_approval' THEN
    RAISE EXCEPTION 'case_decisions: the case is not awaiting approval (%)', c.state USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.round IS DISTINCT FROM c.round THEN
    RAISE EXCEPTION 'case_decisions: the case is in round %, not %', c.round, NEW.round USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.approver_id = c.maker_id THEN
    RAISE EXCEPTION 'case_decisions: the maker cannot decide their own case' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.decision = 'approve' THEN
    SELECT count(*) INTO approvals FROM case_decisions WHERE case_id = NEW.case_id AND round = NEW.round AND decision = 'approve';
    IF approvals >= c.required_level THEN
      RAISE EXCEPTION 'case_decisions: the case already has its % approval(s)', c.required_level USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
-- What a case is never changes (now including what its idempotency key stood for); a new round starts only when a
-- returned case is resubmitted; approval counts the current round's approvals.
CREATE OR REPLACE FUNCTION cases_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  approvals int;
BEGIN
  IF coalesce(current_setting('air_counter.key_rotation', true), '') = 'on'
     AND EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = 'cases' AND t.tableowner = current_user) THEN
    IF (to_jsonb(NEW) - 'payload_enc') IS DISTINCT FROM (to_jsonb(OLD) - 'payload_enc') THEN
      RAISE EXCEPTION 'key rotation may only re-seal case %', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.type, NEW.customer_id, NEW.maker_id, NEW.payload_enc, NEW.amount_fen, NEW.required_level, NEW.policy_version, NEW.idempotency_key, NEW.input_hash, NEW.summary, NEW.session_id, NEW.policy_rules, NEW.target, NEW.created_at)
     IS DISTINCT FROM (OLD.type, OLD.customer_id, OLD.maker_id, OLD.payload_enc, OLD.amount_fen, OLD.required_level, OLD.policy_version, OLD.idempotency_key, OLD.input_hash, OLD.summary, OLD.session_id, OLD.policy_rules, OLD.target, OLD.created_at) THEN
    RAISE EXCEPTION 'cases: what a case is does not change once made' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.round IS DISTINCT FROM OLD.round AND NOT (OLD.state = 'returned' AND NEW.state = 'ready' AND NEW.round = OLD.round + 1) THEN
    RAISE EXCEPTION 'cases: a new approval round starts only when a returned case is resubmitted' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.state IS DISTINCT FROM OLD.state THEN
    IF NOT EXISTS (SELECT 1 FROM case_transitions WHERE from_state = OLD.state AND to_state = NEW.state) THEN
      RAISE EXCEPTION 'cases: % -> % is not a transition of the state machine', OLD.state, NEW.state USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.state = 'returned' AND NEW.state = 'ready' AND NEW.round <> OLD.round + 1 THEN
      RAISE EXCEPTION 'cases: a resubmitted case starts a new approval round' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.state = 'approved' THEN
      SELECT count(*) INTO approvals FROM case_decisions WHERE case_id = NEW.id AND round = NEW.round AND decision = 'approve';
      IF approvals < NEW.required_level OR (NEW.required_level > 0 AND OLD.state <> 'pending_approval') THEN
        RAISE EXCEPTION 'cases: % approval(s) of % required', approvals, NEW.required_level USING ERRCODE = 'check_violation';
      END IF;
    END IF;
  END IF;
  RETURN NEW;
END $$;
