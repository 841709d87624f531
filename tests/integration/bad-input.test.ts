import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { actions as permissionMap, type ActionName } from '@/lib/auth/permissions';
import { ROLES, type Role } from '@/lib/auth/roles';
import { idCheckCharacter } from '@/lib/customers/id-number';
import { collectActions, ROUTE_ACTIONS } from './actions';
import { endedSession, makeUser, startSession, type TestUser } from './factories';
import { actAs, auditSince, businessChecksums, confirmed, maxAuditSeq } from './helpers';

// Garbage from the allowed role: refused field by field, audited as failed, nothing written, never a throw.
const REQUIRED: Record<ActionName, string[]> = {
  'session.start': ['channel'],
  'session.end': ['outcome', 'satisfaction', 'sessionId'],
  'session.note': ['note', 'sessionId'],
  'customer.create': ['address', 'documentExpiry', 'idNumber', 'idNumberConfirm', 'mobile', 'mobileConfirm', 'name', 'nameConfirm', 'nationality', 'occupation', 'sessionId'],
  'customer.createEnterprise': ['businessScope', 'creditCode', 'creditCodeConfirm', 'industry', 'legalRepDocumentType', 'legalRepIdNumber', 'legalRepName', 'licenceExpiry', 'mobile', 'mobileConfirm', 'name', 'nameConfirm', 'registeredAddress', 'sessionId'],
  'customer.search': ['query', 'sessionId'],
  'customer.attach': ['customerId', 'sessionId'],
  'customer.reveal': ['customerId', 'field', 'reason'],
  'customer.riskOverride': ['customerId', 'level', 'reason'],
  'case.transfer': ['amount', 'fromAccountId', 'idempotencyKey', 'sessionId', 'toAccountNumber'],
  'case.decide': ['caseId', 'decision'],
  'case.claim': ['caseId', 'claim'],
  'case.resubmit': ['caseId'],
  'case.reopenDocuments': ['caseId'],
  'document.upload': ['caseId', 'file', 'kind'],
  'document.review': ['decision', 'documentId'],
  'document.purgePropose': ['customerId', 'reason'],
  'document.purgeDecide': ['decision', 'purgeId'],
  'case.passwordReset': ['idempotencyKey', 'sessionId'],
  'password.resetPrompt': ['caseId', 'sessionId'],
  'case.cancel': ['caseId'],
  'case.openAccount': ['accountKind', 'idempotencyKey', 'sessionId'],
  'case.payout': ['amount', 'branch', 'fromAccountId', 'idempotencyKey', 'sessionId'],
  'case.limitChange': ['accountId', 'idempotencyKey', 'limit', 'sessionId'],
  'case.accountClosure': ['accountId', 'idempotencyKey', 'sessionId'],
  'case.openCard': ['accountId', 'delivery', 'idempotencyKey', 'sessionId'],
  'case.cardBlock': ['cardId', 'idempotencyKey', 'kind', 'sessionId'],
  'case.cardUnfreeze': ['cardId', 'idempotencyKey', 'sessionId'],
  'card.activationPrompt': ['cardId', 'sessionId'],
  'card.produce': ['accountNumber', 'cardId', 'cardNumber', 'embossedName'],
  'card.dispatch': ['cardId'],
  'card.deliver': ['cardId'],
  'approvalPolicy.propose': ['expireAfterMinutes', 'largeAmount', 'note', 'slaLevel1', 'slaLevel2'],
  'approvalPolicy.decide': ['decision', 'proposalId'],
  'case.reveal': ['caseId', 'reason', 'side'],
  'changeRequest.name': ['idempotencyKey', 'newName', 'newNameConfirm', 'reason', 'sessionId'],
  'changeRequest.document': ['documentExpiry', 'documentType', 'idempotencyKey', 'newIdNumber', 'newIdNumberConfirm', 'reason', 'sessionId'],
  'changeRequest.birthDate': ['idempotencyKey', 'newBirthDate', 'reason', 'sessionId'],
  'customer.updateContact': ['reviewed', 'sessionId'],
  'verification.otpSend': ['sessionId'],
  'verification.passwordPrompt': ['sessionId'],
  'recording.upload': ['file', 'sessionId'],
  'demo.keypad': ['digits', 'sessionId'],
  'ladderPolicy.publish': ['basedOn', 'note'],
  'verification.otpCheck': ['code', 'sessionId'],
  'verification.confirm': ['confirmed', 'sessionId'],
  'verificationLock.clear': ['lockId', 'note'],
  'customerFreeze.confirmFraud': ['lockId', 'note'],
  'customerFreeze.requestRelease': ['freezeId', 'reason'],
  'customerFreeze.decideRelease': ['decision', 'freezeId'],
  'outbox.retry': ['messageId'],
  'session.transfer': ['note', 'sessionId', 'toStaffId'],
  'verification.basic': ['idNumber', 'mobile', 'name', 'sessionId'],
  'changeRequest.create': ['idempotencyKey', 'newMobile', 'sessionId'],
  'changeRequest.decide': ['decision', 'requestId'],
  // The items are the scorecard's, read against its published version by the service (see below): only the session here.
  'inspection.submit': ['sessionId'],
  'qcPlan.update': ['newTellerRate', 'newTellerWeeks', 'note', 'planId', 'rateKind', 'rateValue'],
  'qcPlan.draw': ['period', 'planId'],
  'complaint.record': ['category', 'channel', 'content', 'idNumber', 'severity'],
  'complaint.assign': ['complaintId', 'handlerId'],
  'complaint.investigate': ['complaintId'],
  'complaint.progress': ['complaintId', 'note'],
  'complaint.resolve': ['actionTaken', 'complaintId', 'rootCause', 'upheld'],
  'complaint.feedback': ['complaintId', 'satisfaction'],
  'complaint.close': ['complaintId'],
  'complaint.reopen': ['complaintId', 'reason', 'resolveBy'],
  'complaintPolicy.update': ['default.acknowledgeDays', 'default.resolveDays', 'note'],
  // A configuration change says why; a decision on one names it (a rejection's note is checked once the rest passes).
  'calendar.set': ['date', 'kind', 'name', 'note'],
  'calendar.remove': ['date', 'note'],
  'config.decide': ['changeId', 'decision'],
  'qcAssignment.add': ['note', 'sessionId'],
  // The items disputed (d_<key>) and re-rated (r_<key>) are the scorecard's, read by the service: not required here.
  'inspection.acknowledge': ['inspectionId'],
  'inspection.dispute': ['explanation', 'inspectionId'],
  'dispute.resolve': ['disputeId', 'note', 'resolution'],
  'rectification.respond': ['rectificationId', 'response'],
  'rectification.verify': ['outcome', 'rectificationId'],
  // The sessions (s_<id>) and members (m_<id>) are checkboxes; the schema checks there are enough of them only once the
  // name and scorecard pass (see the field rules below), so an empty payload names these two.
  'calibration.create': ['name', 'templateId'],
  // The items (r_/c_/p_/o_<key>) are the round's scorecard's, read by the service like an inspection's.
  'calibration.score': ['roundId', 'sessionId'],
  'calibration.close': ['roundId'],
  'scorecard.propose': ['definition', 'note'],
  'scorecard.decide': ['decision', 'scorecardProposalId'],
  'staff.create': ['displayName', 'password', 'role', 'username'],
  'staff.changeRole': ['role', 'staffId'],
  'staff.resetPassword': ['password', 'staffId'],
  'staff.setActive': ['active', 'staffId'],
  // Appraisal: the month (YYYY-MM); a recalculation's teller and reason; the five weights (whole numbers, together 100:
  // the sum is checked once each weight passes) and the note.
  'appraisal.close': ['month'],
  'appraisal.recalculate': ['month', 'reason', 'staffId'],
  'appraisal.weights': ['compliance', 'efficiency', 'note', 'quality', 'satisfaction', 'volume'],
  // The business-type checkboxes (bt_<type>) and, for a new article, its kind (checked once the rest passes) are not listed.
  'kb.propose': ['body', 'reviewBy', 'title'],
  'kb.decide': ['articleId', 'decision', 'version'],
  'kb.feedback': ['articleId', 'kind', 'version'],
  'notice.markRead': ['scope'],
  // One's own authenticator: starting and turning it off take no input (only a payload that is not an object is refused).
  'account.mfaBegin': [],
  'account.mfaConfirm': ['code'],
  'account.mfaDisable': [],
  'account.recoveryCodes': [],
  'account.stepUp': ['secret'],
  'staff.resetMfa': ['staffId'],
};
const NO_INPUT = (Object.keys(REQUIRED) as ActionName[]).filter((n) => REQUIRED[n].length === 0);

