CREATE TYPE "public"."session_outcome" AS ENUM('resolved', 'transferred', 'dropped', 'abandoned');--> statement-breakpoint
ALTER TABLE "service_sessions" ADD COLUMN "outcome" "session_outcome";--> statement-breakpoint
ALTER TABLE "service_sessions" ADD COLUMN "satisfaction" smallint;--> statement-breakpoint
ALTER TABLE "service_sessions" ADD COLUMN "satisfaction_declined" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "service_sessions" ADD COLUMN "closed_by_system" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Sessions ended before outcomes existed were ended by their teller without one: record them as resolved, not rated.
UPDATE "service_sessions" SET "outcome" = 'resolved', "satisfaction_declined" = true WHERE "status" = 'ended';--> statement-breakpoint
ALTER TABLE "service_sessions" ADD CONSTRAINT "service_sessions_end_shape" CHECK (("service_sessions"."status" = 'open' AND "service_sessions"."ended_at" IS NULL AND "service_sessions"."outcome" IS NULL) OR ("service_sessions"."status" = 'ended' AND "service_sessions"."ended_at" IS NOT NULL AND "service_sessions"."outcome" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "service_sessions" ADD CONSTRAINT "service_sessions_satisfaction" CHECK (("service_sessions"."satisfaction" IS NULL OR "service_sessions"."satisfaction" BETWEEN 1 AND 5) AND NOT ("service_sessions"."satisfaction" IS NOT NULL AND "service_sessions"."satisfaction_declined"));