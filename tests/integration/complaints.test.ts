import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { addWorkingDays } from '@/lib/calendar/working-days';
import { escalateBreaches } from '@/lib/complaints/deadline-policy';
import { listComplaints, parseComplaintCursor, type ComplaintFilter } from '@/lib/complaints/lists';
import { drawPlan, periodContaining } from '@/lib/qc/plans';
import { endSession } from '@/lib/sessions/service';
import { expectRefusedAs as expectRefused, runAs as run } from './actions';
import { decideCase } from '@/lib/cases/service';
import { currentApprovalPolicy } from '@/lib/cases/case-core';
import { requiredApproval } from '@/lib/cases/approval-policy';
import { sessionWithAccount } from './card-factories';
import { endedSession, makeCustomer, makeUser, sessionWithCustomer, uniqueName, type TestUser } from './factories';
import { auditSince, maxAuditSeq, pgFailure } from './helpers';

// Complaints (客户投诉): recorded from a session or on their own, acknowledged when a supervisor assigns the handler,
// investigated, resolved, the customer's feedback, closed, reopened; the customer told through the outbox at
// acceptance, progress and resolution; deadlines in working days; escalation when one is missed; the session put in
// QC's hands. Every complaint here is of customers and staff of this file's own.
let teller: TestUser;
let otherTeller: TestUser;
let supervisor: TestUser;
beforeAll(async () => {
  // A QC member of this file's own, so that a complaint's session always has an inspector to go to.
  [teller, otherTeller, supervisor] = await Promise.all([makeUser('teller'), makeUser('teller'), makeUser('supervisor'), makeUser('qc')]);
});

const recordedId = (r: unknown) => (r as { data: { id: string } }).data.id;
const complaint = (id: string) =>
  sql<{ state: string; customer_id: string; session_id: string | null; subject_staff_id: string | null; handler_id: string | null; acknowledged: boolean; upheld: boolean | null; satisfaction: number | null }[]>`
    SELECT state, customer_id, session_id, subject_staff_id, handler_id, acknowledged_at IS NOT NULL AS acknowledged, upheld, satisfaction FROM complaints WHERE id = ${id}`;
const events = (id: string) => sql<{ kind: string; from_state: string | null; to_state: string | null }[]>`SELECT kind, from_state, to_state FROM complaint_events WHERE complaint_id = ${id} ORDER BY seq`;
const told = (customerId: string) =>
  sql<{ template: string; channel: string }[]>`SELECT template, channel::text FROM outbox_messages WHERE customer_id = ${customerId} AND (template LIKE 'complaint%' OR template = 'compensationPaid') ORDER BY created_at, channel`;
const templates = async (customerId: string) => [...new Set((await told(customerId)).map((m) => m.template))];

