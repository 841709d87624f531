CREATE TYPE "public"."customer_freeze_status" AS ENUM('active', 'release_pending', 'released');--> statement-breakpoint
CREATE TABLE "customer_freezes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"lock_id" uuid,
	"reason" text NOT NULL,
	"frozen_by" uuid NOT NULL,
	"frozen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" "customer_freeze_status" DEFAULT 'active' NOT NULL,
	"release_requested_by" uuid,
	"release_requested_at" timestamp with time zone,
	"release_reason" text,
	"released_by" uuid,
	"released_at" timestamp with time zone,
	CONSTRAINT "customer_freezes_reason" CHECK (length(btrim("customer_freezes"."reason")) > 0),
	CONSTRAINT "customer_freezes_shape" CHECK (("customer_freezes"."status" = 'active' AND "customer_freezes"."release_requested_by" IS NULL AND "customer_freezes"."released_by" IS NULL)
        OR ("customer_freezes"."status" = 'release_pending' AND "customer_freezes"."release_requested_by" IS NOT NULL AND "customer_freezes"."release_requested_at" IS NOT NULL AND length(btrim("customer_freezes"."release_reason")) > 0 AND "customer_freezes"."released_by" IS NULL)
        OR ("customer_freezes"."status" = 'released' AND "customer_freezes"."release_requested_by" IS NOT NULL AND "customer_freezes"."released_by" IS NOT NULL AND "customer_freezes"."released_at" IS NOT NULL)),
	CONSTRAINT "customer_freezes_four_eyes" CHECK ("customer_freezes"."released_by" IS NULL OR "customer_freezes"."released_by" <> "customer_freezes"."release_requested_by")
);
--> statement-breakpoint
ALTER TABLE "customer_freezes" ADD CONSTRAINT "customer_freezes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_freezes" ADD CONSTRAINT "customer_freezes_lock_id_verification_locks_id_fk" FOREIGN KEY ("lock_id") REFERENCES "public"."verification_locks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_freezes" ADD CONSTRAINT "customer_freezes_frozen_by_staff_id_fk" FOREIGN KEY ("frozen_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_freezes" ADD CONSTRAINT "customer_freezes_release_requested_by_staff_id_fk" FOREIGN KEY ("release_requested_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_freezes" ADD CONSTRAINT "customer_freezes_released_by_staff_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_freezes_one_live_idx" ON "customer_freezes" USING btree ("customer_id") WHERE "customer_freezes"."status" <> 'released';--> statement-breakpoint
CREATE INDEX "customer_freezes_status_idx" ON "customer_freezes" USING btree ("status","frozen_at");--> statement-breakpoint
-- A released freeze is final: no later update may revive or rewrite it.
CREATE FUNCTION customer_freezes_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'released' THEN
    RAISE EXCEPTION 'customer_freezes: a released freeze is final' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER customer_freezes_final BEFORE UPDATE ON customer_freezes FOR EACH ROW EXECUTE FUNCTION customer_freezes_final();--> statement-breakpoint
CREATE TRIGGER customer_freezes_no_delete BEFORE DELETE OR TRUNCATE ON customer_freezes FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
