import 'server-only';
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { db, type Tx } from '@/db';
import { caseDocuments, cases, customers, documentSupplements, staff, storedFiles } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { addCaseEvent, move, proceedFromReady } from '@/lib/cases/case-core';
import { executeCase } from '@/lib/cases/service';
import type { CaseState } from '@/lib/cases/state-machine';
import { checkUpload, maxUploadBytes } from '@/lib/files/check';
import { sniffType } from '@/lib/files/sniff';
import { storeOnce } from '@/lib/files/store';
import { notifyCustomer } from '@/lib/notify/notify';
import { supplementDays } from '@/lib/config';
import { raiseDocumentException } from '@/db/queries/verification-locks';
import { assertNotLocked } from '@/lib/sessions/verification-locks';
import { checklistState, validityFlag, type DocumentKind, type DocumentState, type RejectionReason } from './checklist';
import { chinaDate } from '@/lib/customers/documents/dates';

/**
 * Documents on a case (资料): uploaded by the teller handling it, checked by their bytes, stored once by content with a
 * thumbnail, reviewed one by one (accepted, or rejected with a standard reason), rolled up into the case's checklist.
 * A rejection asks the customer for a supplement through the outbox; when every required document is accepted the
 * case leaves the document stage and goes on to approval as its policy says.
 */

const REFUSALS = { empty: 'errors.fileEmpty', tooLarge: 'errors.fileTooLarge', wrongType: 'errors.documentType', pdfEncrypted: 'errors.pdfEncrypted', pdfJavascript: 'errors.pdfJavascript' } as const;



/** The case, locked, if `tellerId` made it: a teller acts on their own cases only (anyone else's is not found). */
async function lockOwnCase(tx: Tx, caseId: string, tellerId: string) {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('no key update');
  if (!row || row.makerId !== tellerId) throw new DomainError('errors.notFound', 'denied');
  return row;
}

/** A small preview of an image (WebP, 240 px wide); PDFs are shown with an icon. Undefined when it cannot be made. */
async function thumbnailOf(bytes: Uint8Array): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await sharp(bytes, { limitInputPixels: 50_000_000 }).rotate().resize({ width: 240, withoutEnlargement: true }).webp({ quality: 70 }).toBuffer());
  } catch {
    return undefined;
  }
}

export type UploadedDocument = { id: string; existing: boolean; sha256: string; size: number; mime: string };

/**
 * Adds a document to a case collecting its documents. Refused before anything is stored when the bytes are not an
 * image or PDF (by magic bytes), too large, empty, or a PDF with scripts or encryption. The same file twice on one
 * case is one document (`existing`).
 */
