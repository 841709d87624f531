CREATE TABLE "customer_guardians" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"relationship" text NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_last4" text NOT NULL,
	"proof_required" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_guardians_customer_id_unique" UNIQUE("customer_id"),
	CONSTRAINT "customer_guardians_relationship" CHECK ("customer_guardians"."relationship" IN ('parent', 'legal_guardian', 'other_relative'))
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "birth_date" date;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "gender" text;--> statement-breakpoint
ALTER TABLE "customer_guardians" ADD CONSTRAINT "customer_guardians_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_guardians" ADD CONSTRAINT "customer_guardians_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_gender" CHECK ("customers"."gender" IS NULL OR "customers"."gender" IN ('male', 'female'));--> statement-breakpoint
-- A minor cannot be saved without a guardian: checked at commit, so the customer and the guardian land together.
CREATE FUNCTION customers_minor_needs_guardian() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.birth_date IS NOT NULL AND NEW.birth_date > (current_date - interval '18 years')
     AND NOT EXISTS (SELECT 1 FROM customer_guardians g WHERE g.customer_id = NEW.id) THEN
    RAISE EXCEPTION 'customer % is a minor without a guardian', NEW.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER customers_minor_needs_guardian AFTER INSERT ON customers DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION customers_minor_needs_guardian();