describe('recording a complaint', () => {
  it('from a session by its teller: the customer and the teller complained about come from it; the session goes to QC', async () => {
    const s = await sessionWithCustomer(teller.id);
    await endSession(s.sessionId, teller.id, 'resolved', 2);
    const before = Date.now();
    const r = await run(teller, 'complaint.record', { sessionId: s.sessionId, channel: 'phone', category: 'service_attitude', severity: 'medium', content: '柜员语气生硬，多次打断我' });
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, message: 'complaints.recorded' });
    const id = recordedId(r);
    expect(await complaint(id)).toEqual([{ state: 'accepted', customer_id: s.customer.id, session_id: s.sessionId, subject_staff_id: teller.id, handler_id: null, acknowledged: false, upheld: null, satisfaction: null }]);
    // Timed by the policy in force: acknowledged within 1 working day, resolved within 15 (no holidays configured near now).
    const [d] = await sql<{ ack: number; resolve: number; received: number; ref: string; policy_version: number }[]>`
      SELECT extract(epoch FROM acknowledge_by)::float8 * 1000 AS ack, extract(epoch FROM resolve_by)::float8 * 1000 AS resolve, extract(epoch FROM received_at)::float8 * 1000 AS received, ref, policy_version FROM complaints WHERE id = ${id}`;
    expect(d!.received).toBeGreaterThanOrEqual(before - 1000);
    expect(d!.ack).toBe(addWorkingDays(new Date(d!.received), 1).getTime());
    expect(d!.resolve).toBe(addWorkingDays(new Date(d!.received), 15).getTime());
    expect(d!.ref).toMatch(/^TS[0-9]{8}-[0-9]{5}$/);
    // The ended session is now QC's, for a complaint; the record says so.
    expect(await sql`SELECT reason, risk_reasons FROM qc_assignments WHERE session_id = ${s.sessionId}`).toEqual([{ reason: 'complaint', risk_reasons: ['complaint'] }]);
    expect(await events(id)).toEqual([
      { kind: 'recorded', from_state: null, to_state: 'accepted' },
      { kind: 'qc_sampled', from_state: null, to_state: null },
    ]);
    // Every supervisor is told there is one to assign.
    expect(await sql`SELECT kind, link FROM staff_notifications WHERE staff_id = ${supervisor.id} AND params->>'ref' = ${d!.ref}`).toEqual([{ kind: 'complaintToAssign', link: `/complaints/${id}` }]);
  });

  it('about a session still open: a later plan draw takes the session as a complaint, whatever its rates', async () => {
    const s = await sessionWithCustomer(otherTeller.id);
    const r = await run(otherTeller, 'complaint.record', { sessionId: s.sessionId, channel: 'online', category: 'delay', severity: 'low', content: '等待时间过长' });
    expect(r).toMatchObject({ ok: true });
    expect(await events(recordedId(r))).toMatchObject([{ kind: 'recorded' }, { kind: 'qc_sampled' }]);
    await endSession(s.sessionId, otherTeller.id, 'resolved', 4);
    // Moved into a week of its own in 2033, drawn by a plan that takes nothing at random.
    const week = periodContaining('week', new Date('2033-03-09T12:00:00+08:00'));
    await sql`UPDATE service_sessions SET started_at = ${new Date(week.start.getTime() + 3_600_000).toISOString()}::timestamptz, ended_at = ${new Date(week.start.getTime() + 3_900_000).toISOString()}::timestamptz WHERE id = ${s.sessionId}`;
    const [plan] = await sql<{ id: string }[]>`
      INSERT INTO qc_plans (name, period, rate_kind, rate_value, new_teller_weeks, new_teller_rate, risk)
      VALUES (${uniqueName('投诉抽检')}, 'week', 'percent', 0, 0, 0, '{"failedVerification": false, "rejectedApproval": false, "fundsOverFen": null, "shortHandleSeconds": null, "longHandleSeconds": null, "lowSatisfaction": null}'::jsonb) RETURNING id`;
    expect(await drawPlan(plan!.id, week, null, week.end)).toMatchObject({ drawn: 1 });
    expect(await sql`SELECT reason, risk_reasons FROM qc_assignments WHERE session_id = ${s.sessionId}`).toEqual([{ reason: 'risk', risk_reasons: ['complaint'] }]);
  });

  it('on its own, by a supervisor, for a customer named by document number; assigning the handler at once acknowledges it', async () => {
    const customer = await makeCustomer();
    const r = await run(supervisor, 'complaint.record', { idNumber: customer.idNumber, channel: 'regulator', category: 'fees', severity: 'high', content: '监管转办：对年费收取有异议', subjectStaffId: otherTeller.id, handlerId: teller.id, resolveBy: '2099-01-05' });
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    const id = recordedId(r);
    expect(await complaint(id)).toMatchObject([{ state: 'accepted', customer_id: customer.id, subject_staff_id: otherTeller.id, handler_id: teller.id, acknowledged: true }]);
    // A date given later than the policy's never extends it.
    const [d] = await sql<{ resolve: number; received: number }[]>`SELECT extract(epoch FROM resolve_by)::float8 * 1000 AS resolve, extract(epoch FROM received_at)::float8 * 1000 AS received FROM complaints WHERE id = ${id}`;
    expect(d!.resolve).toBe(addWorkingDays(new Date(d!.received), 15).getTime());
    expect(await templates(customer.id)).toEqual(['complaintAccepted']);
  });

  it('bad input is refused at its field and writes nothing', async () => {
    const customer = await makeCustomer();
    const base = { idNumber: customer.idNumber, channel: 'phone', category: 'delay', severity: 'low', content: '等待过久' };
    await expectRefused(teller, 'complaint.record', { ...base, content: '  ' }, 'errors.checkFields', { content: ['errors.complaints.content'] });
    await expectRefused(teller, 'complaint.record', { ...base, idNumber: '' }, 'errors.checkFields', { idNumber: ['errors.complaints.customer'] });
    await expectRefused(teller, 'complaint.record', { ...base, idNumber: '110101199001011237' }, 'errors.complaints.customerNotFound', { idNumber: ['errors.complaints.customerNotFound'] });
    await expectRefused(teller, 'complaint.record', { ...base, resolveBy: '2020-01-02' }, 'errors.complaints.deadlinePast', { resolveBy: ['errors.complaints.deadlinePast'] });
    await expectRefused(teller, 'complaint.record', { ...base, receivedAt: '2099-01-01T10:00' }, 'errors.complaints.receivedFuture', { receivedAt: ['errors.complaints.receivedFuture'] });
    await expectRefused(supervisor, 'complaint.record', { ...base, subjectStaffId: teller.id, handlerId: teller.id }, 'errors.checkFields', { handlerId: ['errors.complaints.handlerIsSubject'] });
    // A teller may not assign the handler, nor record from another teller's session.
    await expectRefused(teller, 'complaint.record', { ...base, handlerId: otherTeller.id }, 'errors.complaints.assignBySupervisor', { handlerId: ['errors.complaints.assignBySupervisor'] }, 'denied');
    const theirs = await endedSession(otherTeller.id);
    await expectRefused(teller, 'complaint.record', { ...base, idNumber: '', sessionId: theirs }, 'errors.notFound', {}, 'denied');
  });
});

