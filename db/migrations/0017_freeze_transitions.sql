-- A freeze moves only active -> release_pending -> released (or back to active when the release is refused): a
-- single UPDATE cannot jump from active to released, whoever it names as requester and approver.
CREATE OR REPLACE FUNCTION customer_freezes_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'released' THEN
    RAISE EXCEPTION 'customer_freezes: a released freeze is final' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.status <> OLD.status AND NOT (
       (OLD.status = 'active' AND NEW.status = 'release_pending')
    OR (OLD.status = 'release_pending' AND NEW.status IN ('released', 'active'))) THEN
    RAISE EXCEPTION 'customer_freezes: % -> % is not a step of the release', OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.status = 'released' AND (NEW.release_requested_by IS DISTINCT FROM OLD.release_requested_by) THEN
    RAISE EXCEPTION 'customer_freezes: the approver cannot rewrite who asked' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
