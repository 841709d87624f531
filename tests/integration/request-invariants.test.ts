import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { insertChangeRequest } from '@/db/queries/change-requests';
import { encryptPii } from '@/lib/crypto/pii';
import { action } from './actions';
import { freshMobile, makeUser, passLadder, pendingMobileChange, sessionWithCustomer, type TestUser } from './factories';
import { actAs, businessChecksums, pgFailure } from './helpers';

let teller: TestUser;
let supervisor: TestUser;
let proposer: TestUser;
beforeAll(async () => {
  [teller, supervisor, proposer] = await Promise.all([makeUser('teller'), makeUser('supervisor'), makeUser('supervisor')]);
});

/** A pending risk override on a new customer (the only change request made today). */
async function pendingOverride(): Promise<{ requestId: string; customerId: string; sessionId: string }> {
  const s = await sessionWithCustomer(teller.id);
  const requestId = await insertChangeRequest(db, { customerId: s.customer.id, oldValue: 'none', newValue: 'medium', makerId: proposer.id, reason: '客户职业信息待核实' });
  return { requestId, customerId: s.customer.id, sessionId: s.sessionId };
}

// The database, not only the code, refuses a decision without a checker, a reasonless rejection, or a request born decided.
describe('change request (risk override) invariants in PostgreSQL', () => {
  it('refuses an approval with no checker', async () => {
    const { requestId } = await pendingOverride();
    await expect(sql`UPDATE change_requests SET status = 'approved', decided_at = now() WHERE id = ${requestId}`).rejects.toMatchObject({ code: '23514' });
    const [row] = await sql`SELECT status FROM change_requests WHERE id = ${requestId}`;
    expect(row!.status).toBe('pending');
  });

  it('refuses a rejection without a reason, even a NULL one', async () => {
    const { requestId } = await pendingOverride();
    await expect(
      sql`UPDATE change_requests SET status = 'rejected', checker_id = ${supervisor.id}, decided_at = now(), decision_reason = NULL WHERE id = ${requestId}`,
    ).rejects.toMatchObject({ code: '23514' });
    const [row] = await sql`SELECT status FROM change_requests WHERE id = ${requestId}`;
    expect(row!.status).toBe('pending');
  });

  it('refuses a request inserted already approved', async () => {
    const { customerId } = await pendingOverride();
    const failure = await pgFailure(
      () => sql`
        INSERT INTO change_requests (session_id, customer_id, type, old_value_enc, new_value_enc, maker_id, reason, status, checker_id, decided_at)
        VALUES (NULL, ${customerId}, 'risk_override', ${encryptPii('none')}, ${encryptPii('low')}, ${proposer.id}, '直接写入', 'approved', ${supervisor.id}, now())`,
    );
    expect(failure).toMatchObject({ code: '23514', message: expect.stringMatching(/must be created pending/) });
  });

  it('refuses a second pending override for the same customer', async () => {
    const { customerId } = await pendingOverride();
    const failure = await pgFailure(() => insertChangeRequest(db, { customerId, oldValue: 'none', newValue: 'high', makerId: proposer.id, reason: '重复申请' }));
    expect(failure).toMatchObject({ code: '23505', constraint: 'change_requests_one_pending_idx' });
  });

  it("refuses any request that is not a risk override: a customer's information change is a case now", async () => {
    const { customerId, sessionId } = await pendingOverride();
    const [verification] = await sql<{ id: string }[]>`
      INSERT INTO verifications (session_id, customer_id, kind, result, performed_by) VALUES (${sessionId}, ${customerId}, 'basic', 'pass', ${teller.id}) RETURNING id`;
    // Shaped as the old mobile-change requests were (a session, its verification): only the new rule refuses it.
    const failure = await pgFailure(
      () => sql`
        INSERT INTO change_requests (session_id, customer_id, type, old_value_enc, new_value_enc, verification_id, maker_id)
        VALUES (${sessionId}, ${customerId}, 'change_mobile', ${encryptPii('13800000000')}, ${encryptPii(freshMobile())}, ${verification!.id}, ${teller.id})`,
    );
    expect(failure).toMatchObject({ code: '23514', constraint: 'change_requests_risk_override_only' });
    expect(await sql`SELECT type FROM change_requests WHERE customer_id = ${customerId} ORDER BY created_at`).toEqual([{ type: 'risk_override' }]);
  });
});