describe('a complaint from acceptance to closure', () => {
  it('walks accepted → investigating → resolved → feedback → closed, the customer told at each step, every step timed', async () => {
    const customer = await makeCustomer();
    const id = recordedId(await run(teller, 'complaint.record', { idNumber: customer.idNumber, channel: 'phone', category: 'wrong_operation', severity: 'medium', content: '转账金额被录错', subjectStaffId: otherTeller.id }));
    // Not before a handler is assigned; never the staff member complained about, in the code or the database.
    await expectRefused(supervisor, 'complaint.investigate', { complaintId: id }, 'errors.complaints.notAcknowledged');
    await expectRefused(supervisor, 'complaint.assign', { complaintId: id, handlerId: otherTeller.id }, 'errors.complaints.handlerIsSubject', { handlerId: ['errors.complaints.handlerIsSubject'] });
    expect(await pgFailure(() => sql`UPDATE complaints SET handler_id = ${otherTeller.id}, acknowledged_at = now() WHERE id = ${id}`)).toMatchObject({ code: '23514', constraint: 'complaints_handler_not_subject' });
    expect(await run(supervisor, 'complaint.assign', { complaintId: id, handlerId: teller.id })).toMatchObject({ ok: true, message: 'complaints.assigned' });
    expect(await templates(customer.id)).toEqual(['complaintAccepted']);
    expect((await told(customer.id)).map((m) => m.channel).sort()).toEqual(['in_app', 'sms']);

    // Only the handler (or a supervisor) works on it.
    await expectRefused(otherTeller, 'complaint.investigate', { complaintId: id }, 'errors.notFound', {}, 'denied');
    expect(await run(teller, 'complaint.investigate', { complaintId: id, note: '调取录音' })).toMatchObject({ ok: true });
    expect(await run(teller, 'complaint.progress', { complaintId: id, note: '已联系客户说明情况', tellCustomer: 'on' })).toMatchObject({ ok: true, message: 'complaints.progressTold' });
    expect(await run(teller, 'complaint.progress', { complaintId: id, note: '内部核查' })).toMatchObject({ ok: true, message: 'complaints.progressNoted' });
    await expectRefused(teller, 'complaint.resolve', { complaintId: id, rootCause: ' ', actionTaken: '致歉', upheld: 'yes' }, 'errors.checkFields', { rootCause: ['errors.complaints.rootCause'] });
    await expectRefused(teller, 'complaint.resolve', { complaintId: id, rootCause: '录入错误', actionTaken: '致歉', upheld: 'yes', compensationYuan: '-5', compensationAccountId: '00000000-0000-4000-8000-000000000000' }, 'errors.checkFields', { compensationYuan: ['errors.complaints.compensation'] });
    expect(await run(teller, 'complaint.resolve', { complaintId: id, rootCause: '柜员未复述金额', actionTaken: '更正并致歉，纳入培训', upheld: 'yes', compensationYuan: '' })).toMatchObject({ ok: true });
    expect(await templates(customer.id)).toEqual(['complaintAccepted', 'complaintProgress', 'complaintResolved']);
    expect(await sql`SELECT compensation_fen, compensation_case_id FROM complaints WHERE id = ${id}`).toEqual([{ compensation_fen: null, compensation_case_id: null }]);
    await expectRefused(teller, 'complaint.close', { complaintId: id }, 'errors.complaints.state');
    expect(await run(teller, 'complaint.feedback', { complaintId: id, satisfaction: '4', note: '客户表示接受' })).toMatchObject({ ok: true });
    expect(await run(teller, 'complaint.close', { complaintId: id })).toMatchObject({ ok: true, message: 'complaints.closed' });
    expect(await complaint(id)).toMatchObject([{ state: 'closed', upheld: true, satisfaction: 4 }]);
    expect(await events(id)).toEqual([
      { kind: 'recorded', from_state: null, to_state: 'accepted' },
      { kind: 'acknowledged', from_state: null, to_state: null },
      { kind: 'investigate', from_state: 'accepted', to_state: 'investigating' },
      { kind: 'progress', from_state: null, to_state: null },
      { kind: 'progress', from_state: null, to_state: null },
      { kind: 'resolve', from_state: 'investigating', to_state: 'resolved' },
      { kind: 'record_feedback', from_state: 'resolved', to_state: 'feedback' },
      { kind: 'close', from_state: 'feedback', to_state: 'closed' },
    ]);
    const times = await sql<{ at: string }[]>`SELECT at::text FROM complaint_events WHERE complaint_id = ${id} ORDER BY seq`;
    expect(times.map((t) => t.at)).toEqual([...times.map((t) => t.at)].sort());

    // Reopened by a supervisor only, with a new date not in the past; the teller's list shows it open again.
    await expectRefused(teller, 'complaint.reopen', { complaintId: id, reason: '客户不满', resolveBy: '2099-01-01' }, 'errors.forbidden', {}, 'denied');
    await expectRefused(supervisor, 'complaint.reopen', { complaintId: id, reason: '客户不满', resolveBy: '2020-01-01' }, 'errors.complaints.deadlinePast', { resolveBy: ['errors.complaints.deadlinePast'] });
    expect(await run(supervisor, 'complaint.reopen', { complaintId: id, reason: '客户再次来电', resolveBy: '2099-01-01' })).toMatchObject({ ok: true });
    expect(await complaint(id)).toMatchObject([{ state: 'investigating', satisfaction: null }]);
    expect((await listComplaints(teller)).map((c) => c.id)).toContain(id);
    expect((await listComplaints(otherTeller)).map((c) => c.id)).not.toContain(id);
  });

  it('the database holds the lifecycle and what was recorded, and keeps the events', async () => {
    const customer = await makeCustomer();
    const id = recordedId(await run(supervisor, 'complaint.record', { idNumber: customer.idNumber, channel: 'email', category: 'other', severity: 'low', content: '其他问题', handlerId: teller.id }));
    expect(await pgFailure(() => sql`UPDATE complaints SET state = 'resolved', resolved_at = now(), root_cause = 'x', action_taken = 'y', upheld = false WHERE id = ${id}`)).toMatchObject({ message: expect.stringMatching(/cannot go from accepted to resolved/) });
    expect(await pgFailure(() => sql`UPDATE complaints SET content = '改写' WHERE id = ${id}`)).toMatchObject({ message: expect.stringMatching(/keeps what was recorded/) });
    expect(await pgFailure(() => sql`DELETE FROM complaints WHERE id = ${id}`)).toMatchObject({ message: expect.stringMatching(/cannot be deleted/) });
    expect(await pgFailure(() => sql`UPDATE complaint_events SET note = 'x' WHERE complaint_id = ${id}`)).toMatchObject({ message: expect.stringMatching(/append-only/) });
  });
});

