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
END $$;
-- The case guard's rules for rounds are in 0037 (its one version for this model).
