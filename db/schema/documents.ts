import 'server-only';
import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases';
import { customers } from './customers';
import { storedFiles } from './files';
import { staff } from './staff';

/** The document checklist configuration (资料清单), versioned and append-only; the newest version applies to new cases. */
export const documentChecklists = pgTable('document_checklists', {
  version: integer('version').primaryKey(),
  config: jsonb('config').notNull(),
  note: text('note').notNull(),
  publishedBy: uuid('published_by').references(() => staff.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The deletion of a customer's documents after their retention period (留存期满销毁): proposed by one admin, carried
 * out only when a second admin approves. Append-only apart from its decision.
 */
export const documentPurges = pgTable(
  'document_purges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    reason: text('reason').notNull(),
    status: text('status').notNull().default('pending'),
    proposedBy: uuid('proposed_by').notNull().references(() => staff.id),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => staff.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    documents: integer('documents'),
  },
  (t) => [
    uniqueIndex('document_purges_one_pending_idx').on(t.customerId).where(sql`${t.status} = 'pending'`),
    check('document_purges_status', sql`${t.status} IN ('pending', 'approved', 'rejected')`),
    check('document_purges_four_eyes', sql`${t.decidedBy} IS NULL OR ${t.decidedBy} <> ${t.proposedBy}`),
    check('document_purges_decision_shape', sql`(${t.status} = 'pending') = (${t.decidedBy} IS NULL AND ${t.decidedAt} IS NULL)`),
  ],
);

/**
 * A document on a case: what it is (its kind on the checklist), the stored file (by content: the same file twice on
 * one case is one document) and its thumbnail, who brought it, what it replaces (a re-upload after a rejection keeps
 * both), and its review: accepted or rejected with a standard reason, the reviewer, and the document's own validity.
 * Never deleted; a review is final.
 */
export const caseDocuments = pgTable(
  'case_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    kind: text('kind').notNull(),
    fileId: uuid('file_id').notNull().references(() => storedFiles.id),
    thumbnailFileId: uuid('thumbnail_file_id').references(() => storedFiles.id),
    uploadedBy: uuid('uploaded_by').notNull().references(() => staff.id),
    replacesId: uuid('replaces_id'),
    status: text('status').notNull().default('uploaded'),
    reasonCode: text('reason_code'),
    note: text('note'),
    validFrom: date('valid_from'),
    validUntil: date('valid_until'),
    reviewedBy: uuid('reviewed_by').references(() => staff.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    // Deleted after its retention period under an approved purge (dual control): the file is gone, the record stays.
    purgeId: uuid('purge_id').references(() => documentPurges.id),
    purgedAt: timestamp('purged_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('case_documents_purge_shape', sql`(${t.purgeId} IS NULL) = (${t.purgedAt} IS NULL)`),
    uniqueIndex('case_documents_once_idx').on(t.caseId, t.fileId),
    index('case_documents_case_idx').on(t.caseId, t.createdAt),
    check('case_documents_kind', sql`${t.kind} IN ('id_front', 'id_back', 'passport_page', 'permit', 'application_form', 'authorisation_letter', 'proof_of_address', 'business_licence', 'legal_rep_id', 'guardianship_proof', 'other')`),
    check('case_documents_status', sql`${t.status} IN ('uploaded', 'accepted', 'rejected')`),
    check('case_documents_review_shape', sql`(${t.status} = 'uploaded') = (${t.reviewedBy} IS NULL AND ${t.reviewedAt} IS NULL)`),
    check('case_documents_rejection_reason', sql`${t.status} <> 'rejected' OR ${t.reasonCode} IS NOT NULL`),
    check('case_documents_reason', sql`${t.reasonCode} IS NULL OR ${t.reasonCode} IN ('illegible', 'expired', 'mismatch', 'incomplete', 'suspected_forgery', 'wrong_type', 'signature_missing', 'other')`),
    check('case_documents_other_needs_note', sql`${t.reasonCode} IS DISTINCT FROM 'other' OR length(btrim(coalesce(${t.note}, ''))) > 0`),
    check('case_documents_validity', sql`${t.validFrom} IS NULL OR ${t.validUntil} IS NULL OR ${t.validFrom} <= ${t.validUntil}`),
  ],
);

/**
 * A supplement request (补充或更正): rejecting documents asks the customer for what is needed and why, through the
 * notification outbox; tracked until the re-uploads are reviewed.
 */
export const documentSupplements = pgTable(
  'document_supplements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    items: jsonb('items').notNull(),
    status: text('status').notNull().default('requested'),
    requestedBy: uuid('requested_by').notNull().references(() => staff.id),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    index('document_supplements_open_idx').on(t.dueAt).where(sql`${t.status} <> 'resolved'`),
    uniqueIndex('document_supplements_one_open_idx').on(t.caseId).where(sql`${t.status} <> 'resolved'`),
    check('document_supplements_status', sql`${t.status} IN ('requested', 'reuploaded', 'resolved')`),
    check('document_supplements_resolved_shape', sql`(${t.status} = 'resolved') = (${t.resolvedAt} IS NOT NULL)`),
  ],
);