describe('segregation of duties', () => {
  it('a supervisor complained about may not assign, work on or reopen the complaint; from a session, the subject is its teller', async () => {
    const s = await sessionWithCustomer(teller.id);
    await endSession(s.sessionId, teller.id, 'resolved', 3);
    // A teller naming a colleague is overruled: the session's teller is the one complained about.
    const fromSession = recordedId(await run(teller, 'complaint.record', { sessionId: s.sessionId, channel: 'phone', category: 'delay', severity: 'low', content: '等待过久', subjectStaffId: otherTeller.id }));
    expect(await complaint(fromSession)).toMatchObject([{ subject_staff_id: teller.id }]);
    const subject = await makeUser('supervisor');
    const customer = await makeCustomer();
    const id = recordedId(await run(supervisor, 'complaint.record', { idNumber: customer.idNumber, channel: 'phone', category: 'service_attitude', severity: 'medium', content: '主管处理升级时态度生硬', subjectStaffId: subject.id }));
    await expectRefused(subject, 'complaint.assign', { complaintId: id, handlerId: teller.id }, 'errors.complaints.ownComplaint', {}, 'denied');
    expect(await run(supervisor, 'complaint.assign', { complaintId: id, handlerId: teller.id })).toMatchObject({ ok: true });
    await expectRefused(subject, 'complaint.investigate', { complaintId: id }, 'errors.complaints.ownComplaint', {}, 'denied');
  });
});

