ALTER TABLE "rectifications" DROP CONSTRAINT "rectifications_status";--> statement-breakpoint
DROP INDEX "qc_draws_period_idx";--> statement-breakpoint
ALTER TABLE "qc_draws" ADD COLUMN "covered_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "qc_draws" ADD COLUMN "covered_to" timestamp with time zone;--> statement-breakpoint
-- A draw made before covered the period from its start to when it was made (or the period's end).
UPDATE "qc_draws" SET "covered_from" = "period_start", "covered_to" = least("period_end", greatest("drawn_at", "period_start" + interval '1 second'));--> statement-breakpoint
ALTER TABLE "qc_draws" ALTER COLUMN "covered_from" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "qc_draws" ALTER COLUMN "covered_to" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "rectifications" ADD COLUMN "reinspect_requested_by" uuid;--> statement-breakpoint
ALTER TABLE "rectifications" ADD COLUMN "reinspect_after" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rectifications" ADD COLUMN "reinspect_session_id" uuid;--> statement-breakpoint
ALTER TABLE "rectifications" ADD COLUMN "reinspect_inspection_id" uuid;--> statement-breakpoint
ALTER TABLE "rectifications" ADD COLUMN "reinspect_result" text;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_reinspect_requested_by_staff_id_fk" FOREIGN KEY ("reinspect_requested_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_reinspect_session_id_service_sessions_id_fk" FOREIGN KEY ("reinspect_session_id") REFERENCES "public"."service_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_reinspect_inspection_id_inspections_id_fk" FOREIGN KEY ("reinspect_inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "qc_draws_covered_idx" ON "qc_draws" USING btree ("plan_id","covered_from");--> statement-breakpoint
CREATE INDEX "rectifications_reinspect_idx" ON "rectifications" USING btree ("reinspect_session_id");--> statement-breakpoint
CREATE INDEX "qc_draws_period_idx" ON "qc_draws" USING btree ("plan_id","period_start");--> statement-breakpoint
ALTER TABLE "qc_draws" ADD CONSTRAINT "qc_draws_covered" CHECK ("qc_draws"."covered_from" >= "qc_draws"."period_start" AND "qc_draws"."covered_to" <= "qc_draws"."period_end" AND "qc_draws"."covered_to" > "qc_draws"."covered_from");--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_reinspect_shape" CHECK (("rectifications"."status" <> 'reinspecting' OR ("rectifications"."reinspect_after" IS NOT NULL AND "rectifications"."reinspect_requested_by" IS NOT NULL AND "rectifications"."reinspect_result" IS NULL)) AND ("rectifications"."reinspect_result" IS NULL OR ("rectifications"."reinspect_result" IN ('passed', 'failed') AND "rectifications"."reinspect_inspection_id" IS NOT NULL)));--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_status" CHECK ("rectifications"."status" IN ('open', 'answered', 'reinspecting', 'verified', 'reopened', 'withdrawn'));--> statement-breakpoint
-- A rectification may be verified by re-inspecting a later session of its teller: answered → reinspecting → verified
-- (the item passed) or reopened (it failed again); the re-inspected session is the teller's.
CREATE OR REPLACE FUNCTION rectifications_steps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND (OLD.status, NEW.status) NOT IN (
       ('open', 'answered'), ('open', 'withdrawn'), ('answered', 'verified'), ('answered', 'reopened'), ('answered', 'withdrawn'),
       ('answered', 'reinspecting'), ('reinspecting', 'verified'), ('reinspecting', 'reopened'), ('reinspecting', 'withdrawn'),
       ('reopened', 'answered'), ('reopened', 'withdrawn')) THEN
    RAISE EXCEPTION 'rectification % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.reinspect_session_id IS DISTINCT FROM OLD.reinspect_session_id AND NEW.reinspect_session_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM service_sessions s WHERE s.id = NEW.reinspect_session_id AND s.teller_id = NEW.teller_id AND s.ended_at > NEW.reinspect_after) THEN
    RAISE EXCEPTION 'a re-inspection is of a later session of the same teller' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;