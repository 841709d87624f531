import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { backfillBirthDates, getCustomerProfile } from '@/db/queries/customers';
import { isElderly } from '@/lib/customers/documents/age';
import { encryptPii } from '@/lib/crypto/pii';
import { idCheckCharacter } from '@/lib/customers/id-number';
import { sql } from '@/db';
import { action } from './actions';
import { freshIdNumber, freshMobile, makeCustomer, makeUser, startSession, type TestUser } from './factories';
import { actAs, businessChecksums, confirmed } from './helpers';

let teller: TestUser;
beforeAll(async () => {
  teller = await makeUser('teller');
});

describe('second confirmation (二次确认)', () => {
  it('a second entry that differs is refused at that field, and nothing is saved', async () => {
    actAs(teller.sid);
    const sessionId = await startSession(teller.id);
    const idNumber = await freshIdNumber();
    const base = confirmed({ sessionId, name: '钱八', idNumber, mobile: freshMobile() });
    const before = await businessChecksums();
    const r = await action('customer.create')(null, { ...base, nameConfirm: '钱人', idNumberConfirm: idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1'), mobileConfirm: '13900000000' });
    expect(r).toEqual({ ok: false, message: 'errors.checkFields', fieldErrors: { nameConfirm: ['errors.confirmMismatch'], idNumberConfirm: ['errors.confirmMismatch'], mobileConfirm: ['errors.confirmMismatch'] } });
    expect(await businessChecksums()).toEqual(before);
    // Spacing and letter case do not count as a difference.
    expect(await action('customer.create')(null, { ...base, idNumberConfirm: idNumber.toLowerCase(), mobileConfirm: ` ${base.mobile.slice(0, 3)} ${base.mobile.slice(3)}` })).toMatchObject({ ok: true });
  });
});

describe('a duplicate identity number', () => {
  it('leads to the existing customer instead of a second record', async () => {
    const existing = await makeCustomer();
    actAs(teller.sid);
    const sessionId = await startSession(teller.id);
    const r = await action('customer.create')(null, confirmed({ sessionId, name: '另一个名字', idNumber: existing.idNumber.toLowerCase(), mobile: freshMobile() }));
    expect(r).toMatchObject({ ok: true, message: 'teller.customerExistsAttached', tone: 'warning', data: { id: existing.id, name: existing.fullName } });
    const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM customers WHERE id_number_last4 = ${existing.idNumber.slice(-4)} AND name IN (${existing.fullName}, '另一个名字')`;
    expect(n).toBe(1);
    const [session] = await sql`SELECT customer_id FROM service_sessions WHERE id = ${sessionId}`;
    expect(session!.customer_id).toBe(existing.id);
    const [event] = await sql`SELECT kind, data FROM session_events WHERE session_id = ${sessionId} AND kind = 'customer.identified'`;
    expect(event!.data).toMatchObject({ customer: existing.id, duplicate: true });
  });
});

describe('a minor', () => {
  const withCheck = (first17: string) => first17 + idCheckCharacter(first17);
  const minorId = () => withCheck(`1101052015${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}${String(randomInt(0, 1000)).padStart(3, '0')}`);

  it('is refused without a guardian, field by field, and nothing is saved', async () => {
    actAs(teller.sid);
    const sessionId = await startSession(teller.id);
    const before = await businessChecksums();
    const r = await action('customer.create')(null, confirmed({ sessionId, name: '小明', idNumber: minorId(), mobile: freshMobile() }));
    expect(r).toEqual({
      ok: false,
      message: 'errors.checkFields',
      fieldErrors: { guardianName: ['errors.guardianRequired'], guardianRelationship: ['errors.guardianRequired'], guardianIdNumber: ['errors.guardianRequired'] },
    });
    expect(await businessChecksums()).toEqual(before);
  });

  it('is refused with a guardian who is a minor too, and saved with an adult guardian (encrypted, masked); date of birth and gender come from the ID', async () => {
    actAs(teller.sid);
    const sessionId = await startSession(teller.id);
    const idNumber = minorId();
    const base = confirmed({ sessionId, name: '小红', idNumber, mobile: freshMobile() });
    expect(await action('customer.create')(null, { ...base, guardianName: '小刚', guardianRelationship: 'other_relative', guardianIdNumber: minorId() })).toMatchObject({
      ok: false,
      fieldErrors: { guardianIdNumber: ['errors.guardianMinor'] },
    });
    const guardianId = await freshIdNumber();
    const r = await action('customer.create')(null, { ...base, guardianName: '王大红', guardianRelationship: 'parent', guardianIdNumber: guardianId });
    expect(r).toMatchObject({ ok: true });
    const id = (r as { data: { id: string } }).data.id;
    const [row] = await sql<{ birth_date: string; gender: string; name: string; relationship: string; id_number_enc: string; id_number_last4: string }[]>`
      SELECT to_char(c.birth_date, 'YYYY-MM-DD') AS birth_date, c.gender, g.name, g.relationship, g.id_number_enc, g.id_number_last4
      FROM customers c JOIN customer_guardians g ON g.customer_id = c.id WHERE c.id = ${id}`;
    expect(row).toMatchObject({ birth_date: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`, gender: Number(idNumber[16]) % 2 ? 'male' : 'female', name: '王大红', relationship: 'parent', id_number_last4: guardianId.slice(-4) });
    expect(row!.id_number_enc).not.toContain(guardianId);
    const profile = await getCustomerProfile(id);
    expect(profile).toMatchObject({ guardianName: '王大红', guardianIdMasked: `**************${guardianId.slice(-4)}` });
  });

  it('the database refuses a minor saved without a guardian, even when the code is bypassed', async () => {
    await expect(
      sql`INSERT INTO customers (name, id_number_enc, id_number_index, id_number_last4, mobile_enc, mobile_index, mobile_last4, birth_date)
          VALUES ('绕过', 'x', ${`bypass-${randomInt(1e9)}`}, '0000', 'x', 'x', '0000', current_date - interval '5 years')`,
    ).rejects.toThrow(/minor without a guardian/);
  });
});

