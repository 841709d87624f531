import { afterAll, describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { matchCustomerBasics, searchCustomers } from '@/db/queries/customers';
import { encryptedColumns, rotateEncryption } from '@/db/rotate-keys';
import { randomUUID } from 'node:crypto';
import { blindIndex, currentKeyId, decryptPii, encryptPii, openBytes } from '@/lib/crypto/pii';
import { storage } from '@/lib/storage';
import { submitOpenAccount } from '@/lib/cases/account-business';
import { uploadCaseDocument } from '@/lib/documents/service';
import { cardAt, samplePng } from './card-factories';
import { action } from './actions';
import { decideChangeRequest, insertChangeRequest } from '@/db/queries/change-requests';
import { revealCaseValue } from '@/db/queries/cases';
import { decideCase } from '@/lib/cases/service';
import { freshMobile, makeCustomer, makeUser, pendingMobileChange } from './factories';
import { actAs, pgFailure } from './helpers';

const ORIGINAL = process.env.DATA_ENCRYPTION_KEY!;
const NEW_KEY = 'integration-rotated-data-key-0123456789-abcdef';

afterAll(() => {
  process.env.DATA_ENCRYPTION_KEY = ORIGINAL;
  delete process.env.DATA_ENCRYPTION_KEYS_PREVIOUS;
});

/** Every sealed value in the database, from every encrypted column of every table. */
async function allSealed(): Promise<string[]> {
  const out: string[] = [];
  for (const [table, columns] of await encryptedColumns()) {
    for (const c of columns) {
      const rows = await sql<{ v: string }[]>`SELECT ${sql(c)} AS v FROM ${sql(table)} WHERE ${sql(c)} IS NOT NULL`;
      out.push(...rows.map((r) => r.v));
    }
  }
  return out;
}

describe('personal data at rest', () => {
  it('raw SQL over every table with sealed columns finds no plaintext ID number, mobile, e-mail or address', async () => {
    const teller = await makeUser('teller');
    const supervisor = await makeUser('supervisor');
    const p = await pendingMobileChange(teller.id);
    // A second change still awaiting its decision: its case holds the old and the new number.
    const waiting = await pendingMobileChange(teller.id);
    await sql`UPDATE customers SET email_enc = ${(await import('@/lib/crypto/pii')).encryptPii('plain.text@example.org')} WHERE id = ${p.customer.id}`;
    actAs(supervisor.sid);
    expect(await action('case.decide')(null, { caseId: p.caseId, decision: 'approve' })).toMatchObject({ ok: true, data: { state: 'completed' } });
    const tables = await encryptedColumns();
    expect([...tables.keys()]).toEqual(expect.arrayContaining(['customers', 'cases', 'change_requests', 'outbox_messages', 'demo_sms_inbox', 'customer_app_messages', 'demo_email_inbox', 'enterprise_details', 'customer_agents', 'customer_guardians', 'cards']));
    expect(tables.get('cases')).toContain('payload_enc');
    for (const table of tables.keys()) {
      const [{ dump }] = await sql<{ dump: string }[]>`SELECT coalesce(string_agg(t::text, '|'), '') AS dump FROM ${sql(table)} t`;
      // The factory's customers live at 上海市黄浦区中山东一路 1 号 (stored sealed, shown as 上海市黄浦区****).
      for (const secret of [p.customer.idNumber, p.customer.mobile, p.newMobile, waiting.customer.mobile, waiting.newMobile, 'plain.text@example.org', '中山东一路']) expect(dump, `${table} holds ${secret}`).not.toContain(secret);
    }
    // The tables without a sealed column hold none of it either (a case's events and summary, the change history...).
    for (const table of ['case_events', 'case_decisions', 'customer_changes', 'session_events', 'audit_events']) {
      const [{ dump }] = await sql<{ dump: string }[]>`SELECT coalesce(string_agg(t::text, '|'), '') AS dump FROM ${sql(table)} t`;
      for (const secret of [p.customer.mobile, p.newMobile, waiting.customer.mobile, waiting.newMobile]) expect(dump, `${table} holds ${secret}`).not.toContain(secret);
    }
  });
});

describe('npm run keys:rotate', () => {
  it('re-encrypts every value under the new key, recomputes the indexes, and the app still reads and finds everything', async () => {
    const teller = await makeUser('teller');
    const supervisor = await makeUser('supervisor');
    // An information change awaiting its decision, and one already completed: both cases' payloads are re-sealed.
    const p = await pendingMobileChange(teller.id);
    const done = await pendingMobileChange(teller.id);
    expect(await decideCase(done.caseId, supervisor.id, 'approve', null, null)).toMatchObject({ outcome: 'decided', state: 'completed' });
    const payloadOf = async (caseId: string) => (await sql<{ v: string }[]>`SELECT payload_enc AS v FROM cases WHERE id = ${caseId}`)[0]!.v;
    const sealedBefore = { pending: await payloadOf(p.caseId), done: await payloadOf(done.caseId) };
    const card = await cardAt('produced', teller.id, (await makeUser('supervisor')).id);
    const cardIndex = async () => (await sql<{ i: string }[]>`SELECT number_index AS i FROM cards WHERE id = ${card.cardId}`)[0]!.i;
    // A sealed document file too.
    const opening = await submitOpenAccount(card.sessionId, teller.id, { accountKind: 'savings', idempotencyKey: randomUUID() });
    const scan = await samplePng();
    const doc = await uploadCaseDocument({ caseId: opening.id, tellerId: teller.id, kind: 'id_front', bytes: scan });
    const fileKey = async () => (await sql<{ k: string }[]>`SELECT f.storage_key AS k FROM case_documents d JOIN stored_files f ON f.id = d.file_id WHERE d.id = ${doc.id}`)[0]!.k;
    const keyBefore = await fileKey();
    const oldId = currentKeyId();

    process.env.DATA_ENCRYPTION_KEY = NEW_KEY;
    process.env.DATA_ENCRYPTION_KEYS_PREVIOUS = ORIGINAL;
    const r = await rotateEncryption();
    expect(r.values).toBeGreaterThan(0);
    const newId = currentKeyId();
    expect(newId).not.toBe(oldId);
    expect((await allSealed()).filter((v) => !v.startsWith(`k${newId}.`))).toEqual([]);
    for (const [which, caseId] of [['pending', p.caseId], ['done', done.caseId]] as const) {
      const after = await payloadOf(caseId);
      expect(after.startsWith(`k${newId}.`), which).toBe(true);
      expect(after).not.toBe(sealedBefore[which]);
    }
    // Running it again finds nothing left to do.
    expect((await rotateEncryption()).values).toBe(0);

    // The old key can go now: search by full ID number (blind index) and the server-side comparison still work.
    delete process.env.DATA_ENCRYPTION_KEYS_PREVIOUS;
    expect((await searchCustomers(p.customer.idNumber)).results.map((c) => c.id)).toEqual([p.customer.id]);
    expect(await matchCustomerBasics(p.customer.id, { name: p.customer.fullName, idNumber: p.customer.idNumber, mobile: p.customer.mobile })).toEqual([]);
    // A card number's uniqueness index follows the key too.
    expect(await cardIndex()).toBe(blindIndex('card', card.cardNumber));
    // The document file is re-sealed under the new key, as a new object; the old one is gone.
    const keyAfter = await fileKey();
    expect(keyAfter).not.toBe(keyBefore);
    expect(await storage().exists(keyBefore)).toBe(false);
    expect(Buffer.from(openBytes(await storage().get(keyAfter)))).toEqual(Buffer.from(scan));
    // The pending case's payload opens under the new key alone: its checker reads it, and its approval executes it.
    expect(await revealCaseValue(p.caseId, 'new', supervisor.id)).toBe(p.newMobile);
    expect(await revealCaseValue(p.caseId, 'old', supervisor.id)).toBe(p.customer.mobile);
    expect(await decideCase(p.caseId, supervisor.id, 'approve', null, null)).toMatchObject({ outcome: 'decided', state: 'completed' });
    expect(await matchCustomerBasics(p.customer.id, { name: p.customer.fullName, idNumber: p.customer.idNumber, mobile: p.newMobile })).toEqual([]);

    // And back, so the rest of the suite reads the database with its own key.
    process.env.DATA_ENCRYPTION_KEY = ORIGINAL;
    process.env.DATA_ENCRYPTION_KEYS_PREVIOUS = NEW_KEY;
    await rotateEncryption();
    delete process.env.DATA_ENCRYPTION_KEYS_PREVIOUS;
    expect((await allSealed()).filter((v) => !v.startsWith(`k${oldId}.`))).toEqual([]);
    expect((await searchCustomers(p.customer.idNumber)).results.map((c) => c.id)).toEqual([p.customer.id]);
  });
});

describe('the decided-is-final triggers during rotation', () => {
  it('lets the owner re-seal a decided risk override under the rotation flag, and nothing else', async () => {
    const [maker, checker] = [await makeUser('supervisor'), await makeUser('supervisor')];
    const customer = await makeCustomer();
    const requestId = await insertChangeRequest(db, { customerId: customer.id, oldValue: 'none', newValue: 'high', makerId: maker.id, reason: '可疑交易报告' });
    expect(await decideChangeRequest(requestId, checker.id, 'rejected', '测试')).toBe('decided');
    await expect(sql`UPDATE change_requests SET old_value_enc = old_value_enc || '' WHERE id = ${requestId}`).rejects.toThrow(/already decided/);
    await expect(
      sql.begin(async (tx) => {
        await tx`SET LOCAL air_counter.key_rotation = 'on'`;
        await tx`UPDATE change_requests SET status = 'approved' WHERE id = ${requestId}`;
      }),
    ).rejects.toThrow(/may only re-seal/);
    // The re-seal itself is let through.
    const resealed = encryptPii(decryptPii((await sql<{ v: string }[]>`SELECT old_value_enc AS v FROM change_requests WHERE id = ${requestId}`)[0]!.v));
    await sql.begin(async (tx) => {
      await tx`SET LOCAL air_counter.key_rotation = 'on'`;
      await tx`UPDATE change_requests SET old_value_enc = ${resealed} WHERE id = ${requestId}`;
    });
    expect(await sql`SELECT status, checker_id, old_value_enc FROM change_requests WHERE id = ${requestId}`).toEqual([{ status: 'rejected', checker_id: checker.id, old_value_enc: resealed }]);
  });

  it('holds a completed information-change case the same way: only its payload is re-sealed under the flag', async () => {
    const teller = await makeUser('teller');
    const supervisor = await makeUser('supervisor');
    const p = await pendingMobileChange(teller.id);
    expect(await decideCase(p.caseId, supervisor.id, 'approve', null, null)).toMatchObject({ outcome: 'decided', state: 'completed' });
    // Outside a rotation the payload is what the case is: it never changes.
    expect((await pgFailure(() => sql`UPDATE cases SET payload_enc = payload_enc || 'x' WHERE id = ${p.caseId}`)).message).toMatch(/does not change once made/);
    await expect(
      sql.begin(async (tx) => {
        await tx`SET LOCAL air_counter.key_rotation = 'on'`;
        await tx`UPDATE cases SET state = 'rejected' WHERE id = ${p.caseId}`;
      }),
    ).rejects.toThrow(/key rotation may only re-seal case/);
    await expect(
      sql.begin(async (tx) => {
        await tx`SET LOCAL air_counter.key_rotation = 'on'`;
        await tx`UPDATE cases SET maker_id = ${supervisor.id}, payload_enc = ${encryptPii('{}')} WHERE id = ${p.caseId}`;
      }),
    ).rejects.toThrow(/key rotation may only re-seal case/);
    // The re-seal itself is let through.
    const resealed = encryptPii(decryptPii((await sql<{ v: string }[]>`SELECT payload_enc AS v FROM cases WHERE id = ${p.caseId}`)[0]!.v));
    await sql.begin(async (tx) => {
      await tx`SET LOCAL air_counter.key_rotation = 'on'`;
      await tx`UPDATE cases SET payload_enc = ${resealed} WHERE id = ${p.caseId}`;
    });
    expect(await sql`SELECT payload_enc FROM cases WHERE id = ${p.caseId}`).toEqual([{ payload_enc: resealed }]);
    expect(await sql`SELECT state, maker_id FROM cases WHERE id = ${p.caseId}`).toEqual([{ state: 'completed', maker_id: teller.id }]);
  });

  it('change_requests takes a risk override only: a customer change inserted there directly is refused', async () => {
    const teller = await makeUser('teller');
    const p = await pendingMobileChange(teller.id);
    const failure = await pgFailure(
      () => sql`INSERT INTO change_requests (session_id, customer_id, type, old_value_enc, new_value_enc, maker_id)
        VALUES (${p.sessionId}, ${p.customer.id}, 'change_mobile', ${encryptPii(p.customer.mobile)}, ${encryptPii(freshMobile())}, ${teller.id})`,
    );
    expect(failure).toMatchObject({ code: '23514', constraint: 'change_requests_risk_override_only' });
    expect(await sql`SELECT id FROM change_requests WHERE customer_id = ${p.customer.id}`).toEqual([]);
  });
});
