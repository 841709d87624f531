import { beforeAll, describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { decideChangeRequest, insertChangeRequest, listPendingRequests } from '@/db/queries/change-requests';
import { matchCustomerBasics } from '@/db/queries/customers';
import { encryptPii } from '@/lib/crypto/pii';
import { action } from './actions';
import { freshMobile, makeUser, pendingRequest, sessionWithCustomer, type TestUser } from './factories';
import { actAs, auditSince, businessChecksums, maxAuditSeq, pgFailure } from './helpers';

let teller: TestUser;
let supervisorA: TestUser;
let supervisorB: TestUser;

beforeAll(async () => {
  [teller, supervisorA, supervisorB] = await Promise.all([makeUser('teller'), makeUser('supervisor'), makeUser('supervisor')]);
});

describe('maker and checker are different people', () => {
  let requestId: string;

  beforeAll(async () => {
    // A supervisor as maker cannot happen through the actions; the rule must hold anyway, so the row is made directly.
    const s = await sessionWithCustomer(teller.id);
    const [verification] = await sql<{ id: string }[]>`
      INSERT INTO verifications (session_id, customer_id, kind, result, performed_by)
      VALUES (${s.sessionId}, ${s.customer.id}, 'basic', 'pass', ${teller.id}) RETURNING id`;
    requestId = await insertChangeRequest(db, {
      sessionId: s.sessionId, customerId: s.customer.id, oldValueSealed: encryptPii(s.customer.mobile), newValue: freshMobile(),
      verificationId: verification!.id, makerId: supervisorA.id,
    });
  });

  it('leaves the maker own request out of their queue, not out of another supervisor queue', async () => {
    expect((await listPendingRequests(supervisorA.id)).map((r) => r.id)).not.toContain(requestId);
    expect((await listPendingRequests(supervisorB.id)).map((r) => r.id)).toContain(requestId);
  });

  it('decideChangeRequest refuses the maker', async () => {
    expect(await decideChangeRequest(requestId, supervisorA.id, 'approved', null)).toBe('own_request');
    const [row] = await sql`SELECT status, checker_id FROM change_requests WHERE id = ${requestId}`;
    expect(row).toEqual({ status: 'pending', checker_id: null });
  });

  it('the action refuses the maker, audits the denial and writes nothing', async () => {
    actAs(supervisorA.sid);
    const before = await businessChecksums();
    const seq = await maxAuditSeq();
    const r = await action('changeRequest.decide')(null, { requestId, decision: 'approved' });
    expect(r).toEqual({ ok: false, message: 'errors.ownRequest', fieldErrors: {} });
    expect(await businessChecksums()).toEqual(before);
    expect(await auditSince(seq)).toMatchObject([{ action: 'changeRequest.decide', outcome: 'denied', actor_id: supervisorA.id, details: { reason: 'errors.ownRequest' } }]);
  });

  it('the database refuses a direct self-approval with a check violation', async () => {
    const failure = await pgFailure(() => sql`UPDATE change_requests SET status = 'approved', checker_id = maker_id, decided_at = now() WHERE id = ${requestId}`);
    expect(failure).toMatchObject({ code: '23514', constraint: 'change_requests_maker_not_checker' });
  });

  it('the database refuses a decision without a checker, or a rejection without a reason', async () => {
    expect(await pgFailure(() => sql`UPDATE change_requests SET status = 'approved' WHERE id = ${requestId}`)).toMatchObject({
      code: '23514', constraint: 'change_requests_decision_shape',
    });
    const noReason = await pgFailure(() => sql`UPDATE change_requests SET status = 'rejected', checker_id = ${supervisorB.id}, decided_at = now(), decision_reason = ' ' WHERE id = ${requestId}`);
    expect(noReason).toMatchObject({ code: '23514', constraint: 'change_requests_rejection_reason' });
  });

  it('another supervisor may decide it', async () => {
    expect(await decideChangeRequest(requestId, supervisorB.id, 'rejected', 'customer withdrew')).toBe('decided');
  });
});

describe('one decision under contention', () => {
  it('20 simultaneous attempts by two supervisors: exactly one wins', async () => {
    const p = await pendingRequest(teller.id);
    const attempts = Array.from({ length: 20 }, (_, i) => {
      const checker = i % 2 === 0 ? supervisorA : supervisorB;
      return i % 4 < 2
        ? decideChangeRequest(p.requestId, checker.id, 'approved', null)
        : decideChangeRequest(p.requestId, checker.id, 'rejected', `attempt ${i}`);
    });
    const outcomes = await Promise.all(attempts);

    expect(outcomes.filter((o) => o === 'decided')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already_decided')).toHaveLength(19);

    const [row] = await sql<{ status: string; checker_id: string; decision_reason: string | null }[]>`
      SELECT status, checker_id, decision_reason FROM change_requests WHERE id = ${p.requestId}`;
    expect([supervisorA.id, supervisorB.id]).toContain(row!.checker_id);
    const decidedEvents = await sql`SELECT actor_id FROM session_events WHERE session_id = ${p.sessionId} AND kind IN ('request.approved', 'request.rejected')`;
    expect(decidedEvents).toEqual([{ actor_id: row!.checker_id }]);

    // The effect matches the one decision that won.
    const current = { name: p.customer.fullName, idNumber: p.customer.idNumber };
    if (row!.status === 'approved') {
      expect(await matchCustomerBasics(p.customer.id, { ...current, mobile: p.newMobile })).toEqual([]);
    } else {
      expect(row!.status).toBe('rejected');
      expect(row!.decision_reason).toMatch(/^attempt \d+$/);
      expect(await matchCustomerBasics(p.customer.id, { ...current, mobile: p.customer.mobile })).toEqual([]);
    }
  });

  it('the database refuses a second decision on a decided request', async () => {
    const p = await pendingRequest(teller.id);
    expect(await decideChangeRequest(p.requestId, supervisorA.id, 'approved', null)).toBe('decided');
    const failure = await pgFailure(
      () => sql`UPDATE change_requests SET status = 'rejected', checker_id = ${supervisorB.id}, decided_at = now(), decision_reason = 'late' WHERE id = ${p.requestId}`,
    );
    expect(failure.code).toBe('23514');
    expect(failure.message).toContain('already decided');
    const [row] = await sql`SELECT status, checker_id FROM change_requests WHERE id = ${p.requestId}`;
    expect(row).toEqual({ status: 'approved', checker_id: supervisorA.id });
    expect(await pgFailure(() => sql`DELETE FROM change_requests WHERE id = ${p.requestId}`)).toMatchObject({ code: '42501' });
  });

  it('a pending request cannot have its substance rewritten', async () => {
    const p = await pendingRequest(teller.id);
    const failure = await pgFailure(() => sql`UPDATE change_requests SET new_value_enc = ${encryptPii(freshMobile())} WHERE id = ${p.requestId}`);
    expect(failure.message).toContain('cannot be altered');
  });
});