describe('compensation', () => {
  it('takes the dual-control path: a case the handler makes, credited from the compensation account once another supervisor approves', async () => {
    const s = await sessionWithAccount(otherTeller.id);
    const handler = await makeUser('supervisor');
    const id = recordedId(await run(supervisor, 'complaint.record', { idNumber: s.customer.idNumber, channel: 'phone', category: 'fees', severity: 'medium', content: '重复扣收短信服务费', handlerId: handler.id }));
    expect(await run(handler, 'complaint.investigate', { complaintId: id })).toMatchObject({ ok: true });
    const resolution = { complaintId: id, rootCause: '系统重复计费', actionTaken: '退还多收费用并致歉', upheld: 'yes', compensationYuan: '36.50' };
    await expectRefused(handler, 'complaint.resolve', resolution, 'errors.checkFields', { compensationAccountId: ['errors.complaints.compensationAccount'] });
    const other = await sessionWithAccount(otherTeller.id);
    await expectRefused(handler, 'complaint.resolve', { ...resolution, compensationAccountId: other.account.id }, 'errors.accountNotCustomers', { compensationAccountId: ['errors.accountNotCustomers'] });
    expect(await run(handler, 'complaint.resolve', { ...resolution, compensationAccountId: s.account.id })).toMatchObject({ ok: true, message: 'complaints.resolvedWithCompensation' });
    const [c] = await sql<{ compensation_case_id: string }[]>`SELECT compensation_case_id FROM complaints WHERE id = ${id}`;
    const caseId = c!.compensation_case_id;
    expect(await sql`SELECT type, state, maker_id, session_id, amount_fen::int AS amount, required_level >= 1 AS dual FROM cases WHERE id = ${caseId}`).toEqual([
      { type: 'compensation', state: 'pending_approval', maker_id: handler.id, session_id: null, amount: 3650, dual: true },
    ]);
    // Not by its maker; by another supervisor, it is credited, once, in one balanced posting.
    expect(await decideCase(caseId, handler.id, 'approve', null, null)).not.toMatchObject({ outcome: 'decided' });
    expect(await decideCase(caseId, supervisor.id, 'approve', null, null)).toMatchObject({ outcome: 'decided', state: 'completed' });
    expect(await sql`SELECT balance::int AS balance FROM accounts WHERE id = ${s.account.id}`).toEqual([{ balance: 3650 }]);
    expect(await sql`SELECT kind, count(*)::int AS n FROM ledger_transactions WHERE case_id = ${caseId} GROUP BY kind`).toEqual([{ kind: 'compensation', n: 1 }]);
    expect(await templates(s.customer.id)).toEqual(['complaintAccepted', 'complaintProgress', 'complaintResolved', 'compensationPaid']);
    // The policy in force treats compensation as the fund movement it is: a large one needs two supervisors.
    const { policy } = await currentApprovalPolicy();
    expect(requiredApproval(policy, { business: 'compensation', amountFen: 6_000_000, customerRisk: 'low', channel: null }).level).toBe(2);
  });

  it('holds the complaint open until the compensation is decided: no closing, no reopening meanwhile', async () => {
    const s = await sessionWithAccount(otherTeller.id);
    const id = recordedId(await run(supervisor, 'complaint.record', { idNumber: s.customer.idNumber, channel: 'phone', category: 'fees', severity: 'low', content: '多收手续费', handlerId: teller.id }));
    expect(await run(teller, 'complaint.investigate', { complaintId: id })).toMatchObject({ ok: true });
    expect(await run(teller, 'complaint.resolve', { complaintId: id, rootCause: '费率配置错误', actionTaken: '退还', upheld: 'yes', compensationYuan: '10', compensationAccountId: s.account.id })).toMatchObject({ ok: true });
    expect(await run(teller, 'complaint.feedback', { complaintId: id, satisfaction: '5' })).toMatchObject({ ok: true });
    await expectRefused(teller, 'complaint.close', { complaintId: id }, 'errors.complaints.compensationPending');
    await expectRefused(supervisor, 'complaint.reopen', { complaintId: id, reason: '客户不满', resolveBy: '2099-01-01' }, 'errors.complaints.compensationPending');
    const [c] = await sql<{ compensation_case_id: string }[]>`SELECT compensation_case_id FROM complaints WHERE id = ${id}`;
    expect(await decideCase(c!.compensation_case_id, supervisor.id, 'approve', null, null)).toMatchObject({ outcome: 'decided', state: 'completed' });
    expect(await run(teller, 'complaint.close', { complaintId: id })).toMatchObject({ ok: true });
  });
});

