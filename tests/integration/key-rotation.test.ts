import { afterAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { matchCustomerBasics, searchCustomers } from '@/db/queries/customers';
import { encryptedColumns, rotateEncryption } from '@/db/rotate-keys';
import { randomUUID } from 'node:crypto';
import { blindIndex, currentKeyId, openBytes } from '@/lib/crypto/pii';
import { storage } from '@/lib/storage';
import { submitOpenAccount } from '@/lib/cases/account-business';
import { uploadCaseDocument } from '@/lib/documents/service';
import { cardAt, samplePng } from './card-factories';
import { action } from './actions';
import { makeUser, pendingRequest } from './factories';
import { actAs } from './helpers';

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
    const p = await pendingRequest(teller.id);
    await sql`UPDATE customers SET email_enc = ${(await import('@/lib/crypto/pii')).encryptPii('plain.text@example.org')} WHERE id = ${p.customer.id}`;
    actAs(supervisor.sid);
    await action('changeRequest.decide')(null, { requestId: p.requestId, decision: 'approved' });
    const tables = await encryptedColumns();
    expect([...tables.keys()]).toEqual(expect.arrayContaining(['customers', 'change_requests', 'outbox_messages', 'demo_sms_inbox', 'customer_app_messages', 'demo_email_inbox', 'enterprise_details', 'customer_agents', 'customer_guardians', 'cards']));
    for (const table of tables.keys()) {
      const [{ dump }] = await sql<{ dump: string }[]>`SELECT coalesce(string_agg(t::text, '|'), '') AS dump FROM ${sql(table)} t`;
      // The factory's customers live at 上海市黄浦区中山东一路 1 号 (stored sealed, shown as 上海市黄浦区****).
      for (const secret of [p.customer.idNumber, p.customer.mobile, p.newMobile, 'plain.text@example.org', '中山东一路']) expect(dump, `${table} holds ${secret}`).not.toContain(secret);
    }
  });
});

describe('npm run keys:rotate', () => {
  it('re-encrypts every value under the new key, recomputes the indexes, and the app still reads and finds everything', async () => {
    const teller = await makeUser('teller');
    const p = await pendingRequest(teller.id);
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

    // And back, so the rest of the suite reads the database with its own key.
    process.env.DATA_ENCRYPTION_KEY = ORIGINAL;
    process.env.DATA_ENCRYPTION_KEYS_PREVIOUS = NEW_KEY;
    await rotateEncryption();
    delete process.env.DATA_ENCRYPTION_KEYS_PREVIOUS;
    expect((await allSealed()).filter((v) => !v.startsWith(`k${oldId}.`))).toEqual([]);
    expect((await searchCustomers(p.customer.idNumber)).results.map((c) => c.id)).toEqual([p.customer.id]);
  });
});

describe('the decided-is-final trigger during rotation', () => {
  it('lets the owner re-seal a decided request under the rotation flag, and nothing else', async () => {
    const teller = await makeUser('teller');
    const supervisor = await makeUser('supervisor');
    const p = await pendingRequest(teller.id);
    actAs(supervisor.sid);
    await action('changeRequest.decide')(null, { requestId: p.requestId, decision: 'rejected', reason: '测试' });
    await expect(sql`UPDATE change_requests SET old_value_enc = old_value_enc || '' WHERE id = ${p.requestId}`).rejects.toThrow(/already decided/);
    await expect(
      sql.begin(async (tx) => {
        await tx`SET LOCAL air_counter.key_rotation = 'on'`;
        await tx`UPDATE change_requests SET status = 'approved' WHERE id = ${p.requestId}`;
      }),
    ).rejects.toThrow(/may only re-seal/);
  });
});
