CREATE TABLE "staff_recovery_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "staff_recovery_codes_code" UNIQUE("staff_id","code_hash")
);
--> statement-breakpoint
ALTER TABLE "staff" ADD COLUMN "totp_secret_enc" text;--> statement-breakpoint
ALTER TABLE "staff" ADD COLUMN "totp_enabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "staff" ADD COLUMN "totp_last_step" bigint;--> statement-breakpoint
ALTER TABLE "staff_sessions" ADD COLUMN "authenticated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "staff_recovery_codes" ADD CONSTRAINT "staff_recovery_codes_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_recovery_codes_staff_idx" ON "staff_recovery_codes" USING btree ("staff_id") WHERE "staff_recovery_codes"."used_at" IS NULL;--> statement-breakpoint
CREATE INDEX "audit_events_sign_in_refusals_idx" ON "audit_events" USING btree ("ip","occurred_at") WHERE "audit_events"."action" = 'auth.sign_in' AND "audit_events"."outcome" = 'denied';--> statement-breakpoint
ALTER TABLE "staff" ADD CONSTRAINT "staff_totp_enabled" CHECK ("staff"."totp_enabled_at" IS NULL OR "staff"."totp_secret_enc" IS NOT NULL);--> statement-breakpoint
-- A one-time code is used once: the last accepted step only moves forward, whatever the code asks (lib/auth/totp.ts).
CREATE FUNCTION staff_totp_step_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.totp_last_step IS NOT NULL AND (NEW.totp_last_step IS NULL OR NEW.totp_last_step <= OLD.totp_last_step) THEN
    RAISE EXCEPTION 'a one-time code step may not be reused' USING ERRCODE = 'check_violation', CONSTRAINT = 'staff_totp_step_forward';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER staff_totp_step_forward BEFORE UPDATE OF totp_last_step ON staff
  FOR EACH ROW WHEN (NEW.totp_last_step IS DISTINCT FROM OLD.totp_last_step) EXECUTE FUNCTION staff_totp_step_forward();
