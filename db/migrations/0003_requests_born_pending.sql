-- A request is always born pending and undecided: a decision can only be recorded by the guarded update.
CREATE FUNCTION change_requests_born_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status <> 'pending' OR NEW.checker_id IS NOT NULL OR NEW.decided_at IS NOT NULL OR NEW.decision_reason IS NOT NULL THEN
    RAISE EXCEPTION 'a change request must be created pending' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER change_requests_born_pending BEFORE INSERT ON change_requests FOR EACH ROW EXECUTE FUNCTION change_requests_born_pending();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION change_requests_decide_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'pending' THEN
    RAISE EXCEPTION 'change request % is already decided', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF (NEW.maker_id, NEW.old_value_enc, NEW.new_value_enc, NEW.customer_id, NEW.session_id, NEW.type, NEW.created_at)
     IS DISTINCT FROM (OLD.maker_id, OLD.old_value_enc, OLD.new_value_enc, OLD.customer_id, OLD.session_id, OLD.type, OLD.created_at)
     OR NEW.verification_id IS DISTINCT FROM OLD.verification_id THEN
    RAISE EXCEPTION 'change request % cannot be altered', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
