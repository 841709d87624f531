-- Invariants the database holds itself: the append-only, hash-chained audit trail; append-only session timelines;
-- a dual-control decision that is final once made; an inspector who took no part in the session inspected.

CREATE FUNCTION audit_row_hash(e audit_events) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws('|',
    e.prev_hash, e.seq::text,
    to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    coalesce(e.actor_id::text, ''), coalesce(e.actor_role::text, ''), e.action,
    coalesce(e.entity_type, ''), coalesce(e.entity_id, ''), e.outcome::text,
    coalesce(e.request_id, ''), coalesce(e.ip, ''), e.details::text
  ), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
BEGIN
  -- One writer at a time extends the chain; the lock is held until commit, so the chain cannot fork.
  PERFORM pg_advisory_xact_lock(7270001);
  SELECT seq, hash INTO last_seq, last_hash FROM audit_events ORDER BY seq DESC LIMIT 1;
  NEW.seq := coalesce(last_seq, 0) + 1;
  NEW.prev_hash := coalesce(last_hash, 'genesis');
  NEW.occurred_at := clock_timestamp();
  NEW.hash := audit_row_hash(NEW);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
--> statement-breakpoint
CREATE FUNCTION reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER session_events_append_only BEFORE UPDATE OR DELETE ON session_events FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE TRIGGER session_events_no_truncate BEFORE TRUNCATE ON session_events FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE FUNCTION change_requests_decide_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'pending' THEN
    RAISE EXCEPTION 'change request % is already decided', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.maker_id <> OLD.maker_id OR NEW.old_value_enc <> OLD.old_value_enc OR NEW.new_value_enc <> OLD.new_value_enc
     OR NEW.customer_id <> OLD.customer_id OR NEW.session_id <> OLD.session_id THEN
    RAISE EXCEPTION 'change request % cannot be altered', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER change_requests_decide_once BEFORE UPDATE ON change_requests FOR EACH ROW EXECUTE FUNCTION change_requests_decide_once();
--> statement-breakpoint
CREATE TRIGGER change_requests_no_delete BEFORE DELETE ON change_requests FOR EACH ROW EXECUTE FUNCTION reject_change();
--> statement-breakpoint
CREATE FUNCTION inspections_independent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM service_sessions s WHERE s.id = NEW.session_id AND s.teller_id = NEW.inspector_id)
     OR EXISTS (SELECT 1 FROM change_requests r WHERE r.session_id = NEW.session_id
                AND (r.maker_id = NEW.inspector_id OR r.checker_id = NEW.inspector_id))
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
CREATE TRIGGER inspections_independent BEFORE INSERT OR UPDATE ON inspections FOR EACH ROW EXECUTE FUNCTION inspections_independent();
