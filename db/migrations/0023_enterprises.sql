CREATE TABLE "customer_agents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"document_type" text NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_last4" text NOT NULL,
	"authorised_until" date NOT NULL,
	"letter_required" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprise_details" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"legal_rep_name" text NOT NULL,
	"legal_rep_document_type" text NOT NULL,
	"legal_rep_id_enc" text NOT NULL,
	"legal_rep_id_last4" text NOT NULL,
	"business_scope" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" DROP CONSTRAINT "customers_long_term_resident_id_only";--> statement-breakpoint
ALTER TABLE "customers" DROP CONSTRAINT "customers_document_type";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "kind" text DEFAULT 'individual' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "industry" text;--> statement-breakpoint
ALTER TABLE "customer_agents" ADD CONSTRAINT "customer_agents_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_agents" ADD CONSTRAINT "customer_agents_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_details" ADD CONSTRAINT "enterprise_details_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_details" ADD CONSTRAINT "enterprise_details_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_agents_customer_idx" ON "customer_agents" USING btree ("customer_id");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_long_term_only_for" CHECK ("customers"."document_expiry" IS NOT NULL OR "customers"."document_type" IN ('resident_id', 'credit_code'));--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_kind" CHECK ("customers"."kind" IN ('individual', 'enterprise') AND ("customers"."kind" = 'enterprise') = ("customers"."document_type" = 'credit_code'));--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_document_type" CHECK ("customers"."document_type" IN ('resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'hmt_residence_permit', 'foreign_permanent_residence', 'credit_code'));--> statement-breakpoint
-- Version 2 of the risk model (DEFAULT_RISK_MODEL in lib/customers/risk.ts): enterprises are scored by their credit code
-- document and their industry.
INSERT INTO risk_models (version, model, note) VALUES (2, '{"documentType":{"resident_id":0,"passport":10,"hk_macao_permit":5,"taiwan_permit":5,"hmt_residence_permit":5,"foreign_permanent_residence":10,"credit_code":5},"documentValidity":{"long_term":0,"valid":0,"expiring":5,"expired":25},"ageBand":{"minor":10,"adult":0,"elderly":10},"occupation":{"civil_servant":0,"professional":0,"office_clerk":0,"business_service":5,"manufacturing":0,"agriculture":0,"military":0,"student":5,"retired":5,"unemployed":10,"self_employed":10,"precious_metals_dealer":30,"cash_intensive_business":30,"other":5,"unknown":15},"industry":{"manufacturing":0,"wholesale_retail":5,"technology":0,"construction":5,"real_estate":10,"finance":10,"logistics":5,"hospitality":5,"agriculture":0,"import_export":15,"precious_metals":30,"money_services":35,"cash_intensive":30,"other":5,"unknown":15},"nationality":{"highRiskJurisdictions":["PRK","IRN","MMR"],"highRisk":40,"other":0},"verificationLocks":{"perLock":10,"max":30,"windowDays":90},"fraudFlag":{"points":60,"windowDays":365},"thresholds":{"medium":25,"high":50}}', '企业客户纳入评估 Enterprises are assessed');
