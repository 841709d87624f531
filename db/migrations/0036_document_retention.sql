CREATE TABLE "document_purges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"proposed_by" uuid NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"documents" integer,
	CONSTRAINT "document_purges_status" CHECK ("document_purges"."status" IN ('pending', 'approved', 'rejected')),
	CONSTRAINT "document_purges_four_eyes" CHECK ("document_purges"."decided_by" IS NULL OR "document_purges"."decided_by" <> "document_purges"."proposed_by"),
	CONSTRAINT "document_purges_decision_shape" CHECK (("document_purges"."status" = 'pending') = ("document_purges"."decided_by" IS NULL AND "document_purges"."decided_at" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "relationship_ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_documents" ADD COLUMN "purge_id" uuid;--> statement-breakpoint
ALTER TABLE "case_documents" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "document_purges" ADD CONSTRAINT "document_purges_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_purges" ADD CONSTRAINT "document_purges_proposed_by_staff_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_purges" ADD CONSTRAINT "document_purges_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "document_purges_one_pending_idx" ON "document_purges" USING btree ("customer_id") WHERE "document_purges"."status" = 'pending';--> statement-breakpoint
ALTER TABLE "case_documents" ADD CONSTRAINT "case_documents_purge_id_document_purges_id_fk" FOREIGN KEY ("purge_id") REFERENCES "public"."document_purges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_documents" ADD CONSTRAINT "case_documents_purge_shape" CHECK (("case_documents"."purge_id" IS NULL) = ("case_documents"."purged_at" IS NULL));--> statement-breakpoint
CREATE TRIGGER document_purges_no_delete BEFORE DELETE ON document_purges FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
-- A purge's decision is made once; what it is never changes.
CREATE FUNCTION document_purges_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'pending' OR NEW.decided_by IS NOT NULL OR NEW.decided_at IS NOT NULL OR NEW.documents IS NOT NULL THEN
      RAISE EXCEPTION 'document_purges: a purge is proposed, then decided by someone else' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.customer_id, NEW.reason, NEW.proposed_by, NEW.proposed_at) IS DISTINCT FROM (OLD.customer_id, OLD.reason, OLD.proposed_by, OLD.proposed_at) THEN
    RAISE EXCEPTION 'document_purges: what a purge is does not change' USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status <> 'pending' AND (NEW.status, NEW.decided_by, NEW.decided_at) IS DISTINCT FROM (OLD.status, OLD.decided_by, OLD.decided_at)
     OR OLD.documents IS NOT NULL AND NEW.documents IS DISTINCT FROM OLD.documents THEN
    RAISE EXCEPTION 'document_purges: a decision is final' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER document_purges_guard BEFORE INSERT OR UPDATE ON document_purges FOR EACH ROW EXECUTE FUNCTION document_purges_guard();--> statement-breakpoint
-- A document is marked purged only once, only under an approved purge of its own customer (dual control held here).
CREATE OR REPLACE FUNCTION case_documents_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT state INTO s FROM cases WHERE id = NEW.case_id FOR NO KEY UPDATE;
    IF s IS DISTINCT FROM 'documents' THEN
      RAISE EXCEPTION 'case_documents: the case is not collecting documents (%)', s USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.purge_id IS NOT NULL THEN
      RAISE EXCEPTION 'case_documents: a new document is not purged' USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM stored_files f WHERE f.id IN (NEW.file_id, NEW.thumbnail_file_id) AND to_jsonb(f) ->> 'deleted_at' IS NOT NULL) THEN
      RAISE EXCEPTION 'case_documents: a deleted file is not a document' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.case_id, NEW.kind, NEW.file_id, NEW.thumbnail_file_id, NEW.uploaded_by, NEW.replaces_id, NEW.created_at)
     IS DISTINCT FROM (OLD.case_id, OLD.kind, OLD.file_id, OLD.thumbnail_file_id, OLD.uploaded_by, OLD.replaces_id, OLD.created_at) THEN
    RAISE EXCEPTION 'case_documents: what a document is does not change' USING ERRCODE = 'check_violation';
  END IF;
  IF (NEW.purge_id, NEW.purged_at) IS DISTINCT FROM (OLD.purge_id, OLD.purged_at) THEN
    IF OLD.purge_id IS NOT NULL OR NOT EXISTS (
      SELECT 1 FROM document_purges p JOIN cases c ON c.customer_id = p.customer_id
      WHERE p.id = NEW.purge_id AND p.status = 'approved' AND c.id = NEW.case_id) THEN
      RAISE EXCEPTION 'case_documents: a document is purged once, under an approved purge of its customer' USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  IF OLD.status <> 'uploaded' AND (to_jsonb(NEW) - 'purge_id' - 'purged_at') IS DISTINCT FROM (to_jsonb(OLD) - 'purge_id' - 'purged_at') THEN
    RAISE EXCEPTION 'case_documents: a review is final' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
