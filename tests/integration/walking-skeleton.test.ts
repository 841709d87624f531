import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { matchCustomerBasics } from '@/db/queries/customers';
import { createStaffSession } from '@/db/queries/staff-sessions';
import { changeStaffRole } from '@/db/queries/staff';
import { listTellerScores } from '@/db/queries/inspections';
import { currentScorecards } from '@/lib/qc/scorecards';
import { freshIdNumber, freshMobile, makeUser, uniqueName, type TestUser } from './factories';
import { action } from './actions';
import { deliverAndReadCode, passPasswordStep } from './otp-helpers';
import { actAs, auditSince, businessChecksums, confirmed, maxAuditSeq, pgFailure } from './helpers';

// One customer's journey through the real server actions, each step as the role that owns it.
let teller: TestUser;
let supervisor: TestUser;
let qc: TestUser;
const customer = { name: uniqueName('客户'), idNumber: '', mobile: freshMobile() };
const newMobile = freshMobile();
let sessionId = '';
let customerId = '';
let caseId = '';
// The key the teller's form made when it opened: a double click submits the same case.
const submissionKey = randomUUID();
// The default scorecard as QC rates this session: the verification and the confirmation as the record answers them (the
// ladder was walked before the change), no document rejected (N/A), one slip in the data (4 of 5), no closing words.
const ratings = {
  r_greeting: 'yes', r_identity_statement: 'yes', r_verification_before_request: 'yes', r_confirmation: 'yes', r_data_accuracy: '4', r_supplement_followed: 'na',
  r_completeness: 'yes', r_risk_disclosure: 'yes', r_attitude: '5', r_closed_with_outcome: 'yes', r_closing_words: 'no',
};

function form(values: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.append(k, v);
  return fd;
}

beforeAll(async () => {
  [teller, supervisor, qc] = await Promise.all([makeUser('teller'), makeUser('supervisor'), makeUser('qc')]);
  customer.idNumber = await freshIdNumber();
});

