CREATE TABLE "case_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_id" uuid NOT NULL,
	"thumbnail_file_id" uuid,
	"uploaded_by" uuid NOT NULL,
	"replaces_id" uuid,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"reason_code" text,
	"note" text,
	"valid_from" date,
	"valid_until" date,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_documents_kind" CHECK ("case_documents"."kind" IN ('id_front', 'id_back', 'passport_page', 'permit', 'application_form', 'authorisation_letter', 'proof_of_address', 'business_licence', 'legal_rep_id', 'guardianship_proof', 'other')),
	CONSTRAINT "case_documents_status" CHECK ("case_documents"."status" IN ('uploaded', 'accepted', 'rejected')),
	CONSTRAINT "case_documents_review_shape" CHECK (("case_documents"."status" = 'uploaded') = ("case_documents"."reviewed_by" IS NULL AND "case_documents"."reviewed_at" IS NULL)),
	CONSTRAINT "case_documents_rejection_reason" CHECK ("case_documents"."status" <> 'rejected' OR "case_documents"."reason_code" IS NOT NULL),
	CONSTRAINT "case_documents_reason" CHECK ("case_documents"."reason_code" IS NULL OR "case_documents"."reason_code" IN ('illegible', 'expired', 'mismatch', 'incomplete', 'suspected_forgery', 'wrong_type', 'signature_missing', 'other')),
	CONSTRAINT "case_documents_other_needs_note" CHECK ("case_documents"."reason_code" IS DISTINCT FROM 'other' OR length(btrim(coalesce("case_documents"."note", ''))) > 0),
	CONSTRAINT "case_documents_validity" CHECK ("case_documents"."valid_from" IS NULL OR "case_documents"."valid_until" IS NULL OR "case_documents"."valid_from" <= "case_documents"."valid_until")
);
--> statement-breakpoint
CREATE TABLE "document_checklists" (
	"version" integer PRIMARY KEY NOT NULL,
	"config" jsonb NOT NULL,
	"note" text NOT NULL,
	"published_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_supplements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"items" jsonb NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"requested_by" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "document_supplements_status" CHECK ("document_supplements"."status" IN ('requested', 'reuploaded', 'resolved')),
	CONSTRAINT "document_supplements_resolved_shape" CHECK (("document_supplements"."status" = 'resolved') = ("document_supplements"."resolved_at" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "checklist_version" integer;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "required_documents" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "case_documents" ADD CONSTRAINT "case_documents_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_documents" ADD CONSTRAINT "case_documents_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_documents" ADD CONSTRAINT "case_documents_thumbnail_file_id_stored_files_id_fk" FOREIGN KEY ("thumbnail_file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_documents" ADD CONSTRAINT "case_documents_uploaded_by_staff_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_documents" ADD CONSTRAINT "case_documents_reviewed_by_staff_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_checklists" ADD CONSTRAINT "document_checklists_published_by_staff_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_supplements" ADD CONSTRAINT "document_supplements_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_supplements" ADD CONSTRAINT "document_supplements_requested_by_staff_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_documents_once_idx" ON "case_documents" USING btree ("case_id","file_id");--> statement-breakpoint
CREATE INDEX "case_documents_case_idx" ON "case_documents" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE INDEX "document_supplements_open_idx" ON "document_supplements" USING btree ("due_at") WHERE "document_supplements"."status" <> 'resolved';--> statement-breakpoint
CREATE UNIQUE INDEX "document_supplements_one_open_idx" ON "document_supplements" USING btree ("case_id") WHERE "document_supplements"."status" <> 'resolved';--> statement-breakpoint
-- Version 1 of the checklist: DEFAULT_CHECKLIST in lib/documents/checklist.ts (a test holds them equal).
INSERT INTO document_checklists (version, config, note) VALUES (1, '{"open_account":{"individual":["id_front","id_back","application_form"],"foreigner":["passport_page","application_form"],"minor":["id_front","id_back","guardianship_proof","application_form"],"enterprise":["business_licence","legal_rep_id","authorisation_letter","application_form"]},"account_closure":{"individual":["application_form"],"foreigner":["application_form"],"minor":["application_form","guardianship_proof"],"enterprise":["application_form","authorisation_letter"]},"password_reset":{"individual":["id_front","id_back"],"foreigner":["passport_page"],"minor":["id_front","id_back","guardianship_proof"],"enterprise":["legal_rep_id","authorisation_letter"]}}', '默认资料清单 Default document checklist');--> statement-breakpoint
CREATE TRIGGER document_checklists_append_only BEFORE UPDATE OR DELETE ON document_checklists FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER document_checklists_no_truncate BEFORE TRUNCATE ON document_checklists FOR EACH STATEMENT EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER case_documents_no_delete BEFORE DELETE ON case_documents FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
CREATE TRIGGER document_supplements_no_delete BEFORE DELETE ON document_supplements FOR EACH ROW EXECUTE FUNCTION reject_change();--> statement-breakpoint
-- Documents are added while the case collects them; a review is made once and never changes; what a document is
-- never changes.
CREATE FUNCTION case_documents_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT state INTO s FROM cases WHERE id = NEW.case_id FOR NO KEY UPDATE;
    IF s IS DISTINCT FROM 'documents' THEN
      RAISE EXCEPTION 'case_documents: the case is not collecting documents (%)', s USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.case_id, NEW.kind, NEW.file_id, NEW.thumbnail_file_id, NEW.uploaded_by, NEW.replaces_id, NEW.created_at)
     IS DISTINCT FROM (OLD.case_id, OLD.kind, OLD.file_id, OLD.thumbnail_file_id, OLD.uploaded_by, OLD.replaces_id, OLD.created_at) THEN
    RAISE EXCEPTION 'case_documents: what a document is does not change' USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status <> 'uploaded' AND to_jsonb(NEW) IS DISTINCT FROM to_jsonb(OLD) THEN
    RAISE EXCEPTION 'case_documents: a review is final' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER case_documents_guard BEFORE INSERT OR UPDATE ON case_documents FOR EACH ROW EXECUTE FUNCTION case_documents_guard();
-- The case guard's rule for the document stage is in 0037 (its one version for this model).
