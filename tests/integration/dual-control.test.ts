import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { decideChangeRequest, insertChangeRequest, listPendingRequests } from '@/db/queries/change-requests';
import { matchCustomerBasics } from '@/db/queries/customers';
import { decideCase } from '@/lib/cases/service';
import { requestMobileChange } from '@/lib/customers/info-change';
import { encryptPii } from '@/lib/crypto/pii';
import { action } from './actions';
import { freshMobile, makeUser, pendingMobileChange, sessionWithCustomer, verifiedSession, type TestUser } from './factories';
import { actAs, auditSince, businessChecksums, maxAuditSeq, pgFailure } from './helpers';

let teller: TestUser;
let supervisorA: TestUser;
let supervisorB: TestUser;
let supervisorC: TestUser;

beforeAll(async () => {
  [teller, supervisorA, supervisorB, supervisorC] = await Promise.all([makeUser('teller'), makeUser('supervisor'), makeUser('supervisor'), makeUser('supervisor')]);
});

/** A pending risk override on a new customer, proposed by `makerId` (the only kind of change request today). */
async function pendingOverride(makerId: string): Promise<{ requestId: string; customerId: string }> {
  const s = await sessionWithCustomer(teller.id);
  const requestId = await insertChangeRequest(db, { customerId: s.customer.id, oldValue: 'none', newValue: 'high', makerId, reason: '公安机关协查通知涉及该客户' });
  return { requestId, customerId: s.customer.id };
}

const caseRow = async (caseId: string) =>
  (await sql<{ state: string; maker_id: string }[]>`SELECT state, maker_id FROM cases WHERE id = ${caseId}`)[0]!;
const decisionsOf = (caseId: string) =>
  sql<{ approver_id: string; decision: string; reason_code: string | null; opinion: string | null }[]>`
    SELECT approver_id, decision, reason_code, opinion FROM case_decisions WHERE case_id = ${caseId} ORDER BY created_at`;

describe('maker and checker are different people: a risk override (change request)', () => {
  let requestId: string;

  beforeAll(async () => {
    ({ requestId } = await pendingOverride(supervisorA.id));
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
    const [row] = await sql`SELECT status, checker_id FROM change_requests WHERE id = ${requestId}`;
    expect(row).toEqual({ status: 'pending', checker_id: null });
  });

  it('another supervisor may decide it', async () => {
    expect(await decideChangeRequest(requestId, supervisorB.id, 'rejected', 'customer withdrew')).toBe('decided');
    const [row] = await sql`SELECT status, checker_id, decision_reason FROM change_requests WHERE id = ${requestId}`;
    expect(row).toEqual({ status: 'rejected', checker_id: supervisorB.id, decision_reason: 'customer withdrew' });
  });
});

describe('maker and checker are different people: an information-change case', () => {
  let caseId: string;

  beforeAll(async () => {
    // A supervisor as the maker of a customer's change cannot happen through the screens (only a teller submits one);
    // the rule must hold anyway, so supervisor A serves a session of their own and submits it there.
    const s = await verifiedSession(supervisorA.id);
    const opened = await requestMobileChange(s.sessionId, supervisorA.id, { newMobile: freshMobile(), idempotencyKey: randomUUID() });
    expect(opened).toMatchObject({ state: 'pending_approval', level: 1, existing: false });
    caseId = opened.id;
  });

  it('decideCase refuses the maker and records nothing', async () => {
    expect(await decideCase(caseId, supervisorA.id, 'approve', null, null)).toEqual({ outcome: 'own_case' });
    expect(await decideCase(caseId, supervisorA.id, 'reject', 'other', '自己驳回自己')).toEqual({ outcome: 'own_case' });
    expect(await caseRow(caseId)).toEqual({ state: 'pending_approval', maker_id: supervisorA.id });
    expect(await decisionsOf(caseId)).toEqual([]);
  });

  it('the action refuses the maker, audits the denial and writes nothing', async () => {
    actAs(supervisorA.sid);
    const before = await businessChecksums();
    const seq = await maxAuditSeq();
    const r = await action('case.decide')(null, { caseId, decision: 'approve' });
    expect(r).toEqual({ ok: false, message: 'errors.ownRequest', fieldErrors: {} });
    expect(await businessChecksums()).toEqual(before);
    expect(await auditSince(seq)).toMatchObject([{ action: 'case.decide', outcome: 'denied', actor_id: supervisorA.id, details: { reason: 'errors.ownRequest' } }]);
  });

  it('the database refuses a decision by the maker, and an approval with no decision behind it', async () => {
    const self = await pgFailure(() => sql`INSERT INTO case_decisions (case_id, approver_id, decision) VALUES (${caseId}, ${supervisorA.id}, 'approve')`);
    expect(self).toMatchObject({ code: '23514', message: expect.stringMatching(/maker cannot decide/) });
    const noChecker = await pgFailure(() => sql`UPDATE cases SET state = 'approved', decided_at = now() WHERE id = ${caseId}`);
    expect(noChecker).toMatchObject({ code: '23514', message: expect.stringMatching(/0 approval\(s\) of 1 required/) });
    const noReason = await pgFailure(() => sql`INSERT INTO case_decisions (case_id, approver_id, decision, reason_code, opinion) VALUES (${caseId}, ${supervisorB.id}, 'reject', 'other', ' ')`);
    expect(noReason).toMatchObject({ code: '23514', constraint: 'case_decisions_refusal_reason' });
    expect(await caseRow(caseId)).toEqual({ state: 'pending_approval', maker_id: supervisorA.id });
    expect(await decisionsOf(caseId)).toEqual([]);
  });

  it('another supervisor may decide it', async () => {
    expect(await decideCase(caseId, supervisorB.id, 'reject', 'customer_withdrew', '客户撤回申请')).toMatchObject({ outcome: 'decided', state: 'rejected' });
    expect(await decisionsOf(caseId)).toEqual([{ approver_id: supervisorB.id, decision: 'reject', reason_code: 'customer_withdrew', opinion: '客户撤回申请' }]);
  });
});

