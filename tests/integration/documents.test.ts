import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { GET as view } from '@/app/api/documents/[documentId]/route';
import { submitOpenAccount } from '@/lib/cases/account-business';
import { decideCase } from '@/lib/cases/service';
import { sweepCases } from '@/lib/cases/sla';
import { listOverdueSupplements, uploadCaseDocument } from '@/lib/documents/service';
import { DEFAULT_CHECKLIST } from '@/lib/documents/checklist';
import { CATALOG, PAGE, PAGES, pdf } from '@/lib/files/test-samples';
import { decryptPii, isSealedBytes } from '@/lib/crypto/pii';
import { storage } from '@/lib/storage';
import { action } from './actions';
import { completeDocuments, samplePng, sessionWithAccount } from './card-factories';
import { makeUser, type TestUser } from './factories';
import { actAs, auditSince, businessChecksums, maxAuditSeq } from './helpers';

let teller: TestUser;
let other: TestUser;
let supervisor: TestUser;

beforeAll(async () => {
  teller = await makeUser('teller');
  other = await makeUser('teller');
  supervisor = await makeUser('supervisor');
});

/** A case collecting documents: an account opening for a new individual (ID both sides and the application). */
async function collecting() {
  const s = await sessionWithAccount(teller.id);
  const c = await submitOpenAccount(s.sessionId, teller.id, { accountKind: 'savings', idempotencyKey: randomUUID() });
  return { ...s, caseId: c.id };
}

const upload = (caseId: string, kind: string, file: Blob, replacesId?: string) => action('document.upload')(null, { caseId, kind, file, ...(replacesId ? { replacesId } : {}) });
const review = (documentId: string, decision: 'accept' | 'reject', extra: Record<string, string> = {}) => action('document.review')(null, { documentId, decision, ...extra });
const png = async (name = 'scan.png') => new File([Buffer.from(await samplePng())], name, { type: 'image/png' });
const caseState = async (id: string) => (await sql<{ state: string }[]>`SELECT state FROM cases WHERE id = ${id}`)[0]!.state;