describe('deadlines', () => {
  it('follow the policy in force, which a supervisor proposes and another approves as a new version; bad rules are refused at their field', async () => {
    const [before] = await sql<{ version: number }[]>`SELECT max(version)::int AS version FROM complaint_policies`;
    const checker = await makeUser('supervisor');
    // Proposed by the file's supervisor, in force once another supervisor approves (config-changes.test.ts: the refusals).
    const approved = async (form: Record<string, string>) => {
      const r = await run(supervisor, 'complaintPolicy.update', form);
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true, message: 'config.proposed.complaint_policy' });
      const changeId = (r as { data: { changeId: string } }).data.changeId;
      expect(await run(checker, 'config.decide', { changeId, decision: 'approve' })).toMatchObject({ ok: true, message: 'config.approved' });
    };
    const bad = { 'default.acknowledgeDays': '3', 'default.resolveDays': '2', 'rules.1.acknowledgeDays': '1', 'rules.1.resolveDays': '5', note: '收紧时限' };
    await expectRefused(supervisor, 'complaintPolicy.update', bad, 'errors.checkFields', {
      'default.acknowledgeDays': ['errors.complaints.acknowledgeAfterResolve'],
      'rules.1.category': ['errors.complaints.ruleMatchesAll'],
    });
    await expectRefused(teller, 'complaintPolicy.update', { ...bad, 'default.acknowledgeDays': '1' }, 'errors.forbidden', {}, 'denied');
    // Information-security complaints resolved within 5 working days; the rest keep the default.
    const good = { 'default.acknowledgeDays': '1', 'default.resolveDays': '15', 'rules.1.category': 'information_security', 'rules.1.acknowledgeDays': '1', 'rules.1.resolveDays': '5', note: '信息安全类投诉从严' };
    await approved(good);
    expect(await sql`SELECT version, created_by FROM complaint_policies WHERE version > ${before!.version}`).toEqual([{ version: before!.version + 1, created_by: checker.id }]);
    const customer = await makeCustomer();
    const id = recordedId(await run(teller, 'complaint.record', { idNumber: customer.idNumber, channel: 'phone', category: 'information_security', severity: 'high', content: '收到陌生来电称知道我的账户信息' }));
    const [d] = await sql<{ resolve: number; received: number; policy_version: number }[]>`
      SELECT extract(epoch FROM resolve_by)::float8 * 1000 AS resolve, extract(epoch FROM received_at)::float8 * 1000 AS received, policy_version FROM complaints WHERE id = ${id}`;
    expect(d!.policy_version).toBe(before!.version + 1);
    expect(d!.resolve).toBe(addWorkingDays(new Date(d!.received), 5).getTime());
    // Put back as it was, for the other tests.
    await approved({ 'default.acknowledgeDays': '1', 'default.resolveDays': '15', note: '恢复默认' });
  });

  it('a missed deadline is escalated once by the job, every supervisor told', async () => {
    const customer = await makeCustomer();
    // Received long ago (a letter that arrived late): its acknowledge-by time has passed.
    const id = recordedId(await run(teller, 'complaint.record', { idNumber: customer.idNumber, channel: 'letter', category: 'delay', severity: 'medium', content: '信函投诉：办理延误', receivedAt: '2026-01-05T09:00' }));
    const seq = await maxAuditSeq();
    expect(await escalateBreaches()).toBeGreaterThanOrEqual(1);
    expect(await sql`SELECT acknowledge_escalated_at IS NOT NULL AS ack, resolve_escalated_at IS NOT NULL AS resolve FROM complaints WHERE id = ${id}`).toEqual([{ ack: true, resolve: true }]);
    expect((await events(id)).filter((e) => e.kind === 'escalated')).toHaveLength(2);
    const [ref] = await sql<{ ref: string }[]>`SELECT ref FROM complaints WHERE id = ${id}`;
    expect(await sql`SELECT kind FROM staff_notifications WHERE staff_id = ${supervisor.id} AND params->>'ref' = ${ref!.ref} ORDER BY kind`).toEqual([
      { kind: 'complaintAckBreached' },
      { kind: 'complaintResolveBreached' },
      { kind: 'complaintToAssign' },
    ]);
    expect((await listComplaints(supervisor, { due: 'overdue' })).find((c) => c.id === id)).toMatchObject({ escalated: true });
    // Once per deadline (a job, not an action: nothing in the audit trail of its own).
    await escalateBreaches();
    expect((await events(id)).filter((e) => e.kind === 'escalated')).toHaveLength(2);
    expect((await auditSince(seq)).filter((a) => a.entity_id === id)).toEqual([]);
  });
});

