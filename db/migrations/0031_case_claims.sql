ALTER TABLE "cases" ADD COLUMN "claimed_by" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_claimed_by_staff_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_claim_shape" CHECK (("cases"."claimed_by" IS NULL) = ("cases"."claimed_at" IS NULL));--> statement-breakpoint
-- The approval queue is live across instances: every change of a case, and every decision, is announced on the
-- 'cases' channel at commit. The payload is "<case id>:<session id>" (the session empty for a case made outside one), so
-- a listener can tell whose a change is without a query per change.
CREATE FUNCTION notify_case() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c uuid;
  s uuid;
BEGIN
  IF TG_TABLE_NAME = 'cases' THEN
    c := NEW.id;
    s := NEW.session_id;
  ELSE
    c := (to_jsonb(NEW) ->> 'case_id')::uuid;
    SELECT session_id INTO s FROM cases WHERE id = c;
  END IF;
  PERFORM pg_notify('cases', c::text || ':' || coalesce(s::text, ''));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER cases_live AFTER INSERT OR UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION notify_case();--> statement-breakpoint
CREATE TRIGGER case_decisions_live AFTER INSERT ON case_decisions FOR EACH ROW EXECUTE FUNCTION notify_case();
