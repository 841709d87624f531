CREATE TABLE "cards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"application_case_id" uuid NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"embossed_name" text NOT NULL,
	"delivery_method" text NOT NULL,
	"branch" text,
	"number_enc" text,
	"number_index" text,
	"last4" text,
	"produced_at" timestamp with time zone,
	"produced_by" uuid,
	"tracking_number" text,
	"dispatched_at" timestamp with time zone,
	"dispatched_by" uuid,
	"collector_enc" text,
	"signature_ref" text,
	"delivered_at" timestamp with time zone,
	"delivered_by" uuid,
	"activated_at" timestamp with time zone,
	"blocked_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cards_status" CHECK ("cards"."status" IN ('requested', 'produced', 'dispatched', 'delivered', 'activated', 'frozen', 'lost', 'closed')),
	CONSTRAINT "cards_delivery" CHECK (("cards"."delivery_method" = 'mail' AND "cards"."branch" IS NULL) OR ("cards"."delivery_method" = 'branch' AND "cards"."branch" IS NOT NULL)),
	CONSTRAINT "cards_last4" CHECK ("cards"."last4" IS NULL OR "cards"."last4" ~ '^[0-9]{4}$'),
	CONSTRAINT "cards_produced_shape" CHECK ("cards"."status" IN ('requested', 'closed') OR "cards"."produced_at" IS NOT NULL),
	CONSTRAINT "cards_number_shape" CHECK (("cards"."number_enc" IS NULL) = ("cards"."number_index" IS NULL) AND ("cards"."number_enc" IS NULL) = ("cards"."last4" IS NULL) AND ("cards"."produced_at" IS NULL) = ("cards"."number_enc" IS NULL)),
	CONSTRAINT "cards_dispatch_shape" CHECK ("cards"."dispatched_at" IS NULL OR "cards"."delivery_method" = 'branch' OR "cards"."tracking_number" IS NOT NULL),
	CONSTRAINT "cards_collection_shape" CHECK ("cards"."delivered_at" IS NULL OR "cards"."delivery_method" = 'mail' OR ("cards"."collector_enc" IS NOT NULL AND "cards"."signature_ref" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "password_prompts" ADD COLUMN "purpose" text DEFAULT 'verify' NOT NULL;--> statement-breakpoint
ALTER TABLE "password_prompts" ADD COLUMN "card_id" uuid;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_application_case_id_cases_id_fk" FOREIGN KEY ("application_case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_produced_by_staff_id_fk" FOREIGN KEY ("produced_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_dispatched_by_staff_id_fk" FOREIGN KEY ("dispatched_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_delivered_by_staff_id_fk" FOREIGN KEY ("delivered_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cards_customer_idx" ON "cards" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "cards_status_idx" ON "cards" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cards_application_idx" ON "cards" USING btree ("application_case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cards_number_idx" ON "cards" USING btree ("number_index") WHERE "cards"."number_index" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "password_prompts" ADD CONSTRAINT "password_prompts_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_prompts" ADD CONSTRAINT "password_prompts_purpose" CHECK (("password_prompts"."purpose" = 'verify' AND "password_prompts"."card_id" IS NULL) OR ("password_prompts"."purpose" = 'set_card_password' AND "password_prompts"."card_id" IS NOT NULL));--> statement-breakpoint
-- The card lifecycle of lib/cards/lifecycle.ts (CARD_TRANSITIONS); the two change together. What the application asked
-- for never changes; the number, once produced, never changes (key rotation may re-seal it and recompute its index).
CREATE FUNCTION cards_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.customer_id, NEW.account_id, NEW.application_case_id, NEW.embossed_name, NEW.delivery_method, NEW.branch, NEW.created_at)
     IS DISTINCT FROM (OLD.customer_id, OLD.account_id, OLD.application_case_id, OLD.embossed_name, OLD.delivery_method, OLD.branch, OLD.created_at) THEN
    RAISE EXCEPTION 'cards: what the application asked for does not change' USING ERRCODE = 'check_violation';
  END IF;
  -- Only the owner (the key rotation task), never the app's role, may re-seal a card under the rotation flag.
  IF coalesce(current_setting('air_counter.key_rotation', true), '') = 'on'
     AND EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = 'cards' AND t.tableowner = current_user) THEN
    IF (to_jsonb(NEW) - 'number_enc' - 'number_index' - 'collector_enc') IS DISTINCT FROM (to_jsonb(OLD) - 'number_enc' - 'number_index' - 'collector_enc') THEN
      RAISE EXCEPTION 'key rotation may only re-seal card %', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.number_enc IS NOT NULL AND (NEW.number_enc, NEW.number_index, NEW.last4) IS DISTINCT FROM (OLD.number_enc, OLD.number_index, OLD.last4) THEN
    RAISE EXCEPTION 'cards: a produced card keeps its number' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status AND (OLD.status, NEW.status) NOT IN (
    ('requested', 'produced'), ('requested', 'closed'),
    ('produced', 'dispatched'), ('produced', 'closed'),
    ('dispatched', 'delivered'), ('dispatched', 'lost'), ('dispatched', 'closed'),
    ('delivered', 'activated'), ('delivered', 'lost'), ('delivered', 'closed'),
    ('activated', 'frozen'), ('activated', 'lost'), ('activated', 'closed'),
    ('frozen', 'activated'), ('frozen', 'lost'), ('frozen', 'closed'),
    ('lost', 'closed')) THEN
    RAISE EXCEPTION 'cards: % -> % is not a step of the card lifecycle', OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER cards_guard BEFORE UPDATE ON cards FOR EACH ROW EXECUTE FUNCTION cards_guard();--> statement-breakpoint
CREATE TRIGGER cards_no_delete BEFORE DELETE ON cards FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
-- Card business joins the verification ladder: opening and activating a card re-verify identity by the basic
-- information and a one-time code (the customer has no card password yet: activation is what sets it).
INSERT INTO ladder_policies (version, rules, note)
SELECT version + 1,
  rules || '{"card_service":{"low":["basic","otp"],"medium":["basic","otp"],"high":["basic","otp"]}}'::jsonb,
  '银行卡业务纳入验证阶梯 Card business joins the ladder'
FROM ladder_policies ORDER BY version DESC LIMIT 1;
