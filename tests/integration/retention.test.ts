import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { openAccount } from '@/db/queries/ledger';
import { GET as view } from '@/app/api/documents/[documentId]/route';
import { submitAccountClosure } from '@/lib/cases/account-business';
import { decideCase } from '@/lib/cases/service';
import { uploadCaseDocument } from '@/lib/documents/service';
import { deletePurgedObjects, listPurges, listRetentionDue } from '@/lib/documents/retention';
import { storage } from '@/lib/storage';
import { openBytes } from '@/lib/crypto/pii';
import { action } from './actions';
import { completeDocuments, sessionWithAccount } from './card-factories';
import { makeUser, type TestUser } from './factories';
import { actAs } from './helpers';

let teller: TestUser;
let supervisor: TestUser;
let admin: TestUser;
let admin2: TestUser;

beforeAll(async () => {
  [teller, supervisor, admin, admin2] = [await makeUser('teller'), await makeUser('supervisor'), await makeUser('admin'), await makeUser('admin')];
});

afterEach(() => {
  delete process.env.AIR_COUNTER_DOCUMENT_RETENTION_DAYS;
});

/** A customer whose only account was closed through a case with its documents: the relationship has ended. */
async function formerCustomer() {
  const s = await sessionWithAccount(teller.id);
  const c = await submitAccountClosure(s.sessionId, teller.id, { accountId: s.account.id, idempotencyKey: randomUUID() });
  await completeDocuments(c.id, teller.id);
  await decideCase(c.id, supervisor.id, 'approve', null, null);
  const [doc] = await sql<{ id: string; key: string }[]>`SELECT d.id, f.storage_key AS key FROM case_documents d JOIN stored_files f ON f.id = d.file_id WHERE d.case_id = ${c.id}`;
  return { ...s, caseId: c.id, documentId: doc!.id, key: doc!.key };
}

