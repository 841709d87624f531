import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { action } from './actions';
import { freshIdNumber, freshMobile, makeUser, sessionWithCustomer, startSession, type TestUser } from './factories';
import { actAs, asSession, auditSince, confirmed, maxAuditSeq, untilLockWaiters } from './helpers';

let a: TestUser;
let b: TestUser;

beforeAll(async () => {
  [a, b] = await Promise.all([makeUser('teller'), makeUser('teller')]);
});

describe('two tellers create the same person at the same moment', () => {
  it('one customer is created; the other teller is led to that customer, not to an error or a second record', async () => {
    const [sa, sb] = await Promise.all([startSession(a.id), startSession(b.id)]);
    const idNumber = await freshIdNumber();
    const seq = await maxAuditSeq();
    // Hold both sessions so both creations get past the "already exists?" check and then meet at the unique index.
    let race!: Promise<Awaited<ReturnType<ReturnType<typeof action>>>[]>;
    await sql.begin(async (tx) => {
      await tx`SELECT id FROM service_sessions WHERE id IN (${sa}, ${sb}) FOR UPDATE`;
      race = Promise.all([
        asSession(a.sid, () => action('customer.create')(null, confirmed({ sessionId: sa, name: '甲', idNumber, mobile: freshMobile() }))),
        asSession(b.sid, () => action('customer.create')(null, confirmed({ sessionId: sb, name: '乙', idNumber, mobile: freshMobile() }))),
      ]);
      await untilLockWaiters(2);
    });
    const results = await race;

    expect(results.map((r) => (r.ok ? r.message : r.message)).sort()).toEqual(['teller.customerCreated', 'teller.customerExistsAttached']);
    const ids = results.map((r) => (r.ok ? (r.data as { id: string }).id : null));
    expect(ids[0]).toBe(ids[1]);
    const [row] = await sql`SELECT count(*)::int AS n FROM customers WHERE created_by IN (${a.id}, ${b.id})`;
    expect(row!.n).toBe(1);
    // One session created the customer; the other identified the existing record.
    const events = await sql`SELECT kind FROM session_events WHERE session_id IN (${sa}, ${sb}) AND kind IN ('customer.created', 'customer.identified') ORDER BY kind`;
    expect(events.map((e) => e.kind)).toEqual(['customer.created', 'customer.identified']);
    const outcomes = (await auditSince(seq)).filter((e) => e.action === 'customer.create').map((e) => [e.outcome, e.details.existing]);
    expect(outcomes.sort()).toEqual([['ok', false], ['ok', true]]);
  });
});

describe('the latest verification decides', () => {
  it('a pass followed by a fail no longer allows a change request', async () => {
    const s = await sessionWithCustomer(a.id);
    actAs(a.sid);
    const entered = { sessionId: s.sessionId, name: s.customer.fullName, idNumber: s.customer.idNumber, mobile: s.customer.mobile };
    expect(await action('verification.basic')(null, entered)).toMatchObject({ ok: true, data: { result: 'pass' } });
    expect(await action('verification.basic')(null, { ...entered, name: '别人' })).toMatchObject({ ok: true, data: { result: 'fail', mismatched: ['name'] } });
    expect(await action('changeRequest.create')(null, { sessionId: s.sessionId, newMobile: freshMobile() })).toMatchObject({
      ok: false, message: 'errors.verificationRequired',
    });
    const [row] = await sql`SELECT count(*)::int AS n FROM change_requests WHERE session_id = ${s.sessionId}`;
    expect(row!.n).toBe(0);
  });

  it('a session keeps the customer it identified: swapping in another customer is refused', async () => {
    const s = await sessionWithCustomer(a.id);
    actAs(a.sid);
    await action('verification.basic')(null, { sessionId: s.sessionId, name: s.customer.fullName, idNumber: s.customer.idNumber, mobile: s.customer.mobile });
    const other = await sessionWithCustomer(b.id);
    expect(await action('customer.attach')(null, { sessionId: s.sessionId, customerId: other.customer.id })).toMatchObject({
      ok: false, message: 'errors.customerAlreadyIdentified',
    });
    expect(await action('customer.create')(null, confirmed({ sessionId: s.sessionId, name: '换人', idNumber: await freshIdNumber(), mobile: freshMobile() }))).toMatchObject({
      ok: false, message: 'errors.customerAlreadyIdentified',
    });
    const [row] = await sql`SELECT customer_id FROM service_sessions WHERE id = ${s.sessionId}`;
    expect(row!.customer_id).toBe(s.customer.id);
  });
});