describe('a senior customer', () => {
  it('has the date of birth that flags assisted service', async () => {
    const c = await makeCustomer();
    await backfillBirthDates();
    const profile = await getCustomerProfile(c.id);
    expect(profile?.birthDate).toBe(`${c.idNumber.slice(6, 10)}-${c.idNumber.slice(10, 12)}-${c.idNumber.slice(12, 14)}`);
    expect(isElderly('1949-12-31', 65, new Date('2026-11-23'))).toBe(true);
  });
});

describe('the guardian rule in the database', () => {
  it('holds when a guardian is removed or a minor date of birth is set later', async () => {
    const c = await makeCustomer();
    await expect(sql`UPDATE customers SET birth_date = current_date - interval '3 years' WHERE id = ${c.id}`).rejects.toThrow(/minor without a guardian/);
    await sql.begin(async (tx) => {
      const guardianId = await freshIdNumber();
      await tx`INSERT INTO customer_guardians (customer_id, name, relationship, id_number_enc, id_number_last4) VALUES (${c.id}, '监护人', 'parent', ${encryptPii(guardianId)}, ${guardianId.slice(-4)})`;
      await tx`UPDATE customers SET birth_date = current_date - interval '3 years' WHERE id = ${c.id}`;
    });
    await expect(sql`DELETE FROM customer_guardians WHERE customer_id = ${c.id}`).rejects.toThrow(/minor without a guardian/);
  });
});

describe('customer search', () => {
  it('pages through many matches by keyset: every match once, in name order, 20 at a time', async () => {
    const prefix = `翻页${Date.now() % 100000}`;
    const made = [];
    for (let i = 0; i < 45; i++) {
      const { createCustomer } = await import('@/db/queries/customers');
      made.push(await createCustomer({ name: `${prefix}${String(i).padStart(2, '0')}`, idNumber: await freshIdNumber(), mobile: freshMobile(), createdBy: null }));
    }
    actAs(teller.sid);
    const sessionId = await startSession(teller.id);
    const seen: { id: string; name: string }[] = [];
    let after: Record<string, string> = {};
    for (let page = 0; page < 5; page++) {
      const r: unknown = await action('customer.search')(null, { sessionId, query: prefix, ...after });
      const data = (r as { data: { results: { id: string; name: string }[]; more: boolean } }).data;
      seen.push(...data.results);
      expect(data.results.length).toBe(page < 2 ? 20 : 5);
      if (!data.more) break;
      const last: { id: string; name: string } = data.results.at(-1)!;
      after = { afterName: last.name, afterId: last.id };
    }
    expect(seen.map((c) => c.name)).toEqual(made.map((c) => c.name));
    expect(new Set(seen.map((c) => c.id)).size).toBe(45);
  });

  it('finds by full ID number, mobile, last 4 of the ID, or part of the name; an unrelated query finds nothing', async () => {
    const c = await makeCustomer();
    actAs(teller.sid);
    const sessionId = await startSession(teller.id);
    const search = async (query: string) => {
      const r = await action('customer.search')(null, { sessionId, query });
      return r.ok ? (r.data as { results: { id: string }[] }).results.map((x) => x.id) : [];
    };
    expect(await search(c.idNumber)).toEqual([c.id]);
    expect(await search(c.mobile)).toEqual([c.id]);
    expect(await search(c.idNumber.slice(-4).toLowerCase())).toContain(c.id);
    expect(await search(c.fullName.slice(1))).toEqual([c.id]);
    expect(await search('13000000000')).toEqual([]);
  });
});