// Fields that take a file.
const FILE_FIELDS: Partial<Record<ActionName, string[]>> = { 'recording.upload': ['file'], 'document.upload': ['file'] };

const registry = collectActions();
const names = Object.keys(permissionMap) as ActionName[];
let users: Record<Role, TestUser>;
let sessionId: string;

beforeAll(async () => {
  users = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await makeUser(r)] as const))) as Record<Role, TestUser>;
  sessionId = await startSession(users.teller.id);
});

async function expectRefused(name: ActionName, payload: unknown, fieldErrors: Record<string, string[]> | string[]) {
  actAs(users[permissionMap[name][0] as Role].sid);
  const before = await businessChecksums();
  const seq = await maxAuditSeq();
  const result = await registry.get(name)!(null, payload as Record<string, unknown>);
  expect(result.ok, JSON.stringify(result)).toBe(false);
  if (result.ok) return;
  expect(result.message).toBe('errors.checkFields');
  if (Array.isArray(fieldErrors)) expect(Object.keys(result.fieldErrors).sort()).toEqual(fieldErrors);
  else expect(result.fieldErrors).toEqual(fieldErrors);
  expect(await businessChecksums()).toEqual(before);
  const audit = await auditSince(seq);
  expect(audit).toMatchObject([{ action: name, outcome: 'failed', details: { reason: 'invalid_input' } }]);
}

