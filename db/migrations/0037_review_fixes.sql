DROP INDEX "stored_files_sha256_idx";--> statement-breakpoint
ALTER TABLE "stored_files" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stored_files" ADD COLUMN "object_deleted_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "stored_files_pending_delete_idx" ON "stored_files" USING btree ("deleted_at") WHERE "stored_files"."deleted_at" IS NOT NULL AND "stored_files"."object_deleted_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "stored_files_sha256_idx" ON "stored_files" USING btree ("sha256") WHERE "stored_files"."deleted_at" IS NULL;--> statement-breakpoint
-- A case returned for its documents goes back to collecting them (lib/cases/state-machine.ts: reopen_documents).
INSERT INTO case_transitions (from_state, event, to_state) VALUES ('returned', 'reopen_documents', 'documents');--> statement-breakpoint
-- The case guard for the whole case model of 0030-0037 (one version, replacing 0028's): what a case is never changes
-- (its input hash and checklist included); a new approval round starts only when a returned case is resubmitted or
-- reopens its documents; a case that needs documents cannot skip them, and leaves the document stage only when the
-- newest document of every required kind is accepted; approval counts the current round's approvals.
CREATE OR REPLACE FUNCTION cases_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  approvals int;
  missing int;
BEGIN
  IF coalesce(current_setting('air_counter.key_rotation', true), '') = 'on'
     AND EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = 'cases' AND t.tableowner = current_user) THEN
    IF (to_jsonb(NEW) - 'payload_enc') IS DISTINCT FROM (to_jsonb(OLD) - 'payload_enc') THEN
      RAISE EXCEPTION 'key rotation may only re-seal case %', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.type, NEW.customer_id, NEW.maker_id, NEW.payload_enc, NEW.amount_fen, NEW.required_level, NEW.policy_version, NEW.idempotency_key, NEW.input_hash, NEW.summary, NEW.session_id, NEW.policy_rules, NEW.target, NEW.created_at, NEW.checklist_version, NEW.required_documents)
     IS DISTINCT FROM (OLD.type, OLD.customer_id, OLD.maker_id, OLD.payload_enc, OLD.amount_fen, OLD.required_level, OLD.policy_version, OLD.idempotency_key, OLD.input_hash, OLD.summary, OLD.session_id, OLD.policy_rules, OLD.target, OLD.created_at, OLD.checklist_version, OLD.required_documents) THEN
    RAISE EXCEPTION 'cases: what a case is does not change once made' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.round IS DISTINCT FROM OLD.round AND NOT (OLD.state = 'returned' AND NEW.state IN ('ready', 'documents') AND NEW.round = OLD.round + 1) THEN
    RAISE EXCEPTION 'cases: a new approval round starts only when a returned case is resubmitted' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.state IS DISTINCT FROM OLD.state THEN
    IF NOT EXISTS (SELECT 1 FROM case_transitions WHERE from_state = OLD.state AND to_state = NEW.state) THEN
      RAISE EXCEPTION 'cases: % -> % is not a transition of the state machine', OLD.state, NEW.state USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.state = 'returned' AND NEW.state IN ('ready', 'documents') AND NEW.round <> OLD.round + 1 THEN
      RAISE EXCEPTION 'cases: a resubmitted case starts a new approval round' USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.state = 'verifying' AND NEW.state = 'ready' AND cardinality(NEW.required_documents) > 0 THEN
      RAISE EXCEPTION 'cases: a case with required documents collects them first' USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.state = 'documents' AND NEW.state = 'ready' THEN
      SELECT count(*) INTO missing FROM unnest(NEW.required_documents) AS k(kind)
      WHERE NOT EXISTS (
        SELECT 1 FROM case_documents d
        WHERE d.case_id = NEW.id AND d.kind = k.kind AND d.status = 'accepted'
          AND NOT EXISTS (SELECT 1 FROM case_documents n WHERE n.case_id = NEW.id AND n.kind = k.kind AND n.created_at > d.created_at));
      IF missing > 0 THEN
        RAISE EXCEPTION 'cases: % required document(s) not accepted', missing USING ERRCODE = 'check_violation';
      END IF;
    END IF;
    IF NEW.state = 'approved' THEN
      SELECT count(*) INTO approvals FROM case_decisions WHERE case_id = NEW.id AND round = NEW.round AND decision = 'approve';
      IF approvals < NEW.required_level OR (NEW.required_level > 0 AND OLD.state <> 'pending_approval') THEN
        RAISE EXCEPTION 'cases: % approval(s) of % required', approvals, NEW.required_level USING ERRCODE = 'check_violation';
      END IF;
    END IF;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
-- A stored file is what its bytes are; its object moves only under key rotation (the owner, with the flag); it is
-- deleted once, only when no live record needs it (what a purge leaves), and its object is removed only after that.
CREATE FUNCTION stored_files_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.sha256, NEW.size, NEW.mime, NEW.kind, NEW.uploaded_by, NEW.uploaded_via, NEW.created_at)
     IS DISTINCT FROM (OLD.sha256, OLD.size, OLD.mime, OLD.kind, OLD.uploaded_by, OLD.uploaded_via, OLD.created_at) THEN
    RAISE EXCEPTION 'stored_files: what a file is does not change' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.storage_key IS DISTINCT FROM OLD.storage_key AND NOT (
    coalesce(current_setting('air_counter.key_rotation', true), '') = 'on'
    AND EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tablename = 'stored_files' AND t.tableowner = current_user)) THEN
    RAISE EXCEPTION 'stored_files: only key rotation moves a file' USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS DISTINCT FROM OLD.deleted_at THEN
    RAISE EXCEPTION 'stored_files: a deletion is final' USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL AND (
    EXISTS (SELECT 1 FROM case_documents d WHERE d.purge_id IS NULL AND (d.file_id = NEW.id OR d.thumbnail_file_id = NEW.id))
    OR EXISTS (SELECT 1 FROM session_recordings r WHERE r.file_id = NEW.id)) THEN
    RAISE EXCEPTION 'stored_files: a file a record still needs is not deleted' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.object_deleted_at IS DISTINCT FROM OLD.object_deleted_at AND (OLD.object_deleted_at IS NOT NULL OR NEW.deleted_at IS NULL) THEN
    RAISE EXCEPTION 'stored_files: an object is removed once, after its file is deleted' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER stored_files_guard BEFORE UPDATE ON stored_files FOR EACH ROW EXECUTE FUNCTION stored_files_guard();--> statement-breakpoint
CREATE TRIGGER stored_files_no_delete BEFORE DELETE ON stored_files FOR EACH ROW EXECUTE FUNCTION reject_change();
