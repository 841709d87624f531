CREATE TYPE "public"."verification_lock_status" AS ENUM('open', 'cleared');--> statement-breakpoint
CREATE TABLE "verification_locks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"step" "verification_kind" NOT NULL,
	"session_id" uuid NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone NOT NULL,
	"status" "verification_lock_status" DEFAULT 'open' NOT NULL,
	"cleared_by" uuid,
	"cleared_at" timestamp with time zone,
	"note" text,
	CONSTRAINT "verification_locks_clear_shape" CHECK (("verification_locks"."status" = 'open') = ("verification_locks"."cleared_by" IS NULL AND "verification_locks"."cleared_at" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "verification_locks" ADD CONSTRAINT "verification_locks_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_locks" ADD CONSTRAINT "verification_locks_session_id_service_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."service_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_locks" ADD CONSTRAINT "verification_locks_cleared_by_staff_id_fk" FOREIGN KEY ("cleared_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "verification_locks_one_open_idx" ON "verification_locks" USING btree ("customer_id") WHERE "verification_locks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "verification_locks_status_idx" ON "verification_locks" USING btree ("status","raised_at");