describe('uploading a document', () => {
  it('stores it once by content with a thumbnail, on the case timeline, audited', async () => {
    const c = await collecting();
    actAs(teller.sid);
    const seq = await maxAuditSeq();
    const file = await png();
    const r = await upload(c.caseId, 'id_front', file);
    expect(r).toMatchObject({ ok: true, message: 'documents.uploaded' });
    const [row] = await sql<{ kind: string; status: string; thumb: string | null; mime: string }[]>`
      SELECT d.kind, d.status, t.mime AS thumb, f.mime FROM case_documents d JOIN stored_files f ON f.id = d.file_id LEFT JOIN stored_files t ON t.id = d.thumbnail_file_id WHERE d.case_id = ${c.caseId}`;
    expect(row).toEqual({ kind: 'id_front', status: 'uploaded', thumb: 'image/webp', mime: 'image/png' });
    // Sealed at rest: the stored object is not the scan's bytes (no PNG signature, no plain content).
    const [{ key }] = await sql<{ key: string }[]>`SELECT f.storage_key AS key FROM case_documents d JOIN stored_files f ON f.id = d.file_id WHERE d.case_id = ${c.caseId}`;
    const stored = await storage().get(key);
    expect(isSealedBytes(stored)).toBe(true);
    expect(Buffer.from(stored).includes(Buffer.from((await file.arrayBuffer()).slice(0, 8)))).toBe(false);
    // The same file again (a double click, a retry) is one document.
    expect(await upload(c.caseId, 'id_front', file)).toMatchObject({ ok: true, message: 'documents.alreadyUploaded' });
    expect(await sql`SELECT 1 FROM case_documents WHERE case_id = ${c.caseId}`).toHaveLength(1);
    expect((await auditSince(seq)).filter((a) => a.action === 'document.upload' && a.outcome === 'ok')).toHaveLength(2);
  });

  it('a concurrent double submit of the same file stores it once', async () => {
    const c = await collecting();
    const bytes = await samplePng();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => uploadCaseDocument({ caseId: c.caseId, tellerId: teller.id, kind: 'application_form', bytes })));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(new Set(results.map((r) => (r as PromiseFulfilledResult<{ id: string }>).value.id)).size).toBe(1);
    expect(await sql`SELECT 1 FROM case_documents WHERE case_id = ${c.caseId}`).toHaveLength(1);
  });

  it.each([
    ['a renamed executable', () => new File([Buffer.from('MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode')], 'id.png', { type: 'image/png' }), 'errors.documentType'],
    ['a zero-byte file', () => new File([], 'empty.png', { type: 'image/png' }), 'errors.fileEmpty'],
    ['a PDF with JavaScript', () => new File([Buffer.from(pdf(['<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>', PAGES, PAGE, '<< /S /JavaScript /JS (app.alert\\(1\\)) >>']))], 'form.pdf', { type: 'application/pdf' }), 'errors.pdfJavascript'],
    ['an encrypted PDF', () => new File([Buffer.from(pdf([CATALOG, PAGES, PAGE], '/Encrypt 5 0 R'))], 'form.pdf', { type: 'application/pdf' }), 'errors.pdfEncrypted'],
  ])('refuses %s with a clear message, stores nothing, and audits it', async (_label, make, message) => {
    const c = await collecting();
    actAs(teller.sid);
    const before = await businessChecksums();
    const seq = await maxAuditSeq();
    expect(await upload(c.caseId, 'application_form', make())).toEqual({ ok: false, message, fieldErrors: { file: [message] } });
    expect(await businessChecksums()).toEqual(before);
    expect(await auditSince(seq)).toEqual([expect.objectContaining({ action: 'document.upload', outcome: 'failed' })]);
  });

  it('refuses an oversized file before it is read, and a path-traversal name changes nothing about where it goes', async () => {
    const c = await collecting();
    actAs(teller.sid);
    process.env.AIR_COUNTER_MAX_UPLOAD_MB = '0.0001';
    try {
      const before = await businessChecksums();
      expect(await upload(c.caseId, 'application_form', await png())).toMatchObject({ ok: false, fieldErrors: { file: ['errors.fileTooLarge'] } });
      expect(await businessChecksums()).toEqual(before);
    } finally {
      delete process.env.AIR_COUNTER_MAX_UPLOAD_MB;
    }
    expect(await upload(c.caseId, 'application_form', await png('../../../../etc/passwd.png'))).toMatchObject({ ok: true });
    const [row] = await sql<{ key: string }[]>`SELECT f.storage_key AS key FROM case_documents d JOIN stored_files f ON f.id = d.file_id WHERE d.case_id = ${c.caseId}`;
    expect(row!.key).toMatch(/^documents\/\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
  });

  it('refuses an upload to a case the teller may not touch (another teller’s), stores nothing, audits it', async () => {
    const c = await collecting();
    actAs(other.sid);
    const before = await businessChecksums();
    const seq = await maxAuditSeq();
    expect(await upload(c.caseId, 'application_form', await png())).toMatchObject({ ok: false, message: 'errors.notFound' });
    expect(await businessChecksums()).toEqual(before);
    expect(await auditSince(seq)).toEqual([expect.objectContaining({ action: 'document.upload', outcome: 'denied' })]);
  });
});

