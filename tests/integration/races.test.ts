import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { attachCustomer } from '@/lib/sessions/service';
import { requestMobileChange } from '@/lib/customers/info-change';
import { action } from './actions';
import { freshIdNumber, freshMobile, makeUser, passLadder, sessionWithCustomer, startSession, verifiedSession, type TestUser } from './factories';
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
    expect(await action('changeRequest.create')(null, { sessionId: s.sessionId, newMobile: freshMobile(), idempotencyKey: randomUUID() })).toMatchObject({
      ok: false, message: 'errors.verificationRequired',
    });
    const [row] = await sql`SELECT count(*)::int AS n FROM cases WHERE session_id = ${s.sessionId}`;
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

/** Waits (bounded) until `n` backends are blocked inside their insert of a case (other files' lock waits do not count). */
async function untilCaseInsertsWait(n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [row] = await sql`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%insert into "cases"%'`;
    if (row!.n >= n) return;
    if (Date.now() > deadline) throw new Error(`only ${row!.n} of ${n} case inserts reached the lock`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('two submissions of one change at the same moment', () => {
  it('the same key twenty times at once (double clicks, retries): one case, every answer names it', async () => {
    const s = await verifiedSession(a.id);
    const input = { newMobile: freshMobile(), idempotencyKey: randomUUID() };
    const results = await Promise.all(Array.from({ length: 20 }, () => requestMobileChange(s.sessionId, a.id, input)));
    const ids = new Set(results.map((r) => r.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.existing)).toHaveLength(1);
    expect(results.every((r) => r.state === 'pending_approval')).toBe(true);
    expect(await sql`SELECT id FROM cases WHERE customer_id = ${s.customer.id}`).toEqual([{ id: [...ids][0] }]);
    // The same key with other input is a mistake, not the same case.
    await expect(requestMobileChange(s.sessionId, a.id, { ...input, newMobile: freshMobile() })).rejects.toMatchObject({ key: 'errors.idempotencyMismatch' });
  });

  it('two tellers, two sessions, one customer, different keys: one case is opened, the other is refused', async () => {
    // Teller a's session created the customer; teller b has the same customer on the line in a session of their own.
    const first = await verifiedSession(a.id);
    const other = { sessionId: await startSession(b.id), customer: first.customer };
    await attachCustomer(other.sessionId, b.id, first.customer.id);
    await passLadder(other, b.id);
    // Hold the customer's row so both submissions get past the "a live case already?" check and meet at the unique index.
    let race!: Promise<PromiseSettledResult<Awaited<ReturnType<typeof requestMobileChange>>>[]>;
    await sql.begin(async (tx) => {
      await tx`SELECT id FROM customers WHERE id = ${first.customer.id} FOR UPDATE`;
      race = Promise.allSettled([
        requestMobileChange(first.sessionId, a.id, { newMobile: freshMobile(), idempotencyKey: randomUUID() }),
        requestMobileChange(other.sessionId, b.id, { newMobile: freshMobile(), idempotencyKey: randomUUID() }),
      ]);
      await untilCaseInsertsWait(2);
    });
    const results = await race;
    const opened = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(opened).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ key: 'errors.caseLiveForTargetNow' });
    const live = await sql`SELECT id, state FROM cases WHERE customer_id = ${first.customer.id}`;
    expect(live).toEqual([{ id: (opened[0] as PromiseFulfilledResult<{ id: string }>).value.id, state: 'pending_approval' }]);
  });
});
