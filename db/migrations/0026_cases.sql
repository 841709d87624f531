CREATE TABLE "approval_policies" (
	"version" integer PRIMARY KEY NOT NULL,
	"policy" jsonb NOT NULL,
	"note" text NOT NULL,
	"proposed_by" uuid,
	"approved_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_policies_four_eyes" CHECK ("approval_policies"."proposed_by" IS NULL OR ("approval_policies"."approved_by" IS NOT NULL AND "approval_policies"."approved_by" <> "approval_policies"."proposed_by"))
);
--> statement-breakpoint
CREATE TABLE "case_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"approver_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"reason_code" text,
	"opinion" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_decisions_decision" CHECK ("case_decisions"."decision" IN ('approve', 'reject', 'return')),
	CONSTRAINT "case_decisions_refusal_reason" CHECK ("case_decisions"."decision" = 'approve' OR ("case_decisions"."reason_code" IS NOT NULL AND length(btrim(coalesce("case_decisions"."opinion", ''))) > 0))
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_transitions" (
	"from_state" text NOT NULL,
	"event" text NOT NULL,
	"to_state" text NOT NULL,
	CONSTRAINT "case_transitions_from_state_event_pk" PRIMARY KEY("from_state","event")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"session_id" uuid,
	"maker_id" uuid NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"payload_enc" text NOT NULL,
	"summary" jsonb NOT NULL,
	"amount_fen" bigint,
	"required_level" smallint NOT NULL,
	"policy_version" integer NOT NULL,
	"policy_rules" text[] NOT NULL,
	"idempotency_key" text NOT NULL,
	"target" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"sla_due_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"executed_at" timestamp with time zone,
	CONSTRAINT "cases_level" CHECK ("cases"."required_level" BETWEEN 0 AND 2),
	CONSTRAINT "cases_amount" CHECK ("cases"."amount_fen" IS NULL OR "cases"."amount_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "approval_policies" ADD CONSTRAINT "approval_policies_proposed_by_staff_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_policies" ADD CONSTRAINT "approval_policies_approved_by_staff_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_decisions" ADD CONSTRAINT "case_decisions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_decisions" ADD CONSTRAINT "case_decisions_approver_id_staff_id_fk" FOREIGN KEY ("approver_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_actor_id_staff_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_session_id_service_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."service_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_maker_id_staff_id_fk" FOREIGN KEY ("maker_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_policy_version_approval_policies_version_fk" FOREIGN KEY ("policy_version") REFERENCES "public"."approval_policies"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_decisions_one_per_approver_idx" ON "case_decisions" USING btree ("case_id","approver_id");--> statement-breakpoint
CREATE UNIQUE INDEX "case_decisions_one_refusal_idx" ON "case_decisions" USING btree ("case_id") WHERE "case_decisions"."decision" <> 'approve';--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_idempotency_idx" ON "cases" USING btree ("maker_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_one_live_per_target_idx" ON "cases" USING btree ("target") WHERE "cases"."target" IS NOT NULL AND "cases"."state" NOT IN ('completed', 'rejected', 'cancelled', 'expired');--> statement-breakpoint
CREATE INDEX "cases_queue_idx" ON "cases" USING btree ("state","sla_due_at","id");--> statement-breakpoint
CREATE INDEX "cases_customer_idx" ON "cases" USING btree ("customer_id","created_at");--> statement-breakpoint
-- The state machine of lib/cases/state-machine.ts (TRANSITION_ROWS): the two change together.
INSERT INTO case_transitions (from_state, event, to_state) VALUES ('draft', 'start_verification', 'verifying'), ('draft', 'cancel', 'cancelled'), ('draft', 'expire', 'expired'), ('verifying', 'verified', 'documents'), ('verifying', 'skip_documents', 'ready'), ('verifying', 'cancel', 'cancelled'), ('verifying', 'expire', 'expired'), ('documents', 'documents_complete', 'ready'), ('documents', 'cancel', 'cancelled'), ('documents', 'expire', 'expired'), ('ready', 'submit', 'pending_approval'), ('ready', 'auto_approve', 'approved'), ('ready', 'cancel', 'cancelled'), ('ready', 'expire', 'expired'), ('pending_approval', 'approve', 'approved'), ('pending_approval', 'reject', 'rejected'), ('pending_approval', 'return', 'returned'), ('pending_approval', 'cancel', 'cancelled'), ('pending_approval', 'expire', 'expired'), ('approved', 'execute', 'executed'), ('executed', 'complete', 'completed'), ('returned', 'resubmit', 'ready'), ('returned', 'cancel', 'cancelled'), ('returned', 'expire', 'expired');--> statement-breakpoint
CREATE TRIGGER case_transitions_append_only BEFORE UPDATE OR DELETE ON case_transitions FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events FOR EACH STATEMENT EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER case_decisions_append_only BEFORE UPDATE OR DELETE ON case_decisions FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER case_decisions_no_truncate BEFORE TRUNCATE ON case_decisions FOR EACH STATEMENT EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER approval_policies_append_only BEFORE UPDATE OR DELETE ON approval_policies FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
-- A case moves only along the state machine; what it is (type, customer, maker, payload, amount, level, policy) never
-- changes once made; it is approved only with as many approvals as its level requires (none only at level 0).
CREATE FUNCTION cases_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  approvals int;
BEGIN
  -- Key rotation (the database owner, with air_counter.key_rotation on) may re-seal the payload, and nothing else.
  IF coalesce(current_setting('air_counter.key_rotation', true), '') = 'on'
     AND EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = 'cases' AND t.tableowner = current_user) THEN
    IF (to_jsonb(NEW) - 'payload_enc') IS DISTINCT FROM (to_jsonb(OLD) - 'payload_enc') THEN
      RAISE EXCEPTION 'key rotation may only re-seal case %', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.type, NEW.customer_id, NEW.maker_id, NEW.payload_enc, NEW.amount_fen, NEW.required_level, NEW.policy_version, NEW.idempotency_key)
     IS DISTINCT FROM (OLD.type, OLD.customer_id, OLD.maker_id, OLD.payload_enc, OLD.amount_fen, OLD.required_level, OLD.policy_version, OLD.idempotency_key) THEN
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
END $$;--> statement-breakpoint
CREATE TRIGGER cases_guard BEFORE UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION cases_guard();--> statement-breakpoint
CREATE FUNCTION cases_born_draft() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state <> 'draft' THEN RAISE EXCEPTION 'cases: a case is born a draft' USING ERRCODE = 'check_violation'; END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER cases_born_draft BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION cases_born_draft();--> statement-breakpoint
-- A decision: only on a case awaiting approval, never by its maker, and no more approvals than the level requires.
CREATE FUNCTION case_decisions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c record;
  approvals int;
