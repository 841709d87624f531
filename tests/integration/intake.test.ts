import { beforeAll, describe, expect, it } from 'vitest';
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