describe('one decision under contention', () => {
  it('20 simultaneous decisions on a mobile change by two supervisors: exactly one wins, and its effect is the one applied', async () => {
    const p = await pendingMobileChange(teller.id);
    const attempts = Array.from({ length: 20 }, (_, i) => {
      const checker = i % 2 === 0 ? supervisorA : supervisorB;
      return i % 4 < 2 ? decideCase(p.caseId, checker.id, 'approve', null, null) : decideCase(p.caseId, checker.id, 'reject', 'verification_doubt', `attempt ${i}`);
    });
    const outcomes = await Promise.all(attempts);

    expect(outcomes.filter((o) => o.outcome === 'decided')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'already_decided')).toHaveLength(19);

    const decisions = await decisionsOf(p.caseId);
    expect(decisions).toHaveLength(1);
    const winner = decisions[0]!;
    expect([supervisorA.id, supervisorB.id]).toContain(winner.approver_id);
    const decided = await sql`SELECT actor_id FROM case_events WHERE case_id = ${p.caseId} AND kind LIKE 'decision.%'`;
    expect(decided).toEqual([{ actor_id: winner.approver_id }]);

    // The effect matches the one decision that won.
    const current = { name: p.customer.fullName, idNumber: p.customer.idNumber };
    const { state } = await caseRow(p.caseId);
    const changes = await sql`SELECT field, case_id, request_id, changed_by, approved_by FROM customer_changes WHERE customer_id = ${p.customer.id}`;
    if (winner.decision === 'approve') {
      expect(state).toBe('completed');
      expect(await matchCustomerBasics(p.customer.id, { ...current, mobile: p.newMobile })).toEqual([]);
      expect(changes).toEqual([{ field: 'mobile', case_id: p.caseId, request_id: null, changed_by: teller.id, approved_by: winner.approver_id }]);
    } else {
      expect(winner.decision).toBe('reject');
      expect(state).toBe('rejected');
      expect(winner.opinion).toMatch(/^attempt \d+$/);
      expect(await matchCustomerBasics(p.customer.id, { ...current, mobile: p.customer.mobile })).toEqual([]);
      expect(changes).toEqual([]);
    }
  });

  it('20 simultaneous decisions on a risk override: exactly one wins', async () => {
    const { requestId, customerId } = await pendingOverride(supervisorC.id);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const checker = i % 2 === 0 ? supervisorA : supervisorB;
        return i % 4 < 2 ? decideChangeRequest(requestId, checker.id, 'approved', null) : decideChangeRequest(requestId, checker.id, 'rejected', `attempt ${i}`);
      }),
    );
    expect(outcomes.filter((o) => o === 'decided')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already_decided')).toHaveLength(19);
    const [row] = await sql<{ status: string; checker_id: string; decision_reason: string | null }[]>`
      SELECT status, checker_id, decision_reason FROM change_requests WHERE id = ${requestId}`;
    expect([supervisorA.id, supervisorB.id]).toContain(row!.checker_id);
    const [customer] = await sql`SELECT risk_override FROM customers WHERE id = ${customerId}`;
    const history = await sql`SELECT approved_by FROM customer_changes WHERE customer_id = ${customerId} AND field = 'risk_level'`;
    if (row!.status === 'approved') {
      expect(customer!.risk_override).toBe('high');
      expect(history).toEqual([{ approved_by: row!.checker_id }]);
    } else {
      expect(row!.status).toBe('rejected');
      expect(row!.decision_reason).toMatch(/^attempt \d+$/);
      expect(customer!.risk_override).toBeNull();
      expect(history).toEqual([]);
    }
  });

  it('the database refuses a second decision on a decided case, and keeps its decisions', async () => {
    const p = await pendingMobileChange(teller.id);
    expect(await decideCase(p.caseId, supervisorA.id, 'approve', null, null)).toMatchObject({ outcome: 'decided', state: 'completed' });
    const late = await pgFailure(() => sql`INSERT INTO case_decisions (case_id, approver_id, decision, reason_code, opinion) VALUES (${p.caseId}, ${supervisorB.id}, 'reject', 'other', 'late')`);
    expect(late).toMatchObject({ code: '23514', message: expect.stringMatching(/not awaiting approval \(completed\)/) });
    expect(await pgFailure(() => sql`UPDATE cases SET state = 'pending_approval' WHERE id = ${p.caseId}`)).toMatchObject({
      code: '23514', message: expect.stringMatching(/completed -> pending_approval is not a transition/),
    });
    expect(await pgFailure(() => sql`UPDATE case_decisions SET decision = 'reject', reason_code = 'other', opinion = 'x' WHERE case_id = ${p.caseId}`)).toMatchObject({ code: '42501' });
    expect(await pgFailure(() => sql`DELETE FROM case_decisions WHERE case_id = ${p.caseId}`)).toMatchObject({ code: '42501' });
    expect(await caseRow(p.caseId)).toEqual({ state: 'completed', maker_id: teller.id });
    expect(await decisionsOf(p.caseId)).toEqual([{ approver_id: supervisorA.id, decision: 'approve', reason_code: null, opinion: null }]);
    // The code path says who decided it.
    expect(await decideCase(p.caseId, supervisorB.id, 'reject', 'other', 'late')).toMatchObject({ outcome: 'already_decided', state: 'completed', decision: 'approve', by: supervisorA.displayName });
  });

  it('the database refuses a second decision on a decided risk override', async () => {
    const { requestId } = await pendingOverride(supervisorC.id);
    expect(await decideChangeRequest(requestId, supervisorA.id, 'approved', null)).toBe('decided');
    const failure = await pgFailure(
      () => sql`UPDATE change_requests SET status = 'rejected', checker_id = ${supervisorB.id}, decided_at = now(), decision_reason = 'late' WHERE id = ${requestId}`,
    );
    expect(failure.code).toBe('23514');
    expect(failure.message).toContain('already decided');
    const [row] = await sql`SELECT status, checker_id FROM change_requests WHERE id = ${requestId}`;
    expect(row).toEqual({ status: 'approved', checker_id: supervisorA.id });
    expect(await pgFailure(() => sql`DELETE FROM change_requests WHERE id = ${requestId}`)).toMatchObject({ code: '42501' });
  });

  it('a pending case cannot have its substance rewritten; nor a pending risk override', async () => {
    const p = await pendingMobileChange(teller.id);
    const [before] = await sql`SELECT payload_enc FROM cases WHERE id = ${p.caseId}`;
    const failure = await pgFailure(() => sql`UPDATE cases SET payload_enc = ${encryptPii(JSON.stringify({ kind: 'change_mobile', old: p.customer.mobile, new: freshMobile(), reason: null }))} WHERE id = ${p.caseId}`);
    expect(failure).toMatchObject({ code: '23514', message: expect.stringMatching(/does not change once made/) });
    expect((await sql`SELECT payload_enc FROM cases WHERE id = ${p.caseId}`)[0]).toEqual(before);

    const { requestId } = await pendingOverride(supervisorC.id);
    const rewrite = await pgFailure(() => sql`UPDATE change_requests SET new_value_enc = ${encryptPii('low')} WHERE id = ${requestId}`);
    expect(rewrite.message).toContain('cannot be altered');
  });
});
