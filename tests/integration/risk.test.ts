import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { latestAssessment } from '@/db/queries/risk';
import { DEFAULT_RISK_MODEL } from '@/lib/customers/risk';
import { action } from './actions';
import { freshMobile, makeUser, sessionWithCustomer, startSession, type TestUser } from './factories';
import { actAs, auditSince, businessChecksums, confirmed, maxAuditSeq, pgFailure } from './helpers';

let teller: TestUser;
let supervisorA: TestUser;
let supervisorB: TestUser;
beforeAll(async () => {
  [teller, supervisorA, supervisorB] = await Promise.all([makeUser('teller'), makeUser('supervisor'), makeUser('supervisor')]);
});

describe('risk assessment', () => {
  it('the migrations publish the default model as the newest version', async () => {
    const [row] = await sql`SELECT model FROM risk_models ORDER BY version DESC LIMIT 1`;
    expect(row!.model).toEqual(DEFAULT_RISK_MODEL);
  });

  it('intake assesses the customer and stores the model version and every factor; the level is the one that applies', async () => {
    actAs(teller.sid);
    // A passport holder from a listed jurisdiction in a cash-intensive trade: passport 10 + high-risk place 40 + trade 30.
    const created = await action('customer.create')(null, {
      ...(confirmed({ sessionId: await startSession(teller.id), name: 'Ivan Petrov', idNumber: `E${String(Date.now()).slice(-8)}`, mobile: freshMobile() }) as Record<string, unknown>),
      documentType: 'passport',
      longTerm: undefined,
      documentExpiry: '2035-01-01',
      nationality: 'IRN',
      occupation: 'cash_intensive_business',
      birthDate: '1980-01-01',
      gender: 'male',
    });
    expect(created, JSON.stringify(created)).toMatchObject({ ok: true });
    const id = (created as { data: { id: string } }).data.id;
    const assessment = await latestAssessment(id);
    expect(assessment).toMatchObject({ modelVersion: 2, score: 80, computedLevel: 'high', level: 'high', trigger: 'intake', assessedBy: teller.id });
    expect(assessment!.contributions).toContainEqual({ factor: 'nationality', value: 'IRN', points: 40 });
    expect(assessment!.contributions).toContainEqual({ factor: 'occupation', value: 'cash_intensive_business', points: 30 });
    const [c] = await sql`SELECT risk_level FROM customers WHERE id = ${id}`;
    expect(c!.risk_level).toBe('high');
  });

  it('three wrong codes lock verification and the customer is assessed again with the lock counted', async () => {
    const s = await sessionWithCustomer(teller.id);
    const { afterFailedStep } = await import('@/lib/sessions/verification-locks');
    const { db } = await import('@/db');
    for (let i = 0; i < 3; i++) {
      await sql`INSERT INTO verifications (session_id, customer_id, kind, result, performed_by) VALUES (${s.sessionId}, ${s.customer.id}, 'otp', 'fail', ${teller.id})`;
    }
    expect(await db.transaction((tx) => afterFailedStep(tx, { customerId: s.customer.id, kind: 'otp', sessionId: s.sessionId, tellerId: teller.id }))).toBe(true);
    const assessment = await latestAssessment(s.customer.id);
    expect(assessment).toMatchObject({ trigger: 'verification_lock' });
    expect(assessment!.contributions).toContainEqual({ factor: 'verificationLocks', value: '1', points: 10 });
  });

  it('a supervisor confirming fraud makes the customer high risk at once', async () => {
    const s = await sessionWithCustomer(teller.id);
    const { raiseLock } = await import('@/db/queries/verification-locks');
    const { db } = await import('@/db');
    const lockId = await raiseLock(db, { customerId: s.customer.id, step: 'otp', sessionId: s.sessionId, minutes: 30 });
    actAs(supervisorA.sid);
    expect(await action('customerFreeze.confirmFraud')(null, { lockId, note: '客户本人来电称从未申请' })).toMatchObject({ ok: true });
    expect(await latestAssessment(s.customer.id)).toMatchObject({ trigger: 'fraud', level: 'high', assessedBy: supervisorA.id });
    expect((await sql`SELECT risk_level FROM customers WHERE id = ${s.customer.id}`)[0]!.risk_level).toBe('high');
  });

  it('the daily periodic review assesses again a customer whose document ran out since, and only once', async () => {
    const { reassessExpiring } = await import('@/db/queries/risk');
    const s = await sessionWithCustomer(teller.id);
    await sql`UPDATE customers SET document_expiry = current_date + 100 WHERE id = ${s.customer.id}`;
    // The intake assessment saw a long-term document; the document now ends in 100 days, then ran out yesterday.
    expect(await reassessExpiring()).toBeGreaterThanOrEqual(0);
    await sql`UPDATE customers SET document_expiry = current_date - 1 WHERE id = ${s.customer.id}`;
    await reassessExpiring(new Date(Date.now() + 86_400_000));
    const latest = await latestAssessment(s.customer.id);
    expect(latest).toMatchObject({ trigger: 'expiry' });
    expect(latest!.contributions).toContainEqual({ factor: 'documentValidity', value: 'expired', points: 25 });
    const count = async () => (await sql`SELECT count(*)::int AS n FROM customer_risk_assessments WHERE customer_id = ${s.customer.id}`)[0]!.n;
    const before = await count();
    await reassessExpiring(new Date(Date.now() + 86_400_000));
    expect(await count()).toBe(before);
  });

  it('assessments and models are append-only in the database', async () => {
    expect(await pgFailure(() => sql`UPDATE risk_models SET note = 'x' WHERE version = 1`)).toMatchObject({ message: expect.stringMatching(/append-only/) });
    expect(await pgFailure(() => sql`DELETE FROM customer_risk_assessments`)).toMatchObject({ message: expect.stringMatching(/append-only/) });
  });
});

