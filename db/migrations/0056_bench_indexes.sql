-- Indexes and two denormalised columns the bench (issue 10, bench/FINDINGS.md) found missing: each serves one list
-- that read far more than its page at bank size.
--
-- 1. The inspected teller on the inspection (a teller's scores and quality page read it by index instead of walking
--    every inspection through its session). Backfilled from the session with the inspection triggers set aside for
--    this one statement (as 0055 did: re-checking old rows against today's staff is not this migration's business).
ALTER TABLE "inspections" ADD COLUMN "teller_id" uuid;--> statement-breakpoint
ALTER TABLE inspections DISABLE TRIGGER USER;--> statement-breakpoint
UPDATE inspections i SET teller_id = s.teller_id FROM service_sessions s WHERE s.id = i.session_id;--> statement-breakpoint
ALTER TABLE inspections ENABLE TRIGGER USER;--> statement-breakpoint
ALTER TABLE "inspections" ALTER COLUMN "teller_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_teller_id_staff_id_fk" FOREIGN KEY ("teller_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- It is the session's teller: filled in when a writer leaves it out, refused when it names anyone else, never changed.
CREATE FUNCTION inspections_teller() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  session_teller uuid;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.teller_id IS DISTINCT FROM OLD.teller_id THEN
      RAISE EXCEPTION 'inspection % cannot change its teller', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  SELECT teller_id INTO session_teller FROM service_sessions WHERE id = NEW.session_id;
  IF NEW.teller_id IS NULL THEN
    NEW.teller_id := session_teller;
  ELSIF NEW.teller_id IS DISTINCT FROM session_teller THEN
    RAISE EXCEPTION 'an inspection names the session''s teller' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER inspections_teller BEFORE INSERT OR UPDATE OF teller_id ON inspections FOR EACH ROW EXECUTE FUNCTION inspections_teller();--> statement-breakpoint
CREATE INDEX "inspections_teller_idx" ON "inspections" USING btree ("teller_id","submitted_at") WHERE "inspections"."status" = 'submitted';--> statement-breakpoint
CREATE INDEX "inspections_teller_created_idx" ON "inspections" USING btree ("teller_id","created_at") WHERE "inspections"."status" = 'submitted';--> statement-breakpoint
--
-- 2. An assignment is done when its session's inspection is submitted (an inspector's open list reads only the open
--    ones, qc_assignments_open_idx, instead of walking past every finished one). The independence check re-runs when
--    the session or the inspector changes, not when the assignment is marked done (an inspector who has left since
--    must not make the submission fail).
DROP TRIGGER qc_assignments_independent ON qc_assignments;--> statement-breakpoint
CREATE TRIGGER qc_assignments_independent BEFORE INSERT OR UPDATE OF session_id, inspector_id ON qc_assignments FOR EACH ROW EXECUTE FUNCTION qc_assignments_independent();--> statement-breakpoint
ALTER TABLE "qc_assignments" ADD COLUMN "done_at" timestamp with time zone;--> statement-breakpoint
UPDATE qc_assignments a SET done_at = coalesce(i.submitted_at, i.created_at) FROM inspections i WHERE i.session_id = a.session_id AND i.status = 'submitted';--> statement-breakpoint
CREATE FUNCTION inspections_assignment_done() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE qc_assignments SET done_at = coalesce(NEW.submitted_at, now()) WHERE session_id = NEW.session_id AND done_at IS NULL;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER inspections_assignment_done AFTER INSERT OR UPDATE OF status ON inspections FOR EACH ROW WHEN (NEW.status = 'submitted') EXECUTE FUNCTION inspections_assignment_done();--> statement-breakpoint
CREATE INDEX "qc_assignments_open_idx" ON "qc_assignments" USING btree ("inspector_id","created_at","id") WHERE "qc_assignments"."done_at" IS NULL;--> statement-breakpoint
--
-- 3. Customer search by name: one or two characters as the start of the name (a C-collated btree serves the LIKE and
--    the order), three or more anywhere in it by trigram. pg_trgm ships with PostgreSQL (contrib) and is a trusted
--    extension: the database owner may create it (the embedded 18, Debian's 15, managed services).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "customers_name_prefix_idx" ON "customers" USING btree (lower("name") COLLATE "C","id");--> statement-breakpoint
CREATE INDEX "customers_name_trgm_idx" ON "customers" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
--
-- 4. The open complaints in the list's own order.
CREATE INDEX "complaints_open_order_idx" ON "complaints" USING btree (("state" IN ('accepted', 'investigating')) DESC,"resolve_by","received_at" DESC NULLS FIRST) WHERE "complaints"."state" IN ('accepted', 'investigating', 'resolved', 'feedback');
