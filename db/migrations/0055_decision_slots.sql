ALTER TABLE "case_decisions" ADD COLUMN "slot" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Number the decisions already made, in the order they were made, before the uniqueness holds (the append-only
-- trigger is set aside for this one backfill of the new column only).
ALTER TABLE case_decisions DISABLE TRIGGER case_decisions_append_only;--> statement-breakpoint
UPDATE case_decisions d SET slot = n.slot
FROM (SELECT id, row_number() OVER (PARTITION BY case_id, round ORDER BY created_at, id)::smallint AS slot FROM case_decisions) n
WHERE n.id = d.id;--> statement-breakpoint
ALTER TABLE case_decisions ENABLE TRIGGER case_decisions_append_only;--> statement-breakpoint
CREATE UNIQUE INDEX "case_decisions_slot_idx" ON "case_decisions" USING btree ("case_id","round","slot");--> statement-breakpoint
ALTER TABLE "case_decisions" ADD CONSTRAINT "case_decisions_slot" CHECK ("case_decisions"."slot" >= 1);--> statement-breakpoint
-- A round is decided once: after a refusal, or once it has all its approvals, nothing more is recorded in it, whatever
-- the case's state says (a writer that recorded a decision without moving the state cannot add a second). Each
-- decision takes the next place in its round: under REPEATABLE READ a stale count gives a place already taken, and
-- the unique index refuses it (the isolation tests, tests/integration/isolation.test.ts).
CREATE OR REPLACE FUNCTION case_decisions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c record;
  approvals int;
  refusals int;
  made int;
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
  SELECT count(*) FILTER (WHERE decision = 'approve'), count(*) FILTER (WHERE decision <> 'approve'), count(*)
    INTO approvals, refusals, made
    FROM case_decisions WHERE case_id = NEW.case_id AND round = NEW.round;
  IF refusals > 0 THEN
    RAISE EXCEPTION 'case_decisions: round % is already decided (refused)', NEW.round USING ERRCODE = 'check_violation';
  END IF;
  IF approvals >= c.required_level THEN
    RAISE EXCEPTION 'case_decisions: the case already has its % approval(s)', c.required_level USING ERRCODE = 'check_violation';
  END IF;
  NEW.slot := made + 1;
  RETURN NEW;
END $$;