describe('every action', () => {
  it('has its required fields listed here', () => {
    expect(Object.keys(REQUIRED).sort()).toEqual([...names].sort());
  });

  const withInput = names.filter((n) => !NO_INPUT.includes(n));
  it.each(withInput)('%s: an empty payload names every required field', async (name) => {
    await expectRefused(name, {}, REQUIRED[name]);
  });

  it.each(withInput)('%s: wrong types in every field', async (name) => {
    const wrong = [12345, ['a'], { nested: true }, true, null];
    await expectRefused(name, Object.fromEntries(REQUIRED[name].map((k, i) => [k, wrong[i % wrong.length]])), REQUIRED[name]);
  });

  it.each(withInput)('%s: a file where text is expected', async (name) => {
    const form = new FormData();
    for (const k of REQUIRED[name]) form.append(k, new Blob(['x']), 'x.txt');
    // Where a file is expected a file is fine here (its content is judged by the file rules below).
    await expectRefused(name, form, REQUIRED[name].filter((k) => !(FILE_FIELDS[name] ?? []).includes(k)));
  });

  it.each(names)('%s: a payload that is not an object', async (name) => {
    // A route's input is always its URL params plus a form, so there the fields are named instead.
    const expected = ROUTE_ACTIONS.includes(name) ? REQUIRED[name] : ['_form'];
    await expectRefused(name, 'garbage', expected);
    await expectRefused(name, 42, expected);
  });
});

