-- Review fixes to two database rules.
-- 1. Key rotation may re-seal a decided request only as the owner of the table (not merely "not the app role", which
--    says nothing when the app connects under another name).
CREATE OR REPLACE FUNCTION change_requests_decide_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('air_counter.key_rotation', true), '') = 'on'
     AND EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = 'change_requests' AND t.tableowner = current_user) THEN
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
--> statement-breakpoint
-- 2. A minor keeps a guardian: checked when the date of birth is set later too, and when a guardian is removed; ages
--    are counted on the Beijing calendar, as the application counts them.
CREATE OR REPLACE FUNCTION customers_minor_needs_guardian() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cid uuid;
  born date;
BEGIN
  -- IF, not CASE: plpgsql would resolve NEW in an unused CASE branch, and NEW is empty on DELETE.
  IF TG_TABLE_NAME = 'customers' THEN
    cid := NEW.id;
  ELSE
    cid := OLD.customer_id;
  END IF;
  SELECT c.birth_date INTO born FROM customers c WHERE c.id = cid;
  IF born IS NOT NULL AND born > ((now() AT TIME ZONE 'Asia/Shanghai')::date - interval '18 years')
     AND NOT EXISTS (SELECT 1 FROM customer_guardians g WHERE g.customer_id = cid) THEN
    RAISE EXCEPTION 'customer % is a minor without a guardian', cid USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER customers_minor_needs_guardian ON customers;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER customers_minor_needs_guardian AFTER INSERT OR UPDATE OF birth_date ON customers DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION customers_minor_needs_guardian();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER customer_guardians_keep_minor_guarded AFTER DELETE OR UPDATE OF customer_id ON customer_guardians DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION customers_minor_needs_guardian();
