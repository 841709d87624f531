CREATE TYPE "public"."risk_level" AS ENUM('low', 'medium', 'high');--> statement-breakpoint
ALTER TYPE "public"."verification_kind" ADD VALUE 'password' BEFORE 'otp';--> statement-breakpoint
CREATE TABLE "customer_passwords" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"password_hash" text NOT NULL,
	"set_via" text NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"token_hint" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "integrations_name_unique" UNIQUE("name"),
	CONSTRAINT "integrations_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "ladder_policies" (
	"version" integer PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"note" text NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ladder_policies_version_positive" CHECK ("ladder_policies"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "password_prompts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"requested_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "password_prompts_answer_shape" CHECK (("password_prompts"."answered_at" IS NULL) = ("password_prompts"."answered_by" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "risk_level" "risk_level" DEFAULT 'medium' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "language" text DEFAULT 'zh-CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_passwords" ADD CONSTRAINT "customer_passwords_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ladder_policies" ADD CONSTRAINT "ladder_policies_published_by_staff_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_prompts" ADD CONSTRAINT "password_prompts_session_id_service_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."service_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_prompts" ADD CONSTRAINT "password_prompts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_prompts" ADD CONSTRAINT "password_prompts_requested_by_staff_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_prompts" ADD CONSTRAINT "password_prompts_answered_by_integrations_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."integrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "password_prompts_one_live_idx" ON "password_prompts" USING btree ("session_id") WHERE "password_prompts"."answered_at" IS NULL AND "password_prompts"."superseded_at" IS NULL;--> statement-breakpoint
CREATE INDEX "password_prompts_live_idx" ON "password_prompts" USING btree ("created_at") WHERE "password_prompts"."answered_at" IS NULL AND "password_prompts"."superseded_at" IS NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_language" CHECK ("customers"."language" IN ('zh-CN', 'en'));--> statement-breakpoint
CREATE TRIGGER ladder_policies_append_only BEFORE UPDATE OR DELETE ON ladder_policies FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER ladder_policies_no_truncate BEFORE TRUNCATE ON ladder_policies FOR EACH STATEMENT EXECUTE FUNCTION reject_change();--> statement-breakpoint
-- The default policy (version 1). An information change is high-risk business: basic information, the password and a
-- one-time code for every risk level; identity confirmation always closes verification and is not listed.
INSERT INTO ladder_policies (version, rules, note) VALUES (1, '{"change_mobile":{"low":["basic","password","otp"],"medium":["basic","password","otp"],"high":["basic","password","otp"]}}', '默认策略 Default policy');
