-- One definition of "took part in a session": the inspection trigger uses took_part_in_session (0041) instead of its
-- own copy of the same conditions.
CREATE OR REPLACE FUNCTION inspections_independent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF took_part_in_session(NEW.session_id, NEW.inspector_id) THEN
    RAISE EXCEPTION 'an inspector cannot inspect a session they took part in' USING ERRCODE = 'check_violation';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM service_sessions s WHERE s.id = NEW.session_id AND s.status = 'ended') THEN
    RAISE EXCEPTION 'only an ended session can be inspected' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