describe('document retention', () => {
  it('closing the last account ends the relationship; deletion is refused while the period runs', async () => {
    const f = await formerCustomer();
    const [row] = await sql<{ ended: Date | null }[]>`SELECT relationship_ended_at AS ended FROM customers WHERE id = ${f.customer.id}`;
    expect(row!.ended).not.toBeNull();
    actAs(admin.sid);
    const r = await action('document.purgePropose')(null, { customerId: f.customer.id, reason: '测试删除' });
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('errors.retentionRuns') });
    expect(await sql`SELECT 1 FROM document_purges WHERE customer_id = ${f.customer.id}`).toHaveLength(0);
    // A customer still in a relationship is refused too.
    const open = await sessionWithAccount(teller.id);
    expect(await action('document.purgePropose')(null, { customerId: open.customer.id, reason: '测试删除' })).toMatchObject({ ok: false, message: 'errors.relationshipOpen' });
  });

  it('after the period (a short one here): one admin proposes, the same admin cannot approve, a second admin approves and the files go', async () => {
    const f = await formerCustomer();
    process.env.AIR_COUNTER_DOCUMENT_RETENTION_DAYS = '0';
    actAs(admin.sid);
    const proposed = (await action('document.purgePropose')(null, { customerId: f.customer.id, reason: '留存期满，按制度销毁' })) as { ok: boolean; data: { id: string } };
    expect(proposed.ok).toBe(true);
    expect(await action('document.purgeDecide')(null, { purgeId: proposed.data.id, decision: 'approve' })).toMatchObject({ ok: false, message: 'errors.ownPurge' });
    expect(await storage().exists(f.key)).toBe(true);
    // The database holds dual control too: a document cannot be marked purged under a pending purge.
    await expect(sql`UPDATE case_documents SET purge_id = ${proposed.data.id}, purged_at = now() WHERE id = ${f.documentId}`).rejects.toThrow(/approved purge/);

    actAs(admin2.sid);
    expect(await action('document.purgeDecide')(null, { purgeId: proposed.data.id, decision: 'approve' })).toMatchObject({ ok: true, message: 'retention.purged' });
    // The objects leave storage only after the purge committed, by the worker's sweep.
    expect(await storage().exists(f.key)).toBe(true);
    expect(await deletePurgedObjects()).toBeGreaterThan(0);
    expect(await storage().exists(f.key)).toBe(false);
    const docs = await sql<{ purged_at: Date | null; status: string }[]>`SELECT d.purged_at, d.status FROM case_documents d JOIN cases c ON c.id = d.case_id WHERE c.customer_id = ${f.customer.id}`;
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.every((d) => d.purged_at !== null && d.status === 'accepted')).toBe(true);
    // The record stays; the file is gone for good.
    actAs(supervisor.sid);
    expect((await view(new Request(`http://localhost/api/documents/${f.documentId}`), { params: Promise.resolve({ documentId: f.documentId }) })).status).toBe(410);
    expect(await action('document.purgeDecide')(null, { purgeId: proposed.data.id, decision: 'reject' })).toMatchObject({ ok: false, message: 'errors.forbidden' });
    actAs(admin2.sid);
    expect(await action('document.purgeDecide')(null, { purgeId: proposed.data.id, decision: 'reject' })).toMatchObject({ ok: false, message: 'errors.purgeDecided' });
    await expect(sql`DELETE FROM document_purges WHERE id = ${proposed.data.id}`).rejects.toThrow();
  });

  it('the same bytes uploaded after a purge are stored afresh', async () => {
    const f = await formerCustomer();
    const bytes = openBytes(await storage().get(f.key));
    process.env.AIR_COUNTER_DOCUMENT_RETENTION_DAYS = '0';
    actAs(admin.sid);
    const p1 = (await action('document.purgePropose')(null, { customerId: f.customer.id, reason: '留存期满' })) as { data: { id: string } };
    actAs(admin2.sid);
    await action('document.purgeDecide')(null, { purgeId: p1.data.id, decision: 'approve' });
    await deletePurgedObjects();
    const again = await sessionWithAccount(teller.id);
    const c = await submitAccountClosure(again.sessionId, teller.id, { accountId: again.account.id, idempotencyKey: randomUUID() });
    const doc = await uploadCaseDocument({ caseId: c.id, tellerId: teller.id, kind: 'application_form', bytes });
    const [row] = await sql<{ key: string }[]>`SELECT f.storage_key AS key FROM case_documents d JOIN stored_files f ON f.id = d.file_id WHERE d.id = ${doc.id}`;
    expect(row!.key).not.toBe(f.key);
    expect(await storage().exists(row!.key)).toBe(true);
  });

  it('never purges a customer with an account open again or business in progress', async () => {
    const f = await formerCustomer();
    process.env.AIR_COUNTER_DOCUMENT_RETENTION_DAYS = '0';
    actAs(admin.sid);
    const proposed = (await action('document.purgePropose')(null, { customerId: f.customer.id, reason: '留存期满' })) as { data: { id: string } };
    await db.transaction((tx) => openAccount(tx, { customerId: f.customer.id, kind: 'savings' }));
    actAs(admin2.sid);
    expect(await action('document.purgeDecide')(null, { purgeId: proposed.data.id, decision: 'approve' })).toMatchObject({ ok: false, message: 'errors.relationshipOpen' });
    expect(await storage().exists(f.key)).toBe(true);
  });

  it('the database holds the rest: no purge born approved, no file of a live record deleted, no file moved by the app', async () => {
    const f = await formerCustomer();
    await expect(sql`INSERT INTO document_purges (customer_id, reason, status, proposed_by, decided_by, decided_at) VALUES (${f.customer.id}, 'x', 'approved', ${admin.id}, ${admin2.id}, now())`).rejects.toThrow(/proposed, then decided/);
    const [file] = await sql<{ id: string }[]>`SELECT file_id AS id FROM case_documents WHERE id = ${f.documentId}`;
    await expect(sql`UPDATE stored_files SET deleted_at = now() WHERE id = ${file!.id}`).rejects.toThrow(/still needs/);
    await expect(sql`UPDATE stored_files SET storage_key = 'documents/2026/11/00000000-0000-0000-0000-000000000000' WHERE id = ${file!.id}`).rejects.toThrow(/only key rotation/);
    await expect(sql`DELETE FROM stored_files WHERE id = ${file!.id}`).rejects.toThrow();
  });

  it('the admin’s lists: customers past retention with their documents, and the proposals', async () => {
    const f = await formerCustomer();
    process.env.AIR_COUNTER_DOCUMENT_RETENTION_DAYS = '0';
    expect((await listRetentionDue(1000)).find((r) => r.customerId === f.customer.id)).toMatchObject({ documents: 1 });
    actAs(admin.sid);
    await action('document.purgePropose')(null, { customerId: f.customer.id, reason: '留存期满' });
    expect((await listPurges(1000)).find((p) => p.customerName === f.customer.fullName)).toMatchObject({ status: 'pending', proposedBy: admin.id });
  });

  it('a file another customer’s record still needs is kept', async () => {
    const f = await formerCustomer();
    // The same scan on an open case of someone else (content is stored once).
    const [bytesRow] = await sql<{ key: string }[]>`SELECT f.storage_key AS key FROM case_documents d JOIN stored_files f ON f.id = d.file_id WHERE d.id = ${f.documentId}`;
    const bytes = openBytes(await storage().get(bytesRow!.key));
    const other = await sessionWithAccount(teller.id);
    const otherCase = await submitAccountClosure(other.sessionId, teller.id, { accountId: other.account.id, idempotencyKey: randomUUID() });
    await uploadCaseDocument({ caseId: otherCase.id, tellerId: teller.id, kind: 'application_form', bytes });
    process.env.AIR_COUNTER_DOCUMENT_RETENTION_DAYS = '0';
    actAs(admin.sid);
    const proposed = (await action('document.purgePropose')(null, { customerId: f.customer.id, reason: '留存期满' })) as { data: { id: string } };
    actAs(admin2.sid);
    expect(await action('document.purgeDecide')(null, { purgeId: proposed.data.id, decision: 'approve' })).toMatchObject({ ok: true });
    await deletePurgedObjects();
    expect(await storage().exists(f.key)).toBe(true);
  });
});
