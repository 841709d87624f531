import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { freezeFromLock } from '@/db/queries/customer-freezes';
import { raiseLock } from '@/db/queries/verification-locks';
import { decideCase } from '@/lib/cases/service';
import { requestMobileChange, requestNameChange } from '@/lib/customers/info-change';
import { decryptPii } from '@/lib/crypto/pii';
import { action } from './actions';
import { freshMobile, frozenCustomer, makeUser, passLadder, pendingMobileChange, sessionWithCustomer, type TestUser } from './factories';
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

  it('confirming fraud withdraws the information changes not yet approved (they rest on the suspect verification)', async () => {
    const pending = await pendingMobileChange(teller.id);
    // A second live change of another type for the same customer, asked for after the ladder was passed again.
    await passLadder(pending, teller.id);
    const name = await requestNameChange(pending.sessionId, teller.id, { newName: '冒名顶替', reason: '来电要求', idempotencyKey: randomUUID() });
    expect(name.state).toBe('pending_approval');
    const lockId = (await raiseLock(db, { customerId: pending.customer.id, step: 'otp', sessionId: pending.sessionId, minutes: 30 }))!;
    actAs(supA.sid);
    expect(await action('customerFreeze.confirmFraud')(null, { lockId, note: '疑似冒用' })).toMatchObject({ ok: true });
    for (const caseId of [pending.caseId, name.id]) {
      expect((await sql`SELECT state FROM cases WHERE id = ${caseId}`)[0]).toEqual({ state: 'cancelled' });
      // Withdrawn by the supervisor who confirmed the fraud, on the case's timeline; no approval decision is recorded.
      expect(await sql`SELECT actor_id, data->>'reason' AS reason FROM case_events WHERE case_id = ${caseId} AND kind = 'case.cancel'`).toEqual([{ actor_id: supA.id, reason: 'customer_frozen' }]);
      expect(await sql`SELECT 1 FROM case_decisions WHERE case_id = ${caseId}`).toHaveLength(0);
    }
    // Nothing of them applied; the customer heard of the refusals.
    const [customer] = await sql`SELECT name, mobile_enc FROM customers WHERE id = ${pending.customer.id}`;
    expect([customer!.name, decryptPii(customer!.mobile_enc)]).toEqual([pending.customer.fullName, pending.customer.mobile]);
    expect(await sql`SELECT 1 FROM customer_changes WHERE customer_id = ${pending.customer.id}`).toHaveLength(0);
    // The customer hears that it was not carried out, without the grounds (no tipping-off).
    const notices = await sql`SELECT template, body_enc FROM outbox_messages WHERE customer_id = ${pending.customer.id} AND channel = 'sms' AND template <> 'otp'`;
    expect(notices.map((n) => n.template)).toEqual(['businessRejected', 'businessRejected']);
    for (const n of notices) expect(decryptPii(n.body_enc)).toContain('原因：其他原因');
    // A supervisor who comes to it later finds it decided.
    actAs(supB.sid);
    expect(await action('case.decide')(null, { caseId: pending.caseId, decision: 'approve' })).toMatchObject({ ok: false, message: expect.stringMatching(/^errors\.caseDecided/) });
  });

  it("a frozen customer's business is refused: no approval (the freeze is checked first), no new change", async () => {
    const pending = await pendingMobileChange(teller.id);
    // Frozen without the action's sweep of pending changes: the approval itself must still refuse.
    const lockId = (await raiseLock(db, { customerId: pending.customer.id, step: 'otp', sessionId: pending.sessionId, minutes: 30 }))!;
    expect(await freezeFromLock(db, lockId, supA.id, '疑似冒用')).toBeTruthy();
    const before = await businessChecksums();
    actAs(supB.sid);
    expect(await action('case.decide')(null, { caseId: pending.caseId, decision: 'approve' })).toMatchObject({ ok: false, message: 'errors.customerFrozen' });
    expect(await decideCase(pending.caseId, supC.id, 'approve', null, null)).toEqual({ outcome: 'frozen' });
    expect(await businessChecksums()).toEqual(before);
    expect((await sql`SELECT state FROM cases WHERE id = ${pending.caseId}`)[0]).toEqual({ state: 'pending_approval' });
    await passLadder(pending, teller.id);
    const laddered = await businessChecksums();
    await expect(requestMobileChange(pending.sessionId, teller.id, { newMobile: freshMobile(), idempotencyKey: randomUUID() })).rejects.toMatchObject({ key: 'errors.customerFrozen' });
    await expect(requestNameChange(pending.sessionId, teller.id, { newName: '另一个名字', reason: '户籍更名', idempotencyKey: randomUUID() })).rejects.toMatchObject({ key: 'errors.customerFrozen' });
    expect(await businessChecksums()).toEqual(laddered);
    // Refusing it stays possible.
    expect(await decideCase(pending.caseId, supB.id, 'reject', 'suspicious', '客户已冻结')).toMatchObject({ outcome: 'decided', state: 'rejected' });
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
    const opened = await requestMobileChange(f.sessionId, teller.id, { newMobile: freshMobile(), idempotencyKey: randomUUID() });
    expect(opened).toMatchObject({ id: expect.any(String), state: 'pending_approval', existing: false });
    expect((await sql`SELECT state, customer_id FROM cases WHERE id = ${opened.id}`)[0]).toEqual({ state: 'pending_approval', customer_id: f.customer.id });
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