describe('reviewing and the checklist', () => {
  it('refuses approval while a required document is missing or rejected; the rejection asks the customer; the re-upload makes it ready', async () => {
    const c = await collecting();
    actAs(teller.sid);
    const ids: Record<string, string> = {};
    for (const kind of ['id_front', 'id_back', 'application_form']) ids[kind] = ((await upload(c.caseId, kind, await png())) as { data: { id: string } }).data.id;
    // An expired document is not accepted.
    expect(await review(ids.id_front!, 'accept', { validUntil: '2020-01-01' })).toMatchObject({ ok: false, fieldErrors: { validUntil: ['errors.documentExpiredAccept'] } });
    expect(await review(ids.id_front!, 'accept')).toMatchObject({ ok: true, message: 'documents.accepted' });
    // A rejection needs its reason; "other" needs a note.
    expect(await review(ids.id_back!, 'reject')).toMatchObject({ ok: false, fieldErrors: { reasonCode: ['errors.reasonCodeRequired'] } });
    expect(await review(ids.id_back!, 'reject', { reasonCode: 'other' })).toMatchObject({ ok: false, fieldErrors: { note: ['errors.noteRequiredForOther'] } });
    expect(await review(ids.id_back!, 'reject', { reasonCode: 'illegible' })).toMatchObject({ ok: true, message: 'documents.rejected' });
    expect(await review(ids.id_back!, 'accept')).toMatchObject({ ok: false, message: 'errors.documentReviewed' });
    expect(await review(ids.application_form!, 'accept')).toMatchObject({ ok: true, message: 'documents.accepted' });

    // Through the decision action directly: the case is not awaiting approval while a document is rejected.
    actAs(supervisor.sid);
    expect(await action('case.decide')(null, { caseId: c.caseId, decision: 'approve' })).toMatchObject({ ok: false, message: expect.stringContaining('errors.caseDecided') });
    expect(await caseState(c.caseId)).toBe('documents');
    // And the database refuses to let it on.
    await expect(sql`UPDATE cases SET state = 'ready' WHERE id = ${c.caseId}`).rejects.toThrow(/required document/);

    const [supplement] = await sql<{ status: string; items: { kind: string; reasonCode: string }[] }[]>`SELECT status, items FROM document_supplements WHERE case_id = ${c.caseId}`;
    expect(supplement).toEqual({ status: 'requested', items: [{ kind: 'id_back', reasonCode: 'illegible' }] });
    const [sms] = await sql<{ body: string }[]>`SELECT body_enc AS body FROM outbox_messages WHERE customer_id = ${c.customer.id} AND template = 'documentsNeeded' AND channel = 'sms'`;
    expect(decryptPii(sms!.body)).toContain('身份证国徽面（不清晰）');

    actAs(teller.sid);
    const again = (await upload(c.caseId, 'id_back', await png(), ids.id_back)) as { data: { id: string } };
    expect((await sql<{ status: string }[]>`SELECT status FROM document_supplements WHERE case_id = ${c.caseId}`)[0]!.status).toBe('reuploaded');
    expect(await review(again.data.id, 'accept')).toMatchObject({ ok: true, message: 'documents.completeSubmitted' });
    expect(await caseState(c.caseId)).toBe('pending_approval');
    expect((await sql<{ status: string }[]>`SELECT status FROM document_supplements WHERE case_id = ${c.caseId}`)[0]!.status).toBe('resolved');
    // Both versions are kept; nothing is overwritten or deleted.
    expect(await sql`SELECT 1 FROM case_documents WHERE case_id = ${c.caseId} AND kind = 'id_back'`).toHaveLength(2);
    await expect(sql`DELETE FROM case_documents WHERE case_id = ${c.caseId}`).rejects.toThrow();
    expect(await decideCase(c.caseId, supervisor.id, 'approve', null, null)).toMatchObject({ outcome: 'decided', state: 'completed' });
  });

  it('a suspected forgery is an exception for the supervisors and stops the customer’s business until cleared', async () => {
    const c = await collecting();
    actAs(teller.sid);
    const first = (await upload(c.caseId, 'id_front', await png())) as { data: { id: string } };
    expect(await review(first.data.id, 'reject', { reasonCode: 'suspected_forgery' })).toMatchObject({ ok: true });
    const [lock] = await sql<{ id: string; step: string }[]>`SELECT id, step FROM verification_locks WHERE customer_id = ${c.customer.id} AND status = 'open'`;
    expect(lock!.step).toBe('document');
    // No supplement is asked of the customer; nothing more can be uploaded, and gated business refuses.
    expect(await sql`SELECT 1 FROM document_supplements WHERE case_id = ${c.caseId}`).toHaveLength(0);
    expect(await upload(c.caseId, 'id_front', await png())).toMatchObject({ ok: false, message: 'errors.customerLocked' });
    expect(await action('case.openAccount')(null, { sessionId: c.sessionId, accountKind: 'current', idempotencyKey: randomUUID() })).toMatchObject({ ok: false, message: 'errors.customerLocked' });
    actAs(supervisor.sid);
    expect(await action('verificationLock.clear')(null, { lockId: lock!.id, note: '核实原件无误，系扫描质量问题' })).toMatchObject({ ok: true });
    actAs(teller.sid);
    expect(await upload(c.caseId, 'id_front', await png(), first.data.id)).toMatchObject({ ok: true });
  });

  it('an overdue supplement comes to the teller’s and the supervisors’ attention until resolved', async () => {
    const c = await collecting();
    const doc = await uploadCaseDocument({ caseId: c.caseId, tellerId: teller.id, kind: 'id_front', bytes: await samplePng() });
    actAs(teller.sid);
    await review(doc.id, 'reject', { reasonCode: 'expired' });
    const ids = async (maker?: string) => (await listOverdueSupplements(maker, 1000)).map((r) => r.caseId);
    expect(await ids(teller.id)).not.toContain(c.caseId);
    await sql`UPDATE document_supplements SET due_at = now() - interval '1 minute' WHERE case_id = ${c.caseId}`;
    expect(await ids(teller.id)).toContain(c.caseId);
    expect(await ids()).toContain(c.caseId);
    expect(await ids(other.id)).not.toContain(c.caseId);
  });

  it('a case nobody finishes collecting expires, and its supplement request closes with it', async () => {
    const c = await collecting();
    const doc = await uploadCaseDocument({ caseId: c.caseId, tellerId: teller.id, kind: 'id_front', bytes: await samplePng() });
    actAs(teller.sid);
    await review(doc.id, 'reject', { reasonCode: 'illegible' });
    await sql`UPDATE cases SET expires_at = now() - interval '1 minute' WHERE id = ${c.caseId}`;
    expect((await sweepCases()).expired).toBeGreaterThanOrEqual(1);
    expect(await caseState(c.caseId)).toBe('expired');
    expect((await sql<{ status: string }[]>`SELECT status FROM document_supplements WHERE case_id = ${c.caseId}`)[0]!.status).toBe('resolved');
    expect(await upload(c.caseId, 'id_front', await png())).toMatchObject({ ok: false, message: 'errors.caseNotCollecting' });
  });

  it('version 1 published by the migrations is the default checklist of the code', async () => {
    const [{ config }] = await sql<{ config: unknown }[]>`SELECT config FROM document_checklists WHERE version = 1`;
    expect(config).toEqual(DEFAULT_CHECKLIST);
  });

  it('a case keeps the checklist version it was opened with', async () => {
    const before = await collecting();
    const [{ v }] = await sql<{ v: number }[]>`SELECT max(version)::int AS v FROM document_checklists`;
    const [{ config }] = await sql<{ config: Record<string, Record<string, string[]>> }[]>`SELECT config FROM document_checklists WHERE version = ${v}`;
    await sql`INSERT INTO document_checklists (version, config, note) VALUES (${v + 1}, ${JSON.stringify({ ...config, open_account: { ...config.open_account!, individual: ['application_form'] } })}::jsonb, '测试：开户只需申请书')`;
    const after = await collecting();
    const rows = await sql<{ id: string; checklist_version: number; required_documents: string[] }[]>`SELECT id, checklist_version, required_documents FROM cases WHERE id IN (${before.caseId}, ${after.caseId})`;
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[before.caseId]).toMatchObject({ checklist_version: v, required_documents: ['id_front', 'id_back', 'application_form'] });
    expect(byId[after.caseId]).toMatchObject({ checklist_version: v + 1, required_documents: ['application_form'] });
    await expect(sql`UPDATE document_checklists SET note = 'x' WHERE version = ${v}`).rejects.toThrow();
    expect(await completeDocuments(after.caseId, teller.id)).toBe('pending_approval');
    // Later tests expect version 1's list: publish it again on top.
    await sql`INSERT INTO document_checklists (version, config, note) VALUES (${v + 2}, ${JSON.stringify(config)}::jsonb, '恢复 Restore')`;
  });
});

