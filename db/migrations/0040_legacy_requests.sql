ALTER TABLE "change_requests" DROP CONSTRAINT "change_requests_risk_override_only";--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_identity_change_dual_control" CHECK ("cases"."type" NOT IN ('change_mobile', 'change_name', 'change_document', 'change_birth_date') OR "cases"."required_level" >= 1);--> statement-breakpoint
-- New requests are risk overrides only: a customer's information change is a case (0038). A CHECK would also be
-- checked on every later update of the earlier requests — key rotation re-seals them, and a request still pending from
-- before is to be rejected — so the rule holds on insert, by trigger.
CREATE FUNCTION change_requests_risk_override_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.type::text <> 'risk_override' THEN
    RAISE EXCEPTION 'a new change request must be a risk override (information changes are cases)'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'change_requests_risk_override_only';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER change_requests_risk_override_only BEFORE INSERT ON change_requests FOR EACH ROW EXECUTE FUNCTION change_requests_risk_override_only();