// The same rules for a customer's information change, now a case.
describe('information-change case invariants in PostgreSQL', () => {
  it('refuses an approval with no approver behind it', async () => {
    const { caseId } = await pendingMobileChange(teller.id);
    await expect(sql`UPDATE cases SET state = 'approved', decided_at = now() WHERE id = ${caseId}`).rejects.toMatchObject({ code: '23514', message: expect.stringMatching(/approval\(s\) of 1 required/) });
    const [row] = await sql`SELECT state FROM cases WHERE id = ${caseId}`;
    expect(row!.state).toBe('pending_approval');
  });

  it('refuses a rejection without a reason code, or without an opinion', async () => {
    const { caseId } = await pendingMobileChange(teller.id);
    await expect(sql`INSERT INTO case_decisions (case_id, approver_id, decision, reason_code, opinion) VALUES (${caseId}, ${supervisor.id}, 'reject', NULL, '号码非本人')`).rejects.toMatchObject({
      code: '23514', constraint_name: 'case_decisions_refusal_reason',
    });
    await expect(sql`INSERT INTO case_decisions (case_id, approver_id, decision, reason_code, opinion) VALUES (${caseId}, ${supervisor.id}, 'reject', 'other', NULL)`).rejects.toMatchObject({
      code: '23514', constraint_name: 'case_decisions_refusal_reason',
    });
    expect(await sql`SELECT 1 FROM case_decisions WHERE case_id = ${caseId}`).toHaveLength(0);
  });

  it('refuses a case inserted already awaiting approval (a case is born a draft)', async () => {
    const { caseId } = await pendingMobileChange(teller.id);
    const failure = await pgFailure(
      () => sql`
        INSERT INTO cases (type, customer_id, session_id, maker_id, state, payload_enc, summary, required_level, policy_version, policy_rules, idempotency_key)
        SELECT type, customer_id, session_id, maker_id, 'pending_approval', payload_enc, summary, required_level, policy_version, policy_rules, ${randomUUID()}
        FROM cases WHERE id = ${caseId}`,
    );
    expect(failure).toMatchObject({ code: '23514', message: expect.stringMatching(/born a draft/) });
  });
});

describe('one live change per customer and type', () => {
  it('refuses a second mobile change for the same customer while one is live, naming the first, and writes nothing', async () => {
    const first = await pendingMobileChange(teller.id);
    actAs(teller.sid);
    await passLadder(first, teller.id);
    const before = await businessChecksums();
    const result = await action('changeRequest.create')(null, { sessionId: first.sessionId, newMobile: '13500001234', idempotencyKey: randomUUID() });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^errors\.caseLiveForTarget::/) });
    expect((result as { message: string }).message).toContain(first.caseId.slice(0, 8).toUpperCase());
    expect(await businessChecksums()).toEqual(before);
    expect(await sql`SELECT id FROM cases WHERE customer_id = ${first.customer.id}`).toEqual([{ id: first.caseId }]);
    // Another type of change is a target of its own.
    expect(await action('changeRequest.name')(null, { sessionId: first.sessionId, newName: '另一个名字', newNameConfirm: '另一个名字', reason: '户籍更名', idempotencyKey: randomUUID() })).toMatchObject({ ok: true });
  });

  it('the database holds it too: a second live case on the same target is refused by the unique index', async () => {
    const first = await pendingMobileChange(teller.id);
    const failure = await pgFailure(
      () => sql`
        INSERT INTO cases (type, customer_id, session_id, maker_id, payload_enc, summary, required_level, policy_version, policy_rules, idempotency_key, target)
        SELECT type, customer_id, session_id, maker_id, payload_enc, summary, required_level, policy_version, policy_rules, ${randomUUID()}, target
        FROM cases WHERE id = ${first.caseId}`,
    );
    expect(failure).toMatchObject({ code: '23505', constraint: 'cases_one_live_per_target_idx' });
  });

  it('a change uses up its verification: the next one in the session needs the ladder again', async () => {
    const first = await pendingMobileChange(teller.id);
    actAs(supervisor.sid);
    expect(await action('case.decide')(null, { caseId: first.caseId, decision: 'reject', reasonCode: 'verification_doubt', opinion: '号码非本人实名' })).toMatchObject({ ok: true });
    actAs(teller.sid);
    const before = await businessChecksums();
    expect(await action('changeRequest.create')(null, { sessionId: first.sessionId, newMobile: '13500004321', idempotencyKey: randomUUID() })).toMatchObject({ ok: false, message: 'errors.verificationRequired' });
    // Any identity change, not only the same type.
    expect(await action('changeRequest.name')(null, { sessionId: first.sessionId, newName: '换个名字', newNameConfirm: '换个名字', reason: '户籍更名', idempotencyKey: randomUUID() })).toMatchObject({
      ok: false, message: 'errors.verificationRequired',
    });
    expect(await businessChecksums()).toEqual(before);
    await passLadder(first, teller.id);
    expect(await action('changeRequest.create')(null, { sessionId: first.sessionId, newMobile: '13500004321', idempotencyKey: randomUUID() })).toMatchObject({ ok: true, data: { state: 'pending_approval' } });
  });
});
