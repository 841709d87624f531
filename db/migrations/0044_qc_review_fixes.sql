ALTER TABLE "inspections" ADD CONSTRAINT "inspections_feedback_shape" CHECK (("inspections"."template_id" IS NULL OR ("inspections"."status" = 'submitted') = ("inspections"."dispute_until" IS NOT NULL)) AND ("inspections"."status" = 'submitted' OR ("inspections"."acknowledged_at" IS NULL AND "inspections"."final_score" IS NULL AND "inspections"."final_critical_failure" IS NULL AND "inspections"."final_ratings" IS NULL)));--> statement-breakpoint
-- Review fixes to the quality feedback rules.
-- 1. A dispute's resolver took no part in the session either (e.g. not the supervisor who approved its case).
CREATE OR REPLACE FUNCTION inspection_disputes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  i record;
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'dispute % cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  SELECT ins.inspector_id, ins.status, ins.dispute_until, ins.session_id, s.teller_id INTO i
    FROM inspections ins JOIN service_sessions s ON s.id = ins.session_id WHERE ins.id = NEW.inspection_id;
  IF TG_OP = 'INSERT' THEN
    IF i.status <> 'submitted' OR NEW.teller_id <> i.teller_id THEN
      RAISE EXCEPTION 'only the session''s teller disputes a submitted inspection' USING ERRCODE = 'check_violation';
    END IF;
    IF i.dispute_until IS NULL OR now() > i.dispute_until THEN
      RAISE EXCEPTION 'the dispute window of inspection % has closed', NEW.inspection_id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status <> 'open' THEN
      RAISE EXCEPTION 'a dispute is filed open' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status <> 'open' THEN
    RAISE EXCEPTION 'dispute % is already resolved', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF (NEW.inspection_id, NEW.teller_id, NEW.items, NEW.explanation, NEW.score_before, NEW.created_at)
     IS DISTINCT FROM (OLD.inspection_id, OLD.teller_id, OLD.items, OLD.explanation, OLD.score_before, OLD.created_at) THEN
    RAISE EXCEPTION 'dispute % cannot be altered', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.resolver_id = i.inspector_id OR NEW.resolver_id = i.teller_id OR took_part_in_session(i.session_id, NEW.resolver_id)
     OR NOT EXISTS (SELECT 1 FROM staff st WHERE st.id = NEW.resolver_id AND st.role IN ('qc', 'supervisor') AND st.active) THEN
    RAISE EXCEPTION 'a dispute is resolved by a QC member other than the inspector, or by a supervisor, who took no part in the session' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
-- 2. A rectification is born open, for the session's teller, and moves only along its steps: answered, then verified
--    or sent back (and answered again); withdrawn only while not verified.
CREATE FUNCTION rectifications_born_open() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status <> 'open' OR NEW.response IS NOT NULL OR NEW.verified_by IS NOT NULL
     OR NOT EXISTS (SELECT 1 FROM qc_findings f JOIN inspections i ON i.id = f.inspection_id JOIN service_sessions s ON s.id = i.session_id
                    WHERE f.id = NEW.finding_id AND s.teller_id = NEW.teller_id AND i.status = 'submitted') THEN
    RAISE EXCEPTION 'a rectification is born open, for the teller of the inspected session' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER rectifications_born_open BEFORE INSERT ON rectifications FOR EACH ROW EXECUTE FUNCTION rectifications_born_open();--> statement-breakpoint
CREATE FUNCTION rectifications_steps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND (OLD.status, NEW.status) NOT IN (
       ('open', 'answered'), ('open', 'withdrawn'), ('answered', 'verified'), ('answered', 'reopened'), ('answered', 'withdrawn'),
       ('reopened', 'answered'), ('reopened', 'withdrawn')) THEN
    RAISE EXCEPTION 'rectification % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER rectifications_steps BEFORE UPDATE ON rectifications FOR EACH ROW EXECUTE FUNCTION rectifications_steps();