describe('viewing a document', () => {
  it('only through the authorised route: not signed out, not by an unrelated teller; each view audited, never cached', async () => {
    const c = await collecting();
    const doc = await uploadCaseDocument({ caseId: c.caseId, tellerId: teller.id, kind: 'id_front', bytes: await samplePng() });
    const get = (sid: string | null, thumb = false) => {
      actAs(sid);
      return view(new Request(`http://localhost/api/documents/${doc.id}${thumb ? '?thumb=1' : ''}`), { params: Promise.resolve({ documentId: doc.id }) });
    };
    expect((await get(null)).status).toBe(401);
    let seq = await maxAuditSeq();
    expect((await get(other.sid)).status).toBe(404);
    expect(await auditSince(seq)).toEqual([expect.objectContaining({ actor_id: other.id, outcome: 'denied' })]);
    seq = await maxAuditSeq();
    const mine = await get(teller.sid);
    expect(mine.status).toBe(200);
    // Opened for the view: the bytes served are the scan as uploaded.
    const served = Buffer.from(await mine.clone().arrayBuffer());
    expect(served.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(mine.headers.get('cache-control')).toBe('no-store');
    expect(mine.headers.get('content-type')).toBe('image/png');
    const thumb = await get(supervisor.sid, true);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect((await thumb.arrayBuffer()).byteLength).toBeGreaterThan(0);
    expect((await auditSince(seq)).map((a) => [a.action, a.actor_id])).toEqual([
      ['document.view', teller.id],
      ['document.view', supervisor.id],
    ]);
  });
});