describe('field rules', () => {
  const customer = () => confirmed({ sessionId, name: '王五', idNumber: '310104198506153515', mobile: '13700001111' });

  it('a wrong check digit in the identity number', async () => {
    await expectRefused('customer.create', { ...customer(), idNumber: '310104198506153516' }, { idNumber: ['errors.document.checkCharacter::{"expected":"5"}'], idNumberConfirm: ['errors.confirmMismatch'] });
  });

  it('an unknown region, an impossible or future birth date, a bad format', async () => {
    const withCheck = (first17: string) => first17 + idCheckCharacter(first17);
    await expectRefused('customer.create', confirmed({ ...customer(), idNumber: withCheck('00010419850615351') }), { idNumber: ['errors.document.region::{"region":"00"}'] });
    await expectRefused('customer.create', confirmed({ ...customer(), idNumber: withCheck('31010419850230351') }), { idNumber: ['errors.document.birthDateInvalid::{"date":"1985-02-30"}'] });
    await expectRefused('customer.create', confirmed({ ...customer(), idNumber: withCheck('31010421000101351') }), { idNumber: ['errors.document.birthDateFuture::{"date":"2100-01-01"}'] });
    await expectRefused('customer.create', confirmed({ ...customer(), idNumber: '3101041985061535' }), { idNumber: ['errors.document.length::{"length":"16","expected":"18"}'] });
  });

  it('a bad mobile when creating a customer and when requesting a change', async () => {
    await expectRefused('customer.create', confirmed({ ...customer(), mobile: '12345678901' }), { mobile: ['errors.mobile'] });
    await expectRefused('changeRequest.create', { sessionId, newMobile: '1380013800', idempotencyKey: randomUUID() }, { newMobile: ['errors.mobile'] });
    // Without the key its form made, no change is submitted (a retry could not be told from a second request).
    await expectRefused('changeRequest.create', { sessionId, newMobile: '13800138000' }, { idempotencyKey: ['errors.invalid'] });
    await expectRefused('changeRequest.create', { sessionId, newMobile: '13800138000', idempotencyKey: 'again' }, { idempotencyKey: ['errors.invalid'] });
  });

  it('several bad fields are all reported, not only the first', async () => {
    await expectRefused('customer.create', confirmed({ sessionId: 'not-a-uuid', name: ' ', idNumber: 'abc', mobile: 'x' }), {
      sessionId: ['errors.invalid'], name: ['errors.required'], nameConfirm: ['errors.confirmRequired'], idNumber: ['errors.document.alphabet::{"char":"A"}'], mobile: ['errors.mobile'],
    });
  });

  it('a name that is too long', async () => {
    await expectRefused('customer.create', confirmed({ ...customer(), name: '名'.repeat(51) }), { name: ['errors.tooLong'] });
  });

  it('an unknown channel, decision, rating, role or active flag', async () => {
    await expectRefused('session.start', { channel: 'fax' }, { channel: ['errors.channel'] });
    await expectRefused('changeRequest.decide', { requestId: sessionId, decision: 'maybe' }, { decision: ['errors.invalid'] });
    await expectRefused('case.decide', { caseId: sessionId, decision: 'approved' }, { decision: ['errors.invalid'] });
    await expectRefused('case.reveal', { caseId: sessionId, side: 'both', reason: '核对客户提交的材料' }, { side: ['errors.invalid'] });
    await expectRefused('inspection.submit', { sessionId, intent: 'publish', r_greeting: true, c_greeting: '长'.repeat(1001) }, {
      intent: ['errors.invalid'], r_greeting: ['errors.invalid'], c_greeting: ['errors.tooLong'],
    });
    await expectRefused('scorecard.decide', { scorecardProposalId: sessionId, decision: 'maybe' }, { decision: ['errors.invalid'] });
    await expectRefused('config.decide', { changeId: sessionId, decision: 'approved' }, { decision: ['errors.invalid'] });
    await expectRefused('staff.changeRole', { staffId: users.teller.id, role: 'root' }, { role: ['errors.role'] });
    await expectRefused('staff.setActive', { staffId: users.teller.id, active: 'yes' }, { active: ['errors.invalid'] });
  });

  it('a rejection without a reason', async () => {
    await expectRefused('changeRequest.decide', { requestId: sessionId, decision: 'rejected' }, { reason: ['errors.reasonRequired'] });
    // A case refused or returned needs the reason's category and the supervisor's opinion; the category is from the list.
    await expectRefused('case.decide', { caseId: sessionId, decision: 'reject' }, { reasonCode: ['errors.reasonCodeRequired'], opinion: ['errors.opinionRequired'] });
    await expectRefused('case.decide', { caseId: sessionId, decision: 'return', reasonCode: 'policy', opinion: '  ' }, { opinion: ['errors.opinionRequired'] });
    await expectRefused('case.decide', { caseId: sessionId, decision: 'reject', reasonCode: 'bad_mood', opinion: '不想批' }, { reasonCode: ['errors.invalid'] });
  });

  it('a scorecard or a configuration change rejected without a note, a definition that is not JSON', async () => {
    await expectRefused('scorecard.decide', { scorecardProposalId: sessionId, decision: 'reject', note: ' ' }, { note: ['errors.qc.rejectionNote'] });
    await expectRefused('config.decide', { changeId: sessionId, decision: 'reject', note: ' ' }, { note: ['errors.config.rejectionNote'] });
    await expectRefused('config.decide', { changeId: 'CHG-1', decision: 'approve', note: '长'.repeat(501) }, { changeId: ['errors.invalid'], note: ['errors.tooLong'] });
    await expectRefused('scorecard.propose', { name: '测试评分表', definition: '{"sections": [', note: '格式测试' }, { definition: ['errors.invalid'] });
    await expectRefused('scorecard.propose', { name: '测试评分表', definition: '{"sections": []}', note: '格式测试' }, { 'definition.sections': ['errors.qc.noSections'] });
  });

  it('a sampling plan with numbers out of range, an assignment by hand without its reason', async () => {
    // The plan form as the screen posts it: every field, an empty threshold switching its rule off.
    const plan = { planId: sessionId, rateKind: 'percent', rateValue: '10', newTellerWeeks: '4', newTellerRate: '30', fundsOverYuan: '', shortHandleSeconds: '', longHandleSeconds: '', lowSatisfaction: '', active: 'on', note: '按季度要求调整' };
    await expectRefused('qcPlan.update', { ...plan, rateKind: 'ratio', rateValue: '-1', newTellerWeeks: '53', newTellerRate: '2.5' }, {
      rateKind: ['errors.qc.rateKind'], rateValue: ['errors.qc.rate'], newTellerWeeks: ['errors.qc.weeks'], newTellerRate: ['errors.qc.rate'],
    });
    await expectRefused('qcPlan.update', { ...plan, fundsOverYuan: '0', shortHandleSeconds: '0', longHandleSeconds: '86401', lowSatisfaction: '6' }, {
      fundsOverYuan: ['errors.qc.threshold'], shortHandleSeconds: ['errors.qc.threshold'], longHandleSeconds: ['errors.qc.threshold'], lowSatisfaction: ['errors.qc.satisfaction'],
    });
    await expectRefused('qcPlan.update', { ...plan, active: 'yes' }, { active: ['errors.invalid'] });
    await expectRefused('qcAssignment.add', { sessionId, note: '  好 ' }, { note: ['errors.qc.assignReason'] });
    await expectRefused('qcAssignment.add', { sessionId, note: '长'.repeat(301) }, { note: ['errors.tooLong'] });
  });

  it('an inspection with nothing rated passes the schema, and the service names every item of the scorecard', async () => {
    const ended = await endedSession(users.teller.id);
    actAs(users.qc.sid);
    const before = await businessChecksums();
    const seq = await maxAuditSeq();
    const items = ['greeting', 'identity_statement', 'verification_before_request', 'confirmation', 'data_accuracy', 'supplement_followed', 'completeness', 'risk_disclosure', 'attitude', 'closed_with_outcome', 'closing_words'];
    expect(await registry.get('inspection.submit')!(null, { sessionId: ended })).toEqual({
      ok: false,
      message: 'errors.qc.incomplete',
      fieldErrors: Object.fromEntries(items.map((k) => [`r_${k}`, ['errors.qc.unrated']])),
    });
    expect(await businessChecksums()).toEqual(before);
    expect(await auditSince(seq)).toMatchObject([{ action: 'inspection.submit', outcome: 'failed', details: { reason: 'errors.qc.incomplete' } }]);
  });

  it('a dispute without its explanation, a resolution off the list or without its reason, a rectification answered or sent back without one', async () => {
    await expectRefused('inspection.dispute', { inspectionId: sessionId, d_greeting: 'on', explanation: ' 有 ' }, { explanation: ['errors.qc.disputeExplanation'] });
    await expectRefused('inspection.dispute', { inspectionId: sessionId, d_greeting: 'on', explanation: '长'.repeat(1001) }, { explanation: ['errors.tooLong'] });
    await expectRefused('dispute.resolve', { disputeId: sessionId, resolution: 'dismissed', note: ' ', r_greeting: 'yes' }, { resolution: ['errors.qc.resolution'], note: ['errors.qc.resolutionNote'] });
    await expectRefused('rectification.respond', { rectificationId: sessionId, response: '  好 ' }, { response: ['errors.qc.responseRequired'] });
    await expectRefused('rectification.verify', { rectificationId: sessionId, outcome: 'reopened', note: '  ' }, { note: ['errors.qc.reopenNote'] });
    await expectRefused('rectification.verify', { rectificationId: sessionId, outcome: 'approved' }, { outcome: ['errors.invalid'] });
  });

  it('a calibration round without a name, a scorecard, enough sessions or members; a score with a non-text rating', async () => {
    const member = `m_${users.qc.id}`;
    await expectRefused('calibration.create', { name: ' 校 ', templateId: 'default', [`s_${sessionId}`]: 'on', [member]: 'checked-yes' }, {
      name: ['errors.qc.roundName'], templateId: ['errors.qc.chooseScorecard'], [member]: ['errors.invalid'],
    });
    await expectRefused('calibration.create', { name: '校'.repeat(81), templateId: randomUUID(), [`s_${sessionId}`]: 'on', [member]: 'on' }, { name: ['errors.tooLong'] });
    // Name and scorecard given: then the choices are counted, both reported.
    await expectRefused('calibration.create', { name: '季度校准', templateId: randomUUID(), [member]: 'on' }, { sessionIds: ['errors.qc.calibrationSessions'], memberIds: ['errors.qc.calibrationMembers'] });
    await expectRefused('calibration.score', { roundId: 'r1', sessionId, r_greeting: true, c_greeting: '长'.repeat(1001) }, { roundId: ['errors.invalid'], r_greeting: ['errors.invalid'], c_greeting: ['errors.tooLong'] });
    await expectRefused('calibration.close', { roundId: 'latest' }, { roundId: ['errors.invalid'] });
  });

  it('a reveal of a case value without a reason', async () => {
    await expectRefused('case.reveal', { caseId: sessionId, side: 'new', reason: ' ' }, { reason: ['errors.revealReasonRequired'] });
  });

  it('weak passwords and bad usernames', async () => {
    const member = { username: 'valid.name', displayName: 'X', role: 'teller' };
    await expectRefused('staff.create', { ...member, password: 'short-pass1' }, { password: ['errors.passwordShort'] });
    await expectRefused('staff.create', { ...member, password: 'Password2024!' }, { password: ['errors.passwordCommon'] });
    await expectRefused('staff.create', { ...member, password: 'my-valid.name-2024' }, { password: ['errors.passwordHasUsername'] });
    await expectRefused('staff.create', { ...member, username: '1abc', password: 'Welcome-to-Counter-9' }, { username: ['errors.username'] });
    await expectRefused('staff.resetPassword', { staffId: users.teller.id, password: '123456789012' }, { password: ['errors.passwordCommon'] });
  });
});
