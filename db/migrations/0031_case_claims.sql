ALTER TABLE "cases" ADD COLUMN "claimed_by" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_claimed_by_staff_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_claim_shape" CHECK (("cases"."claimed_by" IS NULL) = ("cases"."claimed_at" IS NULL));--> statement-breakpoint
-- The approval queue is live across instances: every change of a case, and every decision, is announced on the
-- 'cases' channel at commit (the payload is the case id only).
CREATE FUNCTION notify_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cases', CASE WHEN TG_TABLE_NAME = 'cases' THEN NEW.id::text ELSE to_jsonb(NEW) ->> 'case_id' END);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER cases_live AFTER INSERT OR UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION notify_case();--> statement-breakpoint
CREATE TRIGGER case_decisions_live AFTER INSERT ON case_decisions FOR EACH ROW EXECUTE FUNCTION notify_case();
