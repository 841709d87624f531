ALTER TABLE "customers" DROP CONSTRAINT "customers_id_number_index_unique";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "document_type" text DEFAULT 'resident_id' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "document_expiry" date;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "nationality" text DEFAULT 'CHN' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "occupation" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "address_enc" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "address_masked" text;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_document_unique" ON "customers" USING btree ("document_type","id_number_index");--> statement-breakpoint
CREATE INDEX "customers_document_expiry_idx" ON "customers" USING btree ("document_expiry");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_document_type" CHECK ("customers"."document_type" IN ('resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'hmt_residence_permit', 'foreign_permanent_residence'));--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_long_term_resident_id_only" CHECK ("customers"."document_expiry" IS NOT NULL OR "customers"."document_type" = 'resident_id');--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_nationality" CHECK ("customers"."nationality" ~ '^[A-Z]{3}$');