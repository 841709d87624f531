-- Key rotation re-encrypts the sealed values of decided requests too. It runs as the database owner and marks its
-- transaction (SET LOCAL air_counter.key_rotation = 'on'); then, and only then, the two sealed columns may be
-- rewritten, and nothing else about the request may change. Everything else stays as before: decided is final.
CREATE OR REPLACE FUNCTION change_requests_decide_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('air_counter.key_rotation', true), '') = 'on' AND current_user <> 'aircounter_app' THEN
    IF (NEW.id, NEW.maker_id, NEW.customer_id, NEW.session_id, NEW.type, NEW.created_at, NEW.status, NEW.checker_id, NEW.decided_at, NEW.decision_reason, NEW.verification_id)
       IS DISTINCT FROM (OLD.id, OLD.maker_id, OLD.customer_id, OLD.session_id, OLD.type, OLD.created_at, OLD.status, OLD.checker_id, OLD.decided_at, OLD.decision_reason, OLD.verification_id) THEN
      RAISE EXCEPTION 'key rotation may only re-seal change request %', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
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
