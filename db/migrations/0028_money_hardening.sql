ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_fund_movement_dual_control" CHECK ("cases"."type" NOT IN ('transfer_internal', 'transfer_external', 'payout') OR "cases"."required_level" >= 1);--> statement-breakpoint
-- A frozen account takes no debit (money may still arrive); a closed one takes nothing. It runs as the owner: the app's
-- role may not update a balance itself (app-role.ts grants it an account's state columns only).
CREATE OR REPLACE FUNCTION ledger_apply_entry() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  s text;
BEGIN
  SELECT status INTO s FROM accounts WHERE id = NEW.account_id;
  IF s = 'closed' THEN
    RAISE EXCEPTION 'ledger: account % is closed', NEW.account_id USING ERRCODE = 'check_violation';
  END IF;
  IF s = 'frozen' AND NEW.amount < 0 THEN
    RAISE EXCEPTION 'ledger: account % is frozen', NEW.account_id USING ERRCODE = 'check_violation';
  END IF;
  UPDATE accounts SET balance = balance + NEW.amount WHERE id = NEW.account_id;
  RETURN NEW;
END $$;--> statement-breakpoint
-- What a case is, including what it showed its approvers, never changes once made.
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
  IF (NEW.type, NEW.customer_id, NEW.maker_id, NEW.payload_enc, NEW.amount_fen, NEW.required_level, NEW.policy_version, NEW.idempotency_key, NEW.summary, NEW.session_id, NEW.policy_rules, NEW.target, NEW.created_at)
     IS DISTINCT FROM (OLD.type, OLD.customer_id, OLD.maker_id, OLD.payload_enc, OLD.amount_fen, OLD.required_level, OLD.policy_version, OLD.idempotency_key, OLD.summary, OLD.session_id, OLD.policy_rules, OLD.target, OLD.created_at) THEN
    RAISE EXCEPTION 'cases: what a case is does not change once made' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.state IS DISTINCT FROM OLD.state THEN
    IF NOT EXISTS (SELECT 1 FROM case_transitions WHERE from_state = OLD.state AND to_state = NEW.state) THEN
      RAISE EXCEPTION 'cases: % -> % is not a transition of the state machine', OLD.state, NEW.state USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.state = 'approved' THEN
      SELECT count(*) INTO approvals FROM case_decisions WHERE case_id = NEW.id AND decision = 'approve';
      IF approvals < NEW.required_level OR (NEW.required_level > 0 AND OLD.state <> 'pending_approval') THEN
        RAISE EXCEPTION 'cases: % approval(s) of % required', approvals, NEW.required_level USING ERRCODE = 'check_violation';
      END IF;
    END IF;
  END IF;
  RETURN NEW;
END $$;
