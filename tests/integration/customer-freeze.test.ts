import { beforeAll, describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { raiseLock } from '@/db/queries/verification-locks';
import { requestMobileChange } from '@/lib/sessions/service';
import { action } from './actions';
import { freshMobile, frozenCustomer, makeUser, passLadder, pendingRequest, sessionWithCustomer, type TestUser } from './factories';
import { actAs, asSession, auditSince, businessChecksums, maxAuditSeq } from './helpers';

let teller: TestUser;
let supA: TestUser;
let supB: TestUser;
let supC: TestUser;

beforeAll(async () => {
  teller = await makeUser('teller');
  supA = await makeUser('supervisor');
  supB = await makeUser('supervisor');
  supC = await makeUser('supervisor');
});

const freezeRow = async (id: string) =>
  (await sql<{ status: string; released_by: string | null; release_requested_by: string | null }[]>`SELECT status, released_by, release_requested_by FROM customer_freezes WHERE id = ${id}`)[0]!;

describe('suspected fraud freezes the customer until released under dual control', () => {
  it('a supervisor confirms fraud on an exception: the lock closes, the customer is frozen, the timeline and audit say so', async () => {
    const s = await sessionWithCustomer(teller.id);
    const lockId = (await raiseLock(db, { customerId: s.customer.id, step: 'otp', sessionId: s.sessionId, minutes: 30 }))!;
    actAs(supA.sid);
    const seq = await maxAuditSeq();
    expect(await action('customerFreeze.confirmFraud')(null, { lockId, note: '来电人无法说出开户网点' })).toMatchObject({ ok: true, message: 'approvals.frozen' });
    const [lock] = await sql`SELECT status, cleared_by FROM verification_locks WHERE id = ${lockId}`;
    expect(lock).toMatchObject({ status: 'cleared', cleared_by: supA.id });
    const [freeze] = await sql`SELECT status, frozen_by, reason FROM customer_freezes WHERE customer_id = ${s.customer.id}`;
    expect(freeze).toMatchObject({ status: 'active', frozen_by: supA.id, reason: '来电人无法说出开户网点' });
    expect(await auditSince(seq)).toMatchObject([{ action: 'customerFreeze.confirmFraud', outcome: 'ok', actor_id: supA.id, entity_id: s.customer.id }]);
    const [event] = await sql`SELECT kind FROM session_events WHERE session_id = ${s.sessionId} AND kind = 'customer.frozen'`;
    expect(event).toBeDefined();
    // The same lock cannot be used twice.
    expect(await action('customerFreeze.confirmFraud')(null, { lockId, note: 'again' })).toMatchObject({ ok: false, message: 'errors.lockNotOpen' });
  });

  it('confirming fraud refuses a request still pending for that customer (it rests on the suspect verification)', async () => {
    const pending = await pendingRequest(teller.id);
    const lockId = (await raiseLock(db, { customerId: pending.customer.id, step: 'otp', sessionId: pending.sessionId, minutes: 30 }))!;
    actAs(supA.sid);
    expect(await action('customerFreeze.confirmFraud')(null, { lockId, note: '疑似冒用' })).toMatchObject({ ok: true });
    const [row] = await sql`SELECT status, checker_id FROM change_requests WHERE id = ${pending.requestId}`;
    expect(row).toMatchObject({ status: 'rejected', checker_id: supA.id });
  });

  it("a frozen customer's business is refused: no approval (the freeze is checked first), no new request", async () => {
    const pending = await pendingRequest(teller.id);
    const lockId = (await raiseLock(db, { customerId: pending.customer.id, step: 'otp', sessionId: pending.sessionId, minutes: 30 }))!;
    actAs(supA.sid);
    await action('customerFreeze.confirmFraud')(null, { lockId, note: '疑似冒用' });
    const before = await businessChecksums();
    actAs(supB.sid);
    expect(await action('changeRequest.decide')(null, { requestId: pending.requestId, decision: 'approved' })).toMatchObject({ ok: false, message: 'errors.customerFrozen' });
    expect(await businessChecksums()).toEqual(before);
    await passLadder(pending, teller.id);
    await expect(requestMobileChange(pending.sessionId, teller.id, freshMobile())).rejects.toMatchObject({ key: 'errors.customerFrozen' });
  });

  it('release needs two supervisors: the one who asks cannot approve; another can, once', async () => {
    const f = await frozenCustomer(teller.id, supA.id);
    actAs(supB.sid);
    expect(await action('customerFreeze.requestRelease')(null, { freezeId: f.freezeId, reason: '已面签核实本人' })).toMatchObject({ ok: true });
    expect(await action('customerFreeze.decideRelease')(null, { freezeId: f.freezeId, decision: 'approved' })).toMatchObject({ ok: false, message: 'errors.ownRelease' });
    expect((await freezeRow(f.freezeId)).status).toBe('release_pending');
    actAs(supC.sid);
    expect(await action('customerFreeze.decideRelease')(null, { freezeId: f.freezeId, decision: 'approved' })).toMatchObject({ ok: true, message: 'approvals.released' });
    expect(await freezeRow(f.freezeId)).toMatchObject({ status: 'released', released_by: supC.id, release_requested_by: supB.id });
    actAs(supA.sid);
    expect(await action('customerFreeze.decideRelease')(null, { freezeId: f.freezeId, decision: 'rejected' })).toMatchObject({ ok: false, message: 'errors.releaseNotPending' });
    // Business is open again.
    await passLadder(f, teller.id);
    await expect(requestMobileChange(f.sessionId, teller.id, freshMobile())).resolves.toMatchObject({ id: expect.any(String) });
  });

  it('a second supervisor may keep the freeze; it can be asked again later', async () => {
    const f = await frozenCustomer(teller.id, supA.id);
    actAs(supA.sid);
    await action('customerFreeze.requestRelease')(null, { freezeId: f.freezeId, reason: '客户来电说明' });
    actAs(supB.sid);
    expect(await action('customerFreeze.decideRelease')(null, { freezeId: f.freezeId, decision: 'rejected' })).toMatchObject({ ok: true, message: 'approvals.releaseRejected' });
    expect(await freezeRow(f.freezeId)).toMatchObject({ status: 'active', release_requested_by: null });
  });

  it('twenty concurrent approvals of one release: exactly one decides', async () => {
    const f = await frozenCustomer(teller.id, supA.id);
    actAs(supA.sid);
    await action('customerFreeze.requestRelease')(null, { freezeId: f.freezeId, reason: '已面签核实本人' });
    const deciders = await Promise.all(Array.from({ length: 20 }, () => makeUser('supervisor')));
    const results = await Promise.all(deciders.map((d) => asSession(d.sid, () => action('customerFreeze.decideRelease')(null, { freezeId: f.freezeId, decision: 'approved' }))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.message === 'errors.releaseNotPending')).toBe(true);
  });

  it('the database holds the rules when code is bypassed: four eyes, one live freeze, a released freeze is final, no deletes', async () => {
    const f = await frozenCustomer(teller.id, supA.id);
    await sql`UPDATE customer_freezes SET status = 'release_pending', release_requested_by = ${supB.id}, release_requested_at = now(), release_reason = 'x' WHERE id = ${f.freezeId}`;
    await expect(sql`UPDATE customer_freezes SET status = 'released', released_by = ${supB.id}, released_at = now() WHERE id = ${f.freezeId}`).rejects.toThrow(/customer_freezes_four_eyes/);
    await expect(sql`INSERT INTO customer_freezes (customer_id, reason, frozen_by) VALUES (${f.customer.id}, 'again', ${supA.id})`).rejects.toThrow(/customer_freezes_one_live_idx/);
    await sql`UPDATE customer_freezes SET status = 'released', released_by = ${supC.id}, released_at = now() WHERE id = ${f.freezeId}`;
    await expect(sql`UPDATE customer_freezes SET status = 'active', release_requested_by = NULL, release_requested_at = NULL, release_reason = NULL, released_by = NULL, released_at = NULL WHERE id = ${f.freezeId}`).rejects.toThrow(/final/);
    await expect(sql`DELETE FROM customer_freezes WHERE id = ${f.freezeId}`).rejects.toThrow(/append-only/);
    // No jumping from active straight to released, even naming two different people.
    const g = await frozenCustomer(teller.id, supA.id);
    await expect(
      sql`UPDATE customer_freezes SET status = 'released', release_requested_by = ${supB.id}, release_requested_at = now(), release_reason = 'x', released_by = ${supC.id}, released_at = now() WHERE id = ${g.freezeId}`,
    ).rejects.toThrow(/not a step of the release/);
  });
});