describe.sequential('teller -> supervisor -> qc', () => {
  it('the teller starts a session', async () => {
    actAs(teller.sid);
    const r = await action('session.start')(null, form({ channel: 'video' }));
    expect(r).toMatchObject({ ok: true, data: { id: expect.any(String) } });
    sessionId = (r as { data: { id: string } }).data.id;
    const [row] = await sql`SELECT teller_id, status, channel FROM service_sessions WHERE id = ${sessionId}`;
    expect(row).toEqual({ teller_id: teller.id, status: 'open', channel: 'video' });
  });

  it('creates the customer and gets back masked values only', async () => {
    const r = await action('customer.create')(null, form(confirmed({ sessionId, ...customer })));
    expect(r.ok).toBe(true);
    const data = (r as { data: Record<string, string> }).data;
    customerId = data.id!;
    expect(data).toEqual({ id: customerId, name: customer.name, idNumberMasked: `**************${customer.idNumber.slice(-4)}`, mobileMasked: `*******${customer.mobile.slice(-4)}`, riskLevel: 'low' });
    const [row] = await sql`SELECT c.id_number_enc, c.mobile_enc, s.customer_id FROM customers c JOIN service_sessions s ON s.customer_id = c.id WHERE c.id = ${customerId}`;
    expect(row!.customer_id).toBe(customerId);
    // Stored encrypted: neither value appears in clear.
    expect(`${row!.id_number_enc}${row!.mobile_enc}`).not.toContain(customer.idNumber.slice(0, 14));
    expect(`${row!.id_number_enc}${row!.mobile_enc}`).not.toContain(customer.mobile);
  });

  it('refuses a mobile change before verification', async () => {
    const r = await action('changeRequest.create')(null, { sessionId, newMobile, idempotencyKey: randomUUID() });
    expect(r).toMatchObject({ ok: false, message: 'errors.verificationRequired' });
    const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM cases WHERE session_id = ${sessionId}`;
    expect(n).toBe(0);
  });

  it('verifies the basic information: a wrong mobile fails, the right data passes', async () => {
    const wrong = await action('verification.basic')(null, { sessionId, name: customer.name, idNumber: customer.idNumber, mobile: newMobile });
    expect(wrong).toMatchObject({ ok: true, data: { result: 'fail', mismatched: ['mobile'] } });
    const right = await action('verification.basic')(null, form({ sessionId, name: customer.name, idNumber: customer.idNumber.toLowerCase(), mobile: customer.mobile }));
    expect(right).toMatchObject({ ok: true, data: { result: 'pass', mismatched: [] } });
  });

  it('passes the password the customer keyed on the phone (through the telephony endpoint)', async () => {
    expect(await passPasswordStep(sessionId, customerId, teller.id)).toEqual({ result: 'pass', locked: false });
  });

  it('passes the one-time code read from the customer\'s phone, then identity confirmation', async () => {
    expect(await action('changeRequest.create')(null, { sessionId, newMobile, idempotencyKey: randomUUID() })).toMatchObject({ ok: false, message: 'errors.verificationRequired' });
    expect(await action('verification.otpSend')(null, form({ sessionId }))).toMatchObject({ ok: true, message: 'teller.otpSent' });
    const code = await deliverAndReadCode(sessionId);
    expect(await action('verification.otpCheck')(null, form({ sessionId, code }))).toMatchObject({ ok: true, data: { result: 'pass' } });
    expect(await action('verification.confirm')(null, form({ sessionId, confirmed: 'yes' }))).toMatchObject({ ok: true, data: { result: 'pass' } });
  });

  it('requests the mobile change: a case awaiting a supervisor, the customer unchanged', async () => {
    const r = await action('changeRequest.create')(null, form({ sessionId, newMobile, idempotencyKey: submissionKey }));
    expect(r).toMatchObject({ ok: true, data: { id: expect.any(String), state: 'pending_approval' }, message: 'cases.submitted' });
    caseId = (r as { data: { id: string } }).data.id;
    const [row] = await sql`SELECT type, state, maker_id, customer_id, session_id, required_level, target FROM cases WHERE id = ${caseId}`;
    expect(row).toEqual({ type: 'change_mobile', state: 'pending_approval', maker_id: teller.id, customer_id: customerId, session_id: sessionId, required_level: 1, target: `customer:${customerId}:change_mobile` });
    expect(await sql`SELECT id FROM case_decisions WHERE case_id = ${caseId}`).toEqual([]);
    expect(await matchCustomerBasics(customerId, customer)).toEqual([]);
  });

  it('the same submission again (a double click) gets the same case back, not a second one', async () => {
    const r = await action('changeRequest.create')(null, form({ sessionId, newMobile, idempotencyKey: submissionKey }));
    expect(r).toMatchObject({ ok: true, data: { id: caseId, state: 'pending_approval' }, message: 'cases.alreadySubmitted' });
    const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM cases WHERE session_id = ${sessionId}`;
    expect(n).toBe(1);
  });

  it('a rejection without a reason is refused field by field and writes nothing', async () => {
    actAs(supervisor.sid);
    const before = await businessChecksums();
    const r = await action('case.decide')(null, form({ caseId, decision: 'reject', reasonCode: '', opinion: '   ' }));
    expect(r).toEqual({ ok: false, message: 'errors.checkFields', fieldErrors: { reasonCode: ['errors.reasonCodeRequired'], opinion: ['errors.opinionRequired'] } });
    expect(await businessChecksums()).toEqual(before);
  });

  it('the supervisor approves and the customer has the new mobile', async () => {
    const seq = await maxAuditSeq();
    const r = await action('case.decide')(null, form({ caseId, decision: 'approve' }));
    expect(r).toMatchObject({ ok: true, data: { state: 'completed', approvals: 1, required: 1 } });
    const [row] = await sql`SELECT state, decided_at IS NOT NULL AS decided, executed_at IS NOT NULL AS executed FROM cases WHERE id = ${caseId}`;
    expect(row).toEqual({ state: 'completed', decided: true, executed: true });
    expect(await sql`SELECT approver_id, decision FROM case_decisions WHERE case_id = ${caseId}`).toEqual([{ approver_id: supervisor.id, decision: 'approve' }]);
    // The change history names the case and its checker, not a change request.
    expect(await sql`SELECT field, case_id, request_id, session_id, changed_by, approved_by FROM customer_changes WHERE customer_id = ${customerId}`).toEqual([
      { field: 'mobile', case_id: caseId, request_id: null, session_id: sessionId, changed_by: teller.id, approved_by: supervisor.id },
    ]);
    expect(await matchCustomerBasics(customerId, { ...customer, mobile: newMobile })).toEqual([]);
    expect(await matchCustomerBasics(customerId, customer)).toEqual(['mobile']);
    expect(await auditSince(seq)).toMatchObject([{ action: 'case.decide', outcome: 'ok', actor_id: supervisor.id, entity_id: caseId }]);
    const again = await action('case.decide')(null, { caseId, decision: 'reject', reasonCode: 'other', opinion: 'changed my mind' });
    expect(again).toMatchObject({ ok: false, message: expect.stringMatching(/^errors\.caseDecided/) });
    expect(await sql`SELECT state FROM cases WHERE id = ${caseId}`).toEqual([{ state: 'completed' }]);
  });

  it('qc cannot inspect a session that is still open', async () => {
    actAs(qc.sid);
    const r = await action('inspection.submit')(null, form({ sessionId, ...ratings }));
    expect(r).toMatchObject({ ok: false, message: 'errors.sessionNotEnded' });
  });

  it('the teller ends the session, and cannot act in it afterwards', async () => {
    actAs(teller.sid);
    expect(await action('session.end')(null, { sessionId, outcome: 'resolved', satisfaction: '5' })).toMatchObject({ ok: true });
    const [row] = await sql`SELECT status, ended_at IS NOT NULL AS ended FROM service_sessions WHERE id = ${sessionId}`;
    expect(row).toEqual({ status: 'ended', ended: true });
    expect(await action('changeRequest.create')(null, { sessionId, newMobile: freshMobile(), idempotencyKey: randomUUID() })).toMatchObject({ ok: false, message: 'errors.sessionNotOpen' });
  });

  it('the database refuses the teller or the deciding supervisor as inspector', async () => {
    for (const inspector of [teller.id, supervisor.id]) {
      const failure = await pgFailure(
        () => sql`INSERT INTO inspections (session_id, inspector_id, scorecard, ratings, score) VALUES (${sessionId}, ${inspector}, 'basic-v1', '{}', 50)`,
      );
      expect(failure.code).toBe('23514');
      expect(failure.message).toContain('took part');
    }
  });

  it('the deciding supervisor, moved to QC, is refused by the action too', async () => {
    await changeStaffRole(supervisor.id, 'qc');
    actAs(await createStaffSession(supervisor.id));
    const before = await businessChecksums();
    const r = await action('inspection.submit')(null, form({ sessionId, ...ratings }));
    expect(r).toMatchObject({ ok: false, message: 'errors.ownSession' });
    expect(await businessChecksums()).toEqual(before);
  });

  it('qc submits the inspection; the score is computed on the server, and the teller sees it', async () => {
    actAs(qc.sid);
    const scorecard = (await currentScorecards()).find((s) => s.name === '通用服务质检表')!;
    // A forged score field is ignored: only the ratings count. Applicable 95 (supplement N/A); earned
    // 10 + 5 + 20 + 10 + 12 (4/5 of 15) + 5 + 10 + 10 + 5 = 87; 87 / 95 = 91.6 -> 92.
    const r = await action('inspection.submit')(null, form({ sessionId, ...ratings, c_closing_words: '未使用规范结束语', comment: '  good  ', score: '100' }));
    expect(r).toMatchObject({ ok: true, data: { score: 92 }, message: 'qc.submitted' });
    const [row] = await sql`SELECT inspector_id, status, score, critical_failure, ratings, comment, scorecard, template_id, template_version FROM inspections WHERE session_id = ${sessionId}`;
    expect(row).toEqual({
      inspector_id: qc.id,
      status: 'submitted',
      score: 92,
      critical_failure: false,
      ratings: {
        greeting: { value: 'yes' },
        identity_statement: { value: 'yes' },
        verification_before_request: { value: 'yes', fromRecord: true },
        confirmation: { value: 'yes', fromRecord: true },
        data_accuracy: { value: 4 },
        supplement_followed: { value: 'na', fromRecord: true },
        completeness: { value: 'yes' },
        risk_disclosure: { value: 'yes' },
        attitude: { value: 5 },
        closed_with_outcome: { value: 'yes', fromRecord: true },
        closing_words: { value: 'no', comment: '未使用规范结束语' },
      },
      comment: 'good',
      scorecard: `${scorecard.templateId}@${scorecard.version}`,
      template_id: scorecard.templateId,
      template_version: scorecard.version,
    });
    expect(await listTellerScores(teller.id)).toEqual([{ sessionId, score: 92, criticalFailure: false, comment: 'good', createdAt: expect.any(Date), channel: 'video' }]);
    const twice = await action('inspection.submit')(null, form({ sessionId, ...ratings, r_greeting: 'no' }));
    expect(twice).toMatchObject({ ok: false, message: 'errors.alreadyInspected' });
  });

  it('the session timeline records every step in order, and the case its own', async () => {
    const rows = await sql<{ kind: string; data: Record<string, unknown> }[]>`SELECT kind, data FROM session_events WHERE session_id = ${sessionId} ORDER BY id`;
    expect(rows.map((r) => r.kind)).toEqual([
      'session.started', 'customer.created', 'verification.basic', 'verification.basic', 'password.prompted', 'verification.password', 'otp.sent', 'verification.otp', 'verification.confirmation', 'case.submitted', 'case.approve', 'session.ended',
    ]);
    // The submission names its case, the ladder policy and the verification that allowed it; the decision its case.
    const [passed] = await sql<{ id: string }[]>`SELECT id FROM verifications WHERE session_id = ${sessionId} AND result = 'pass' ORDER BY created_at DESC LIMIT 1`;
    expect(rows.find((r) => r.kind === 'case.submitted')!.data).toMatchObject({ case: caseId, type: 'change_mobile', verification: passed!.id, ladderPolicy: expect.any(Number) });
    expect(rows.find((r) => r.kind === 'case.approve')!.data).toEqual({ case: caseId, type: 'change_mobile' });
    // Each event keeps its own moment (the clock, not the transaction's start), so the case's timeline reads in order.
    const events = await sql<{ kind: string; actor_id: string | null }[]>`SELECT kind, actor_id FROM case_events WHERE case_id = ${caseId} ORDER BY created_at`;
    expect(events).toEqual([
      { kind: 'case.created', actor_id: teller.id },
      { kind: 'case.start_verification', actor_id: teller.id },
      { kind: 'case.skip_documents', actor_id: teller.id },
      { kind: 'case.submit', actor_id: teller.id },
      { kind: 'decision.approve', actor_id: supervisor.id },
      { kind: 'case.approve', actor_id: supervisor.id },
      { kind: 'case.execute', actor_id: supervisor.id },
      { kind: 'case.complete', actor_id: supervisor.id },
    ]);
  });
});