export async function uploadCaseDocument(v: { caseId: string; tellerId: string; kind: DocumentKind; bytes: Uint8Array; replacesId?: string }): Promise<UploadedDocument> {
  const checked = checkUpload(v.bytes, { accept: ['image', 'pdf'], maxBytes: maxUploadBytes() });
  if (!checked.ok) throw new DomainError(REFUSALS[checked.reason], 'failed', { file: [REFUSALS[checked.reason]] });
  const thumb = checked.type.kind === 'image' ? await thumbnailOf(v.bytes) : undefined;
  return db.transaction(async (tx) => {
    const c = await lockOwnCase(tx, v.caseId, v.tellerId);
    if (c.state !== 'documents') throw new DomainError('errors.caseNotCollecting', 'failed');
    await assertNotLocked(tx, c.customerId);
    if (v.replacesId) {
      const [old] = await tx.select({ kind: caseDocuments.kind }).from(caseDocuments).where(and(eq(caseDocuments.id, v.replacesId), eq(caseDocuments.caseId, v.caseId)));
      if (!old || old.kind !== v.kind) throw new DomainError('errors.invalid', 'failed', { replacesId: ['errors.invalid'] });
    }
    const file = await storeOnce(tx, { bytes: v.bytes, sha256: checked.sha256, size: checked.size, type: checked.type, prefix: 'documents', uploadedBy: v.tellerId, uploadedVia: null });
    const thumbType = thumb ? sniffType(thumb) : null;
    const thumbnail = thumb && thumbType ? await storeOnce(tx, { bytes: thumb, sha256: sha256Of(thumb), size: thumb.byteLength, type: thumbType, prefix: 'documents', uploadedBy: v.tellerId, uploadedVia: null }) : undefined;
    const [row] = await tx
      .insert(caseDocuments)
      .values({ caseId: v.caseId, kind: v.kind, fileId: file.id, thumbnailFileId: thumbnail?.id ?? null, uploadedBy: v.tellerId, replacesId: v.replacesId ?? null })
      .onConflictDoNothing({ target: [caseDocuments.caseId, caseDocuments.fileId] })
      .returning({ id: caseDocuments.id });
    if (!row) {
      const [same] = await tx.select({ id: caseDocuments.id }).from(caseDocuments).where(and(eq(caseDocuments.caseId, v.caseId), eq(caseDocuments.fileId, file.id)));
      return { id: same!.id, existing: true, sha256: checked.sha256, size: checked.size, mime: checked.type.mime };
    }
    await addCaseEvent(tx, v.caseId, 'document.uploaded', v.tellerId, { document: row.id, kind: v.kind, replaces: v.replacesId ?? null });
    await tx.update(documentSupplements).set({ status: 'reuploaded' }).where(and(eq(documentSupplements.caseId, v.caseId), eq(documentSupplements.status, 'requested')));
    return { id: row.id, existing: false, sha256: checked.sha256, size: checked.size, mime: checked.type.mime };
  });
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export type ReviewInput = { documentId: string; tellerId: string; decision: 'accept' | 'reject'; reasonCode?: RejectionReason; note?: string; validFrom?: string; validUntil?: string };

/**
 * Reviews one document (资料审核), once. A rejection opens (or adds to) the case's supplement request and tells the
 * customer what is needed and why, in their language, in the same transaction. When the checklist is complete the
 * case goes on: submitted for approval, or executed when its policy needs none.
 */
export async function reviewCaseDocument(v: ReviewInput): Promise<{ state: CaseState; complete: boolean }> {
  return db.transaction(async (tx) => {
    const [doc] = await tx.select({ caseId: caseDocuments.caseId, kind: caseDocuments.kind, status: caseDocuments.status }).from(caseDocuments).where(eq(caseDocuments.id, v.documentId));
    if (!doc) throw new DomainError('errors.notFound', 'denied');
    const c = await lockOwnCase(tx, doc.caseId, v.tellerId);
    if (c.state !== 'documents') throw new DomainError('errors.caseNotCollecting', 'failed');
    const [current] = await tx.select({ status: caseDocuments.status }).from(caseDocuments).where(eq(caseDocuments.id, v.documentId)).for('update');
    if (current!.status !== 'uploaded') throw new DomainError('errors.documentReviewed', 'failed');
    // An expired document is not accepted (it may be rejected as expired).
    if (v.decision === 'accept' && v.validUntil && validityFlag(v.validUntil, chinaDate(new Date()), null) === 'expired') {
      throw new DomainError('errors.documentExpiredAccept', 'failed', { validUntil: ['errors.documentExpiredAccept'] });
    }
    await tx
      .update(caseDocuments)
      .set({
        status: v.decision === 'accept' ? 'accepted' : 'rejected',
        reasonCode: v.decision === 'reject' ? v.reasonCode! : null,
        note: v.note || null,
        validFrom: v.validFrom || null,
        validUntil: v.validUntil || null,
        reviewedBy: v.tellerId,
        reviewedAt: sql`now()` as unknown as Date,
      })
      .where(eq(caseDocuments.id, v.documentId));
    await addCaseEvent(tx, doc.caseId, `document.${v.decision === 'accept' ? 'accepted' : 'rejected'}`, v.tellerId, { document: v.documentId, kind: doc.kind, reasonCode: v.reasonCode ?? null });
    if (v.decision === 'reject' && v.reasonCode === 'suspected_forgery') {
      // Suspected forgery is not a supplement: an exception for the supervisors, and the customer's business stops
      // (uploads and every gated business refuse) until a supervisor clears it or confirms fraud.
      await raiseDocumentException(tx, { customerId: c.customerId, sessionId: c.sessionId! });
      await addCaseEvent(tx, doc.caseId, 'document.forgerySuspected', v.tellerId, { document: v.documentId });
      return { state: 'documents' as CaseState, complete: false };
    }
    if (v.decision === 'reject') await requestSupplement(tx, c, { kind: doc.kind as DocumentKind, reasonCode: v.reasonCode! }, v.tellerId);
    const docs = await tx.select({ kind: caseDocuments.kind, status: caseDocuments.status, createdAt: caseDocuments.createdAt }).from(caseDocuments).where(eq(caseDocuments.caseId, doc.caseId));
    const state = checklistState(c.requiredDocuments as DocumentKind[], docs.map((d) => ({ ...d, status: d.status as DocumentState })));
    if (!state.complete) return { state: 'documents' as CaseState, complete: false };
    await tx.update(documentSupplements).set({ status: 'resolved', resolvedAt: sql`now()` as unknown as Date }).where(and(eq(documentSupplements.caseId, doc.caseId), ne(documentSupplements.status, 'resolved')));
    const moving = { id: doc.caseId, state: 'documents' as CaseState };
    await move(tx, moving, 'documents_complete', v.tellerId);
    return { state: await proceedFromReady(tx, moving, c.requiredLevel, v.tellerId, executeCase), complete: true };
  });
}

/** Opens the case's supplement request or adds an item to it, and tells the customer (SMS and in-app). */
async function requestSupplement(tx: Tx, c: { id: string; customerId: string; sessionId: string | null }, item: { kind: DocumentKind; reasonCode: RejectionReason }, tellerId: string): Promise<void> {
  const [open] = await tx.select().from(documentSupplements).where(and(eq(documentSupplements.caseId, c.id), ne(documentSupplements.status, 'resolved'))).for('update');
  const items = [...((open?.items as { kind: DocumentKind; reasonCode: RejectionReason }[] | undefined) ?? []).filter((i) => i.kind !== item.kind), item];
  if (open) await tx.update(documentSupplements).set({ items, status: 'requested' }).where(eq(documentSupplements.id, open.id));
  else await tx.insert(documentSupplements).values({ caseId: c.id, items, requestedBy: tellerId, dueAt: sql`now() + make_interval(days => ${supplementDays()})` as unknown as Date });
  await addCaseEvent(tx, c.id, 'document.supplementRequested', tellerId, { items: items.map((i) => i.kind) });
  await notifyCustomer(tx, {
    customerId: c.customerId,
    sessionId: c.sessionId,
    template: 'documentsNeeded',
    params: (t) => ({ items: items.map((i) => `${t(`kinds.${i.kind}`)}（${t(`reasons.${i.reasonCode}`)}）`).join(t('listSeparator')), days: supplementDays() }),
    channels: ['sms', 'in_app'],
  });
}

const documentColumns = {
  id: caseDocuments.id,
  kind: caseDocuments.kind,
  status: caseDocuments.status,
  reasonCode: caseDocuments.reasonCode,
  note: caseDocuments.note,
  validFrom: caseDocuments.validFrom,
  validUntil: caseDocuments.validUntil,
  replacesId: caseDocuments.replacesId,
  mime: storedFiles.mime,
  size: storedFiles.size,
  hasThumbnail: sql<boolean>`${caseDocuments.thumbnailFileId} IS NOT NULL`,
  purged: sql<boolean>`${caseDocuments.purgedAt} IS NOT NULL`,
  uploadedByName: staff.displayName,
  createdAt: caseDocuments.createdAt,
};

/** A case's documents, newest first, for the checklist and the review screens (no personal data beyond the kind). */
export async function listCaseDocuments(caseId: string) {
  return db
    .select(documentColumns)
    .from(caseDocuments)
    .innerJoin(storedFiles, eq(storedFiles.id, caseDocuments.fileId))
    .innerJoin(staff, eq(staff.id, caseDocuments.uploadedBy))
    .where(eq(caseDocuments.caseId, caseId))
    .orderBy(desc(caseDocuments.createdAt), asc(caseDocuments.id));
}

/** listCaseDocuments for several cases in one statement, each row with its case; each case's rows newest first. */
export async function listDocumentsOfCases(caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return db
    .select({ ...documentColumns, caseId: caseDocuments.caseId })
    .from(caseDocuments)
    .innerJoin(storedFiles, eq(storedFiles.id, caseDocuments.fileId))
    .innerJoin(staff, eq(staff.id, caseDocuments.uploadedBy))
    .where(inArray(caseDocuments.caseId, caseIds))
    .orderBy(desc(caseDocuments.createdAt), asc(caseDocuments.id));
}

const supplementColumns = {
  id: documentSupplements.id,
  caseId: documentSupplements.caseId,
  status: documentSupplements.status,
  items: documentSupplements.items,
  dueAt: documentSupplements.dueAt,
  createdAt: documentSupplements.createdAt,
  // When the customer was told (the request's SMS left the outbox), if they have been yet.
  notifiedAt: sql<Date | null>`(SELECT max(o.sent_at) FROM outbox_messages o WHERE o.customer_id = ${cases.customerId} AND o.template = 'documentsNeeded' AND o.status = 'sent' AND o.created_at >= ${documentSupplements.createdAt})`,
};

type SupplementRow = { [K in keyof typeof supplementColumns]: unknown } & { items: unknown; notifiedAt: Date | null };
const toSupplement = <R extends SupplementRow>(row: R) => ({ ...row, items: row.items as { kind: DocumentKind; reasonCode: RejectionReason }[], notifiedAt: row.notifiedAt ? new Date(row.notifiedAt) : null });

/** The case's open supplement request, if any. */
export async function openSupplement(caseId: string) {
  const [row] = await db
    .select(supplementColumns)
    .from(documentSupplements)
    .innerJoin(cases, eq(cases.id, documentSupplements.caseId))
    .where(and(eq(documentSupplements.caseId, caseId), ne(documentSupplements.status, 'resolved')));
  if (!row) return undefined;
  const { caseId: _c, ...rest } = toSupplement(row);
  return rest;
}

/** openSupplement for several cases in one statement, by case. */
export async function openSupplementsOf(caseIds: string[]) {
  const rows = caseIds.length === 0 ? [] : await db
    .select(supplementColumns)
    .from(documentSupplements)
    .innerJoin(cases, eq(cases.id, documentSupplements.caseId))
    .where(and(inArray(documentSupplements.caseId, caseIds), ne(documentSupplements.status, 'resolved')));
  const byCase = new Map<string, Omit<ReturnType<typeof toSupplement<(typeof rows)[number]>>, 'caseId'>>();
  for (const row of rows) {
    const { caseId, ...rest } = toSupplement(row);
    if (!byCase.has(caseId)) byCase.set(caseId, rest);
  }
  return byCase;
}

/** What the file route needs to decide who may see a document, and to serve it. */
export async function getDocumentForView(id: string) {
  const [row] = await db
    .select({
      id: caseDocuments.id,
      caseId: caseDocuments.caseId,
      makerId: cases.makerId,
      sessionId: cases.sessionId,
      fileKey: storedFiles.storageKey,
      mime: storedFiles.mime,
      thumbnailFileId: caseDocuments.thumbnailFileId,
      purgedAt: caseDocuments.purgedAt,
    })
    .from(caseDocuments)
    .innerJoin(cases, eq(cases.id, caseDocuments.caseId))
    .innerJoin(storedFiles, eq(storedFiles.id, caseDocuments.fileId))
    .where(eq(caseDocuments.id, id));
  if (!row) return undefined;
  const [thumb] = row.thumbnailFileId ? await db.select({ key: storedFiles.storageKey, mime: storedFiles.mime }).from(storedFiles).where(eq(storedFiles.id, row.thumbnailFileId)) : [];
  return { ...row, thumbKey: thumb?.key ?? null, thumbMime: thumb?.mime ?? null };
}

/**
 * Supplement requests past their deadline (default 7 days), oldest first: a teller's own cases, or every case for a
 * supervisor (`makerId` undefined). Shown on the workbench and the supervisor's page until resolved.
 */
export async function listOverdueSupplements(makerId?: string, limit = 50) {
  return db
    .select({ id: documentSupplements.id, caseId: documentSupplements.caseId, type: cases.type, dueAt: documentSupplements.dueAt, items: documentSupplements.items, customerName: customers.name, makerName: staff.displayName })
    .from(documentSupplements)
    .innerJoin(cases, eq(cases.id, documentSupplements.caseId))
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .innerJoin(staff, eq(staff.id, cases.makerId))
    .where(and(ne(documentSupplements.status, 'resolved'), eq(cases.state, 'documents'), sql`${documentSupplements.dueAt} < now()`, makerId ? eq(cases.makerId, makerId) : undefined))
    .orderBy(asc(documentSupplements.dueAt))
    .limit(limit)
    .then((rows) => rows.map((r) => ({ ...r, items: r.items as { kind: DocumentKind; reasonCode: RejectionReason }[] })));
}
