-- Live updates for the supervisors' board: every change to a service session or its verification is announced on
-- the 'live_sessions' channel at commit, to every app instance listening on this database.
CREATE FUNCTION notify_live_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'service_sessions' THEN
    PERFORM pg_notify('live_sessions', NEW.id::text);
  ELSE
    PERFORM pg_notify('live_sessions', to_jsonb(NEW) ->> 'session_id');
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER service_sessions_live AFTER INSERT OR UPDATE ON service_sessions FOR EACH ROW EXECUTE FUNCTION notify_live_session();
--> statement-breakpoint
CREATE TRIGGER verifications_live AFTER INSERT ON verifications FOR EACH ROW EXECUTE FUNCTION notify_live_session();