describe('a supervisor override goes through dual control', () => {
  it('one supervisor proposes, the same one cannot approve, another approves; the level applies and the history says who', async () => {
    const s = await sessionWithCustomer(teller.id);
    const customerId = s.customer.id;
    expect(await latestAssessment(customerId)).toMatchObject({ level: 'low', trigger: 'intake' });

    actAs(supervisorA.sid);
    const proposed = await action('customer.riskOverride')(null, { customerId, level: 'high', reason: '公安机关协查通知涉及该客户' });
    expect(proposed).toMatchObject({ ok: true, message: 'customer360.overrideRequested' });
    const requestId = (proposed as { data: { id: string } }).data.id;
    // Nothing applies yet.
    expect((await sql`SELECT risk_level, risk_override FROM customers WHERE id = ${customerId}`)[0]).toEqual({ risk_level: 'low', risk_override: null });
    // A second proposal while one is pending is refused.
    expect(await action('customer.riskOverride')(null, { customerId, level: 'medium', reason: '重复申请测试' })).toMatchObject({ ok: false, message: 'errors.requestPending' });

    const before = await businessChecksums();
    expect(await action('changeRequest.decide')(null, { requestId, decision: 'approved' })).toMatchObject({ ok: false, message: 'errors.ownRequest' });
    expect(await businessChecksums()).toEqual(before);

    actAs(supervisorB.sid);
    expect(await action('changeRequest.decide')(null, { requestId, decision: 'approved' })).toMatchObject({ ok: true });
    expect((await sql`SELECT risk_level, risk_override FROM customers WHERE id = ${customerId}`)[0]).toEqual({ risk_level: 'high', risk_override: 'high' });
    expect(await latestAssessment(customerId)).toMatchObject({ trigger: 'override', computedLevel: 'low', level: 'high', overrideRequestId: requestId, assessedBy: supervisorB.id });
    const [change] = await sql`SELECT field, old_masked, new_masked, request_id, case_id, changed_by, approved_by FROM customer_changes WHERE customer_id = ${customerId}`;
    expect(change).toEqual({ field: 'risk_level', old_masked: 'none', new_masked: 'high', request_id: requestId, case_id: null, changed_by: supervisorA.id, approved_by: supervisorB.id });
    const [request] = await sql`SELECT type, session_id, status, maker_id, checker_id FROM change_requests WHERE id = ${requestId}`;
    expect(request).toEqual({ type: 'risk_override', session_id: null, status: 'approved', maker_id: supervisorA.id, checker_id: supervisorB.id });

    // Lifting the override goes the same way; then the model's level applies again.
    actAs(supervisorB.sid);
    const lift = await action('customer.riskOverride')(null, { customerId, level: 'none', reason: '协查结束，恢复模型评估' });
    actAs(supervisorA.sid);
    expect(await action('changeRequest.decide')(null, { requestId: (lift as { data: { id: string } }).data.id, decision: 'approved' })).toMatchObject({ ok: true });
    expect((await sql`SELECT risk_level, risk_override FROM customers WHERE id = ${customerId}`)[0]).toEqual({ risk_level: 'low', risk_override: null });
  });

  it('a teller cannot propose an override: refused, audited, nothing written', async () => {
    const s = await sessionWithCustomer(teller.id);
    actAs(teller.sid);
    const before = await businessChecksums();
    const seq = await maxAuditSeq();
    expect(await action('customer.riskOverride')(null, { customerId: s.customer.id, level: 'low', reason: '柜员不应能调整' })).toMatchObject({ ok: false, message: 'errors.forbidden' });
    expect(await businessChecksums()).toEqual(before);
    expect(await auditSince(seq)).toMatchObject([{ action: 'customer.riskOverride', outcome: 'denied' }]);
  });

  it('the database refuses an override request that names a session, and any request that is not an override', async () => {
    const s = await sessionWithCustomer(teller.id);
    const withSession = await pgFailure(
      () => sql`INSERT INTO change_requests (session_id, customer_id, type, old_value_enc, new_value_enc, maker_id, reason) VALUES (${s.sessionId}, ${s.customer.id}, 'risk_override', 'x', 'y', ${supervisorA.id}, '带会话的调整')`,
    );
    expect(withSession).toMatchObject({ code: '23514', constraint: 'change_requests_session_shape' });
    // A customer's change is a case now: as a request it is refused, with or without a session.
    const noSession = await pgFailure(
      () => sql`INSERT INTO change_requests (session_id, customer_id, type, old_value_enc, new_value_enc, maker_id) VALUES (NULL, ${s.customer.id}, 'change_name', 'x', 'y', ${teller.id})`,
    );
    expect(noSession).toMatchObject({ code: '23514', constraint: expect.stringMatching(/^change_requests_(risk_override_only|session_shape)$/) });
    const inSession = await pgFailure(
      () => sql`INSERT INTO change_requests (session_id, customer_id, type, old_value_enc, new_value_enc, maker_id) VALUES (${s.sessionId}, ${s.customer.id}, 'change_name', 'x', 'y', ${teller.id})`,
    );
    expect(inSession).toMatchObject({ code: '23514', constraint: 'change_requests_risk_override_only' });
    expect(await sql`SELECT 1 FROM change_requests WHERE customer_id = ${s.customer.id}`).toHaveLength(0);
  });
});