describe('the complaint list, a page at a time', () => {
  type Reader = Parameters<typeof listComplaints>[0];
  /** Every page of a view, each started after the previous page's last row, as the screen's "next page" link does. */
  async function pageThrough(reader: Reader, f: ComplaintFilter, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const rows = await listComplaints(reader, f, { after, limit });
      seen.push(...rows.map((r) => r.id));
      if (rows.length < limit) return seen;
      after = rows.at(-1)!.cursor;
    }
    throw new Error('the pages never end');
  }
  /** The view's complaints in the list's order, read straight from the table (the truth the pages must add up to). */
  const inOrder = (where: ReturnType<typeof sql>) =>
    sql<{ id: string }[]>`SELECT id FROM complaints c WHERE ${where} ORDER BY (c.state IN ('accepted', 'investigating')) DESC, c.resolve_by, c.received_at DESC, c.id`;
  const OPEN = ['accepted', 'investigating', 'resolved', 'feedback'];

  let mine: TestUser;
  let colleague: TestUser;
  const visible: string[] = [];
  beforeAll(async () => {
    [mine, colleague] = await Promise.all([makeUser('teller'), makeUser('teller')]);
    const customer = await makeCustomer();
    // 120 complaints with three resolve-by times and four received times (each shared to the microsecond: ties the id
    // breaks), deadlines far ahead (never overdue). 1-100 recorded by `mine`; 101-110 by the colleague and handled by
    // `mine`; 111-120 the colleague's alone. Then some investigated, resolved (still open, not worked on), closed.
    const rows = await sql<{ id: string; i: number }[]>`
      INSERT INTO complaints (channel, customer_id, category, severity, content, received_at, recorded_by, policy_version, acknowledge_by, resolve_by)
      SELECT 'phone', ${customer.id}, 'delay', 'low', '分页测试 ' || i, now() - interval '1 day' - make_interval(hours => i % 4), CASE WHEN i <= 100 THEN ${mine.id}::uuid ELSE ${colleague.id}::uuid END,
        1, '2098-01-01T00:00:00Z'::timestamptz, '2098-06-01T00:00:00Z'::timestamptz + make_interval(days => i % 3)
      FROM generate_series(1, 120) AS i
      RETURNING id, substring(content FROM 6)::int AS i`;
    const id = (i: number) => rows.find((r) => r.i === i)!.id;
    const all = rows.map((r) => r.i);
    const handler = (i: number) => (i > 100 && i <= 110 ? mine.id : colleague.id);
    for (const i of all.filter((i) => i % 3 === 0 || i % 4 === 0 || (i > 100 && i <= 110))) {
      await sql`UPDATE complaints SET handler_id = ${handler(i)}, assigned_by = ${supervisor.id}, acknowledged_at = now() WHERE id = ${id(i)}`;
    }
    for (const i of all.filter((i) => i % 3 === 0 || i % 4 === 0)) await sql`UPDATE complaints SET state = 'investigating' WHERE id = ${id(i)}`;
    for (const i of all.filter((i) => i % 4 === 0)) {
      await sql`UPDATE complaints SET state = 'resolved', root_cause = '排队', action_taken = '致歉', upheld = false, resolved_at = now() WHERE id = ${id(i)}`;
    }
    for (const i of all.filter((i) => i % 8 === 0)) {
      await sql`UPDATE complaints SET state = 'feedback', satisfaction = 4, feedback_at = now() WHERE id = ${id(i)}`;
      await sql`UPDATE complaints SET state = 'closed', closed_at = now() WHERE id = ${id(i)}`;
    }
    visible.push(...all.filter((i) => i <= 110 && i % 8 !== 0).map(id));
  });

  it("a teller's open list: every complaint of theirs once, in the list's order, none of anyone else's", async () => {
    const paged = await pageThrough(mine, {}, 7);
    expect(new Set(paged).size).toBe(paged.length);
    expect([...paged].sort()).toEqual([...visible].sort());
    expect(paged).toEqual((await inOrder(sql`(c.handler_id = ${mine.id} OR c.recorded_by = ${mine.id}) AND c.state IN ${sql(OPEN)}`)).map((r) => r.id));
    // Both groups are there: worked on (accepted, investigating) first, then resolved.
    const states = await sql<{ id: string; state: string }[]>`SELECT id, state FROM complaints WHERE id IN ${sql(paged)}`;
    const worked = paged.map((p) => ['accepted', 'investigating'].includes(states.find((s) => s.id === p)!.state));
    expect(worked.indexOf(false)).toBeGreaterThan(0);
    expect(worked.slice(worked.indexOf(false))).not.toContain(true);
    // The colleague sees only their own: 101-120, the closed ones left out.
    const theirs = await pageThrough(colleague, {}, 6);
    expect(theirs).toEqual((await inOrder(sql`(c.handler_id = ${colleague.id} OR c.recorded_by = ${colleague.id}) AND c.state IN ${sql(OPEN)}`)).map((r) => r.id));
    expect(theirs.filter((c) => visible.includes(c))).toEqual(paged.filter((c) => theirs.includes(c)));
  });

  it("a supervisor's open and all lists: every complaint once, in the list's order, closed ones only in all", async () => {
    const open = await pageThrough(supervisor, {}, 13);
    expect(new Set(open).size).toBe(open.length);
    expect(open).toEqual((await inOrder(sql`c.state IN ${sql(OPEN)}`)).map((r) => r.id));
    expect(open).toEqual(expect.arrayContaining(visible));
    const all = await pageThrough(supervisor, { state: 'all' }, 25);
    expect(all).toEqual((await inOrder(sql`true`)).map((r) => r.id));
    const closed = await pageThrough(supervisor, { state: 'closed' }, 9);
    expect(closed).toEqual((await inOrder(sql`c.state = 'closed'`)).map((r) => r.id));
  });

  it('a malformed cursor is no cursor: the first page', async () => {
    const first = (await listComplaints(mine, {}, { limit: 7 })).map((r) => r.id);
    const [, , , , , , last] = await listComplaints(mine, {}, { limit: 7 });
    const good = last!.cursor;
    expect(parseComplaintCursor(good)).toMatchObject({ id: last!.id });
    const [, resolveBy, receivedAt, id] = good.split('|');
    for (const bad of ['', 'x', `${good}|1`, `2|${resolveBy}|${receivedAt}|${id}`, `1|2098-02-30T00:00:00.000000Z|${receivedAt}|${id}`, `1|${resolveBy}|${receivedAt}|not-a-uuid`, `1|${resolveBy?.slice(0, 19)}Z|${receivedAt}|${id}`, `1|${resolveBy}|${receivedAt}|${id}' OR 1=1 --`]) {
      expect(parseComplaintCursor(bad), bad).toBeUndefined();
      expect((await listComplaints(mine, {}, { after: bad, limit: 7 })).map((r) => r.id), bad).toEqual(first);
    }
  });
});