BEGIN
  SELECT state, maker_id, required_level INTO c FROM cases WHERE id = NEW.case_id FOR NO KEY UPDATE;
  IF c.state IS DISTINCT FROM 'pending_approval' THEN
    RAISE EXCEPTION 'case_decisions: the case is not awaiting approval (%)', c.state USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.approver_id = c.maker_id THEN
    RAISE EXCEPTION 'case_decisions: the maker cannot decide their own case' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.decision = 'approve' THEN
    SELECT count(*) INTO approvals FROM case_decisions WHERE case_id = NEW.case_id AND decision = 'approve';
    IF approvals >= c.required_level THEN
      RAISE EXCEPTION 'case_decisions: the case already has its % approval(s)', c.required_level USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER case_decisions_guard BEFORE INSERT ON case_decisions FOR EACH ROW EXECUTE FUNCTION case_decisions_guard();--> statement-breakpoint
-- Version 1 of the approval policy: DEFAULT_APPROVAL_POLICY in lib/cases/approval-policy.ts.
INSERT INTO approval_policies (version, policy, note) VALUES (1, '{"rules":[{"id":"fund_movement","description":"资金类业务须主管复核 Every fund movement needs a supervisor","when":{"businesses":["transfer_internal","transfer_external","payout"]},"level":1},{"id":"fund_movement_large","description":"单笔5万元（含）以上转账、支取须两名主管审批 Transfers and payouts of CNY 50,000 or more need two supervisors","when":{"businesses":["transfer_internal","transfer_external","payout"],"minAmountFen":5000000},"level":2},{"id":"fund_movement_high_risk","description":"高风险客户资金类业务须两名主管审批 Any fund movement for a high-risk customer needs two supervisors","when":{"businesses":["transfer_internal","transfer_external","payout"],"customerRisk":["high"]},"level":2},{"id":"identity_change","description":"身份信息变更须主管复核 Changing identity information needs a supervisor","when":{"businesses":["change_name","change_document","change_birth_date","change_mobile"]},"level":1},{"id":"account_opening","description":"远程开户、开卡须主管复核 Opening an account or a card remotely needs a supervisor","when":{"businesses":["open_account","open_card"]},"level":1},{"id":"access_restoring","description":"解冻、重置密码、调整限额、销户须主管复核 Unfreezing, password reset, limit change and account closure need a supervisor","when":{"businesses":["unfreeze","password_reset","limit_change","account_closure"]},"level":1},{"id":"self_protection","description":"挂失为客户自我保护，无须审批 A card loss protects the customer: no approval","when":{"businesses":["card_loss"]},"level":0},{"id":"low_impact","description":"联系方式变更、卡片激活无须审批 Contact changes and card activation need no approval","when":{"businesses":["change_contact","card_activation"]},"level":0}],"defaultLevel":1,"slaMinutes":{"1":10,"2":30},"expireAfterMinutes":240}', '默认授权策略 Default approval policy');--> statement-breakpoint
-- Fund movements join the verification ladder: the password and a one-time code at every risk level.
INSERT INTO ladder_policies (version, rules, note)
SELECT version + 1,
  rules || '{"fund_movement":{"low":["basic","password","otp"],"medium":["basic","password","otp"],"high":["basic","password","otp"]}}'::jsonb,
  '资金业务纳入验证阶梯 Fund movements join the ladder'
FROM ladder_policies ORDER BY version DESC LIMIT 1;
