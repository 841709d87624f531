ALTER TYPE "public"."change_request_type" ADD VALUE 'change_name';--> statement-breakpoint
ALTER TYPE "public"."change_request_type" ADD VALUE 'change_document';--> statement-breakpoint
ALTER TYPE "public"."change_request_type" ADD VALUE 'change_birth_date';--> statement-breakpoint
ALTER TYPE "public"."change_request_type" ADD VALUE 'risk_override';--> statement-breakpoint
CREATE TABLE "customer_risk_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"model_version" integer NOT NULL,
	"score" integer NOT NULL,
	"computed_level" "risk_level" NOT NULL,
	"level" "risk_level" NOT NULL,
	"contributions" jsonb NOT NULL,
	"trigger" text NOT NULL,
	"override_request_id" uuid,
	"assessed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_risk_assessments_trigger" CHECK ("customer_risk_assessments"."trigger" IN ('intake', 'change', 'verification_lock', 'fraud', 'override', 'expiry', 'model', 'backfill')),
	CONSTRAINT "customer_risk_assessments_override_shape" CHECK (("customer_risk_assessments"."trigger" = 'override') = ("customer_risk_assessments"."override_request_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "risk_models" (
	"version" integer PRIMARY KEY NOT NULL,
	"model" jsonb NOT NULL,
	"note" text NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_models_version_positive" CHECK ("risk_models"."version" > 0)
);
--> statement-breakpoint
ALTER TABLE "change_requests" ALTER COLUMN "session_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "risk_override" "risk_level";--> statement-breakpoint
ALTER TABLE "change_requests" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "customer_risk_assessments" ADD CONSTRAINT "customer_risk_assessments_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_risk_assessments" ADD CONSTRAINT "customer_risk_assessments_model_version_risk_models_version_fk" FOREIGN KEY ("model_version") REFERENCES "public"."risk_models"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_risk_assessments" ADD CONSTRAINT "customer_risk_assessments_override_request_id_change_requests_id_fk" FOREIGN KEY ("override_request_id") REFERENCES "public"."change_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_risk_assessments" ADD CONSTRAINT "customer_risk_assessments_assessed_by_staff_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_models" ADD CONSTRAINT "risk_models_published_by_staff_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_risk_assessments_customer_idx" ON "customer_risk_assessments" USING btree ("customer_id","created_at");--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_session_shape" CHECK (("change_requests"."session_id" IS NULL) = ("change_requests"."type"::text = 'risk_override'));--> statement-breakpoint
CREATE TRIGGER risk_models_append_only BEFORE UPDATE OR DELETE ON risk_models FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER risk_models_no_truncate BEFORE TRUNCATE ON risk_models FOR EACH STATEMENT EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER customer_risk_assessments_append_only BEFORE UPDATE OR DELETE ON customer_risk_assessments FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER customer_risk_assessments_no_truncate BEFORE TRUNCATE ON customer_risk_assessments FOR EACH STATEMENT EXECUTE FUNCTION reject_change();--> statement-breakpoint
-- The default model (version 1, the same as DEFAULT_RISK_MODEL in lib/customers/risk.ts). Existing customers are
-- assessed under it by the prepare task (backfill), which can read their dates of birth and documents.
INSERT INTO risk_models (version, model, note) VALUES (1, '{"documentType":{"resident_id":0,"passport":10,"hk_macao_permit":5,"taiwan_permit":5,"hmt_residence_permit":5,"foreign_permanent_residence":10},"documentValidity":{"long_term":0,"valid":0,"expiring":5,"expired":25},"ageBand":{"minor":10,"adult":0,"elderly":10},"occupation":{"civil_servant":0,"professional":0,"office_clerk":0,"business_service":5,"manufacturing":0,"agriculture":0,"military":0,"student":5,"retired":5,"unemployed":10,"self_employed":10,"precious_metals_dealer":30,"cash_intensive_business":30,"other":5,"unknown":15},"nationality":{"highRiskJurisdictions":["PRK","IRN","MMR"],"highRisk":40,"other":0},"verificationLocks":{"perLock":10,"max":30,"windowDays":90},"fraudFlag":{"points":60,"windowDays":365},"thresholds":{"medium":25,"high":50}}', '默认模型 Default model');
