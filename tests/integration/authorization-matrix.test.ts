import { randomUUID } from 'node:crypto';
import { internalAccountId, openAccount, postTransaction } from '@/db/queries/ledger';
import { decideCase, submitTransfer } from '@/lib/cases/service';
import { submitOpenAccount } from '@/lib/cases/account-business';
import { submitPasswordReset } from '@/lib/cases/password-reset';
import { proposePolicy } from '@/lib/cases/policy-change';
import { beforeAll, describe, expect, it } from 'vitest';
import { actions as permissionMap, type ActionName } from '@/lib/auth/permissions';
import { ROLES, type Role } from '@/lib/auth/roles';
import { collectActions, unwrappedExports } from './actions';
import { db, sql } from '@/db';
import { raiseLock } from '@/db/queries/verification-locks';
import { requestRelease } from '@/db/queries/customer-freezes';
import { insertChangeRequest } from '@/db/queries/change-requests';
import { sendOneTimeCode } from '@/lib/sessions/verification';
import { frozenCustomer, basicVerifiedSession, CUSTOMER_PASSWORD, giveCustomerPassword, verifiedSession, endedSession, freshCreditCode, freshIdNumber, sessionWithCustomer, makeCustomer, makeUser, pendingMobileChange, startSession, TEST_PASSWORD, totpCode, uniqueName, type TestUser } from './factories';
import { decryptPii } from '@/lib/crypto/pii';
import { actAs, auditSince, businessChecksums, confirmed, maxAuditSeq, serveHandler } from './helpers';
import { afterAll } from 'vitest';
import { handleKeypad } from '@/lib/integrations/telephony';
import { synthesizeCallAudio } from '@/lib/recordings/wav';
import { ensureDemoIntegration } from '@/lib/integrations/demo';
import { currentLadderPolicy } from '@/db/queries/ladder-policy';
import { cardAt, completeDocuments, samplePng, sessionWithAccount, type CardFixture } from './card-factories';
import { uploadCaseDocument } from '@/lib/documents/service';
import { proposePurge } from '@/lib/documents/retention';
import { BUSINESSES, POLICY_STEPS, RISK_LEVELS, type LadderRules } from '@/lib/sessions/ladder';
import { currentScorecards, proposeScorecard } from '@/lib/qc/scorecards';
import { fileDispute } from '@/lib/qc/feedback';
import { saveInspection } from '@/lib/qc/inspection';
import { templateDefinitionSchema } from '@/lib/qc/template';
import { createRound } from '@/lib/qc/calibration';
import { recordComplaint, resolveComplaint, startInvestigation } from '@/lib/complaints/handling';
import { decideVersion, proposeVersion } from '@/lib/kb/service';
import { beijingDate } from '@/lib/calendar/working-days';
import { proposeChange } from '@/lib/config-changes/service';

// Generated from the permission map: every action is tried by every role it does not list, and by nobody signed in.
type Fixture = {
  users: Record<Role, TestUser>;
  teller: TestUser;
  emptySessionId: string;
  attachSessionId: string;
  lockId: string;
  failedMessageId: string;
  transferSessionId: string;
  verifiedSessionId: string;
  receiverId: string;
  sessionId: string;
  customer: { id: string; fullName: string; idNumber: string; mobile: string };
  /** A mobile change of the session's customer awaiting a supervisor (revealed by 'case.reveal'). */
  infoChangeCaseId: string;
  /** A risk override proposed by another supervisor, for 'changeRequest.decide'. */
  requestId: string;
  endedSessionId: string;
  targetStaffId: string;
  newIdNumber: string;
  newUsername: string;
  policyVersion: number;
  policyRules: LadderRules;
  fraudLockId: string;
  activeFreezeId: string;
  pendingFreezeId: string;
  changeSessions: { name: string; document: string; birthDate: string; contact: string };
  renewedIdNumber: string;
  enterpriseSessionId: string;
  creditCode: string;
  transfer: { sessionId: string; fromAccountId: string; toNumber: string };
  pendingCaseId: string;
  policyProposalId: string;
  emptyAccount: { sessionId: string; accountId: string };
  returnedCaseId: string;
  reopenCaseId: string;
  documents: { caseId: string; documentId: string; file: Uint8Array };
  retention: { customerId: string; purgeId: string };
  approvedReset: { sessionId: string; caseId: string };
  cancellableCaseId: string;
  cards: { open: { sessionId: string; accountId: string }; requested: CardFixture; produced: CardFixture; dispatched: CardFixture; delivered: CardFixture; activated: CardFixture; frozen: CardFixture };
  /** A name for a new scorecard template, its definition (JSON), and another QC member's pending proposal. */
  scorecard: { name: string; definition: string; proposalId: string };
  /** A sampling plan that draws nothing (rates 0, no risk rule), and an ended session for QC to add by hand. */
  sampling: { planId: string; sessionId: string };
  /**
   * After the score, on sessions of the fixture's teller inspected by a QC member other than the fixture's: an inspection
   * to acknowledge and dispute, with a rectification to answer and verify; another's dispute, filed, to resolve.
   */
  feedback: { inspectionId: string; rectificationId: string; disputeId: string };
  /**
   * Calibration on the default scorecard: a name, two ended sessions and the fixture's QC member with another for a new
   * round; and an open round the fixture's QC member created and belongs to, with a session they have not scored yet.
   */
  calibration: { name: string; templateId: string; sessionIds: string[]; memberIds: string[]; roundId: string; sessionId: string };
  /**
   * Complaints of a customer of their own, recorded by a supervisor on their own: one to assign, and three the
   * fixture's teller handles — accepted (to investigate), investigating (to note progress on, then resolve) and
   * resolved (to record feedback on, close, then reopen).
   */
  complaints: { idNumber: string; toAssign: string; accepted: string; investigating: string; resolved: string };
  /** Knowledge base: a future review date and a new title; a version another QC member wrote, pending; a published article. */
  kb: { reviewBy: string; title: string; pendingArticleId: string; publishedArticleId: string };
  /** Appraisal: a teller of the fixture supervisor's own team with a closed month (long ago, no records) to recalculate. */
  appraisal: { tellerId: string; month: string };
  /**
   * Configuration under four-eyes: a sampling plan of its own (drawing nothing) with a change another QC member
   * proposed, for the fixture's supervisor to approve (a supervisor may check QC's plans); a holiday to propose removing.
   */
  config: { planId: string; changeId: string; removableDay: string };
};

// A plausible, valid payload per action: the allowed role gets ok:true with each of these (last test below).
/** The code of the authenticator someone is setting up (their pending secret), as their phone would show it now. */
async function pendingCode(staffId: string): Promise<string> {
  const [row] = await sql`SELECT totp_secret_enc FROM staff WHERE id = ${staffId}`;
  return row?.totp_secret_enc ? totpCode(decryptPii(row.totp_secret_enc)) : '000000';
}

type Payload = Record<string, unknown> | FormData;
const payloads: Record<ActionName, (f: Fixture) => Payload | Promise<Payload>> = {
  'session.start': () => ({ channel: 'video' }),
  'customer.create': (f) => confirmed({ sessionId: f.emptySessionId, name: '测试客户', idNumber: f.newIdNumber, mobile: '13700007777' }),
  'customer.createEnterprise': (f) => ({
    sessionId: f.enterpriseSessionId, name: '上海测试贸易有限公司', nameConfirm: '上海测试贸易有限公司', creditCode: f.creditCode, creditCodeConfirm: f.creditCode, longTerm: 'on',
    industry: 'wholesale_retail', businessScope: '日用百货批发', registeredAddress: '上海市浦东新区张江路 1 号', mobile: '13700008888', mobileConfirm: '13700008888',
    legalRepName: '张董事', legalRepDocumentType: 'resident_id', legalRepIdNumber: f.newIdNumber,
  }),
  'customer.search': (f) => ({ sessionId: f.attachSessionId, query: f.customer.fullName }),
  'customer.reveal': (f) => ({ customerId: f.customer.id, field: 'idNumber', reason: '核对客户投诉材料' }),
  'customer.attach': (f) => ({ sessionId: f.attachSessionId, customerId: f.customer.id }),
  'customer.riskOverride': (f) => ({ customerId: f.customer.id, level: 'high', reason: '客户涉及可疑交易报告，提高风险等级' }),
  'verification.basic': (f) => ({ sessionId: f.sessionId, name: f.customer.fullName, idNumber: f.customer.idNumber, mobile: f.customer.mobile }),
  'verification.passwordPrompt': (f) => ({ sessionId: f.sessionId }),
  'recording.upload': (f) => ({ sessionId: f.sessionId, file: new Blob([Buffer.from(synthesizeCallAudio(0.5))], { type: 'audio/wav' }) }),
  'demo.keypad': (f) => ({ sessionId: f.sessionId, digits: CUSTOMER_PASSWORD }),
  'ladderPolicy.publish': (f) => ({
    basedOn: String(f.policyVersion),
    note: '复核后保持不变',
    // The policy as it stands, published again unchanged: later test files see the default policy.
    ...Object.fromEntries(BUSINESSES.flatMap((b) => RISK_LEVELS.flatMap((r) => POLICY_STEPS.filter((s) => f.policyRules[b][r].includes(s)).map((s) => [`${b}.${r}.${s}`, 'on'])))),
  }),
  'verification.otpSend': (f) => ({ sessionId: f.sessionId }),
  'verification.otpCheck': (f) => ({ sessionId: f.sessionId, code: '000000' }),
  'verification.confirm': (f) => ({ sessionId: f.verifiedSessionId, confirmed: 'yes' }),
  'verificationLock.clear': (f) => ({ lockId: f.lockId, note: '已电话回访客户本人，确认为输入错误' }),
  'customerFreeze.confirmFraud': (f) => ({ lockId: f.fraudLockId, note: '来电人无法说出开户网点，疑似冒用' }),
  'customerFreeze.requestRelease': (f) => ({ freezeId: f.activeFreezeId, reason: '已面签核实本人' }),
  'customerFreeze.decideRelease': (f) => ({ freezeId: f.pendingFreezeId, decision: 'approved' }),
  'session.transfer': (f) => ({ sessionId: f.transferSessionId, toStaffId: f.receiverId, note: '客户需要办理信用卡业务，转专人' }),
  'outbox.retry': (f) => ({ messageId: f.failedMessageId }),
  'changeRequest.create': (f) => ({ sessionId: f.verifiedSessionId, newMobile: '13600006666', idempotencyKey: randomUUID() }),
  'changeRequest.name': (f) => ({ sessionId: f.changeSessions.name, newName: '更名后', newNameConfirm: '更名后', reason: '户籍更名', idempotencyKey: randomUUID() }),
  'changeRequest.document': (f) => ({ sessionId: f.changeSessions.document, documentType: 'resident_id', newIdNumber: f.renewedIdNumber, newIdNumberConfirm: f.renewedIdNumber, longTerm: 'on', reason: '证件号码更正', idempotencyKey: randomUUID() }),
  'changeRequest.birthDate': (f) => ({ sessionId: f.changeSessions.birthDate, newBirthDate: '1979-05-15', reason: '护照信息更正', idempotencyKey: randomUUID() }),
  'customer.updateContact': (f) => ({ sessionId: f.changeSessions.contact, address: '北京市朝阳区建国路 1 号', occupation: 'professional', reviewed: 'on' }),
  'changeRequest.decide': (f) => ({ requestId: f.requestId, decision: 'approved' }),
  'case.transfer': (f) => ({ sessionId: f.transfer.sessionId, fromAccountId: f.transfer.fromAccountId, toAccountNumber: f.transfer.toNumber, amount: '100.00', idempotencyKey: randomUUID() }),
  'case.decide': (f) => ({ caseId: f.pendingCaseId, decision: 'approve' }),
  'case.claim': (f) => ({ caseId: f.pendingCaseId, claim: 'claim' }),
  'case.resubmit': (f) => ({ caseId: f.returnedCaseId }),
  'case.reopenDocuments': (f) => ({ caseId: f.reopenCaseId }),
  'document.upload': (f) => {
    const form = new FormData();
    form.set('caseId', f.documents.caseId);
    form.set('kind', 'application_form');
    form.set('file', new File([Buffer.from(f.documents.file)], 'application.png', { type: 'image/png' }));
    return form;
  },
  'document.review': (f) => ({ documentId: f.documents.documentId, decision: 'accept' }),
  'document.purgePropose': (f) => ({ customerId: f.retention.customerId, reason: '留存期满，按制度销毁' }),
  'document.purgeDecide': (f) => ({ purgeId: f.retention.purgeId, decision: 'approve' }),
  'case.passwordReset': (f) => ({ sessionId: f.cards.open.sessionId, idempotencyKey: randomUUID() }),
  'password.resetPrompt': (f) => ({ sessionId: f.approvedReset.sessionId, caseId: f.approvedReset.caseId }),
  'case.cancel': (f) => ({ caseId: f.cancellableCaseId }),
  'case.openAccount': (f) => ({ sessionId: f.cards.open.sessionId, accountKind: 'savings', idempotencyKey: randomUUID() }),
  'case.payout': (f) => ({ sessionId: f.transfer.sessionId, fromAccountId: f.transfer.fromAccountId, amount: '50.00', branch: 'sh_pudong', idempotencyKey: randomUUID() }),
  'case.limitChange': (f) => ({ sessionId: f.transfer.sessionId, accountId: f.transfer.fromAccountId, limit: '5000', idempotencyKey: randomUUID() }),
  'case.accountClosure': (f) => ({ sessionId: f.emptyAccount.sessionId, accountId: f.emptyAccount.accountId, idempotencyKey: randomUUID() }),
  'case.openCard': (f) => ({ sessionId: f.cards.open.sessionId, accountId: f.cards.open.accountId, delivery: 'branch', branch: 'sh_pudong', idempotencyKey: randomUUID() }),
  'case.cardBlock': (f) => ({ sessionId: f.cards.activated.sessionId, cardId: f.cards.activated.cardId, kind: 'lost', idempotencyKey: randomUUID() }),
  'case.cardUnfreeze': (f) => ({ sessionId: f.cards.frozen.sessionId, cardId: f.cards.frozen.cardId, idempotencyKey: randomUUID() }),
  'card.activationPrompt': (f) => ({ sessionId: f.cards.delivered.sessionId, cardId: f.cards.delivered.cardId }),
  'card.produce': (f) => ({ cardId: f.cards.requested.cardId, cardNumber: f.cards.requested.cardNumber, embossedName: f.cards.requested.customer.fullName, accountNumber: f.cards.requested.account.number }),
  'card.dispatch': (f) => ({ cardId: f.cards.produced.cardId, trackingNumber: 'SF1234567890' }),
  'card.deliver': (f) => ({ cardId: f.cards.dispatched.cardId }),
  // The current knobs again: publishing it changes nothing later test files rely on.
  'approvalPolicy.propose': () => ({ largeAmount: '50000', slaLevel1: '10', slaLevel2: '30', expireAfterMinutes: '240', note: '复核后保持不变' }),
  'approvalPolicy.decide': (f) => ({ proposalId: f.policyProposalId, decision: 'approve' }),
  'case.reveal': (f) => ({ caseId: f.infoChangeCaseId, side: 'new', reason: '与客户提交的证明材料核对' }),
  'session.note': (f) => ({ sessionId: f.sessionId, note: '客户要求下周回电' }),
  'session.end': (f) => ({ sessionId: f.sessionId, outcome: 'resolved', satisfaction: '5' }),
  'inspection.submit': (f) => {
    // The default scorecard, rated as the ended session's record answers: no business (verification N/A), the
    // customer never confirmed.
    const form = new FormData();
    for (const [k, v] of Object.entries({
      sessionId: f.endedSessionId,
      r_greeting: 'yes',
      r_identity_statement: 'yes',
      r_verification_before_request: 'na',
      r_confirmation: 'no',
      r_data_accuracy: '4',
      r_supplement_followed: 'na',
      r_completeness: 'yes',
      r_risk_disclosure: 'na',
      r_attitude: '5',
      r_closed_with_outcome: 'yes',
      r_closing_words: 'no',
      c_closing_words: '未使用规范结束语',
      comment: 'ok',
    })) form.append(k, v);
    return form;
  },
  // A new template for the chat channel and payouts only (no other file inspects such a session), and the decision
  // on another QC member's proposal of one.
  'scorecard.propose': (f) => ({ name: f.scorecard.name, channels: 'chat', businesses: 'payout', definition: f.scorecard.definition, note: '新增在线文字渠道代付业务评分表' }),
  'scorecard.decide': (f) => ({ scorecardProposalId: f.scorecard.proposalId, decision: 'approve' }),
  // The fixture's own plan, kept drawing nothing (rates 0, no risk rule): its draw of the current week, which holds
  // other files' sessions, assigns none of them.
  'qcPlan.update': (f) => ({ planId: f.sampling.planId, rateKind: 'percent', rateValue: '0', newTellerWeeks: '4', newTellerRate: '0', fundsOverYuan: '', shortHandleSeconds: '', longHandleSeconds: '', lowSatisfaction: '', active: 'on', note: '复核后保持不变' }),
  'qcPlan.draw': (f) => ({ planId: f.sampling.planId, period: '2021-01-06' }),
  'qcAssignment.add': (f) => ({ sessionId: f.sampling.sessionId, note: '客户来电投诉，抽查复核' }),
  'inspection.acknowledge': (f) => ({ inspectionId: f.feedback.inspectionId }),
  'inspection.dispute': (f) => ({ inspectionId: f.feedback.inspectionId, d_data_accuracy: 'on', explanation: '客户信息经核对无误，录入并无差错' }),
  'dispute.resolve': (f) => ({ disputeId: f.feedback.disputeId, resolution: 'rejected', note: '复核录音，原评分无误' }),
  'rectification.respond': (f) => ({ rectificationId: f.feedback.rectificationId, response: '已重新学习录入规范，提交前逐项复核客户要素' }),
  // The rectification the teller answered just before (see the order below).
  'rectification.verify': (f) => ({ rectificationId: f.feedback.rectificationId, outcome: 'verified' }),
  'calibration.create': (f) => ({
    name: f.calibration.name,
    templateId: f.calibration.templateId,
    ...Object.fromEntries(f.calibration.sessionIds.map((id) => [`s_${id}`, 'on'])),
    ...Object.fromEntries(f.calibration.memberIds.map((id) => [`m_${id}`, 'on'])),
  }),
  // The default scorecard rated as the session's record answers (no business, never confirmed), all else met: 87.
  'calibration.score': (f) => ({
    roundId: f.calibration.roundId, sessionId: f.calibration.sessionId, r_greeting: 'yes', r_identity_statement: 'yes', r_verification_before_request: 'na', r_confirmation: 'no', r_data_accuracy: '5',
    r_supplement_followed: 'na', r_completeness: 'yes', r_risk_disclosure: 'yes', r_attitude: '5', r_closed_with_outcome: 'yes', r_closing_words: 'yes',
  }),
  // The round scored just before (see the order below), closed by its creator.
  'calibration.close': (f) => ({ roundId: f.calibration.roundId }),
  'complaint.record': (f) => ({ idNumber: f.complaints.idNumber, channel: 'letter', category: 'fees', severity: 'low', content: '对账户管理费有异议', receivedAt: '' }),
  'complaint.assign': (f) => ({ complaintId: f.complaints.toAssign, handlerId: f.teller.id }),
  'complaint.investigate': (f) => ({ complaintId: f.complaints.accepted }),
  'complaint.progress': (f) => ({ complaintId: f.complaints.investigating, note: '已调取录音核实', tellCustomer: 'on' }),
  // The complaint whose progress was just noted (see the order below).
  'complaint.resolve': (f) => ({ complaintId: f.complaints.investigating, rootCause: '柜员未按规定告知办理时长', actionTaken: '向客户致歉并加强培训', upheld: 'yes', compensationYuan: '' }),
  'complaint.feedback': (f) => ({ complaintId: f.complaints.resolved, satisfaction: '4' }),
  // The one whose feedback was just recorded, closed; then reopened by a supervisor.
  'complaint.close': (f) => ({ complaintId: f.complaints.resolved }),
  'complaint.reopen': (f) => ({ complaintId: f.complaints.resolved, reason: '客户再次来电表示不满', resolveBy: '2035-12-31' }),
  // The policy as it stands (the default), proposed again as a new version: it waits for another supervisor (and is
  // rejected after the read-back, so no other file finds a change of it pending).
  'complaintPolicy.update': () => ({ 'default.acknowledgeDays': '1', 'default.resolveDays': '15', note: '年度复核，维持默认时限' }),
  // Days far ahead no other file counts by: a holiday proposed, and the removal of one already set proposed.
  'calendar.set': () => ({ date: '2035-10-01', kind: 'holiday', name: '国庆节', note: '按国务院办公厅公布的安排' }),
  'calendar.remove': (f) => ({ date: f.config.removableDay, note: '安排取消' }),
  'config.decide': (f) => ({ changeId: f.config.changeId, decision: 'approve' }),
  'kb.propose': (f) => ({ kind: 'faq', title: f.kb.title, body: '## 问题\n\n客户问：如何查询转账限额？', reviewBy: f.kb.reviewBy, bt_limit_change: 'on' }),
  'kb.decide': (f) => ({ articleId: f.kb.pendingArticleId, version: '1', decision: 'approve' }),
  'kb.feedback': (f) => ({ articleId: f.kb.publishedArticleId, version: '1', kind: 'helpful' }),
  'notice.markRead': () => ({ scope: 'all' }),
  'staff.create': (f) => ({ username: f.newUsername, displayName: 'New Member', role: 'teller', password: 'Welcome-to-Counter-9' }),
  'staff.changeRole': (f) => ({ staffId: f.targetStaffId, role: 'qc' }),
  'staff.resetPassword': (f) => ({ staffId: f.targetStaffId, password: 'Another-2468' }),
  'staff.setActive': (f) => ({ staffId: f.targetStaffId, active: 'false' }),
  'staff.resetMfa': (f) => ({ staffId: f.targetStaffId }),
  'account.mfaBegin': () => ({}),
  'account.mfaConfirm': (f) => pendingCode(f.users.teller.id).then((code) => ({ code })),
  'account.recoveryCodes': () => ({}),
  'account.mfaDisable': () => ({}),
  // Last of all (it replaces the teller's session): the teller, without an authenticator again, confirms with the password.
  'account.stepUp': () => ({ secret: TEST_PASSWORD }),
  // A month long past that no teller of the time had (closing it writes nothing later files see); the default weights
  // again, proposed (and rejected after the read-back).
  'appraisal.close': () => ({ month: '2019-01' }),
  'appraisal.recalculate': (f) => ({ staffId: f.appraisal.tellerId, month: f.appraisal.month, reason: '复核考核数据后重新计算' }),
  'appraisal.weights': () => ({ volume: '15', quality: '30', efficiency: '15', satisfaction: '20', compliance: '20', note: '复核后保持不变' }),
};

const actionNames = Object.keys(permissionMap) as ActionName[];

/** A customer message whose delivery failed, for the admin's retry action. */
async function failedMessage(tellerId: string): Promise<string> {
  const s = await basicVerifiedSession(tellerId);
  const { messageId } = await sendOneTimeCode(s.sessionId, tellerId);
  await sql`UPDATE outbox_messages SET status = 'failed', last_error = 'gateway down' WHERE id = ${messageId}`;
  return messageId;
}

/** An open verification lock on a customer of its own, for the supervisor's clear action. */
async function lockedCustomer(tellerId: string): Promise<string> {
  const s = await sessionWithCustomer(tellerId);
  const id = await raiseLock(db, { customerId: s.customer.id, step: 'otp', sessionId: s.sessionId, minutes: 30 });
  if (!id) throw new Error('fixture: lock not raised');
  return id;
}
const registry = collectActions();
let f: Fixture;
let endpoint: Awaited<ReturnType<typeof serveHandler>>;

afterAll(async () => {
  await endpoint?.close();
  delete process.env.AIR_COUNTER_SELF_URL;
  // Changes proposed here and left waiting would block other files' proposals of the same configuration: rejected by
  // someone who proposed none of them (as the app decides), and the day set for the removal taken away again.
  if (f) {
    const cleaner = await makeUser('admin');
    await sql`UPDATE config_changes SET status = 'rejected', decided_by = ${cleaner.id}, decided_at = now(), decision_note = '测试结束'
      WHERE status = 'pending' AND proposed_by IN ${sql(Object.values(f.users).map((u) => u.id))}`;
    await sql`DELETE FROM working_calendar WHERE day = ${f.config.removableDay}`;
  }
});

beforeAll(async () => {
  // The demo keypad posts to the telephony endpoint over HTTP: serve the real handler.
  endpoint = await serveHandler(handleKeypad);
  process.env.AIR_COUNTER_SELF_URL = endpoint.url;
  await ensureDemoIntegration();
  const users = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await makeUser(r)] as const))) as Record<Role, TestUser>;
  const teller = users.teller;
  const pending = await pendingMobileChange(teller.id);
  await giveCustomerPassword(pending.customer.id);
  // A risk override on a customer of its own (the action's proposal for the session's customer must not collide with
  // it), proposed by a supervisor other than the one who decides it.
  const overrideRequestId = await insertChangeRequest(db, { customerId: (await makeCustomer()).id, oldValue: 'none', newValue: 'medium', makerId: (await makeUser('supervisor')).id, reason: '客户职业信息复核后调整' });
  const target = await makeUser('teller');
  f = {
    users,
    teller,
    emptySessionId: await startSession(teller.id),
    attachSessionId: await startSession(teller.id),
    lockId: await lockedCustomer(teller.id),
    failedMessageId: await failedMessage(teller.id),
    transferSessionId: await startSession(teller.id),
    // A fully verified session with no request yet: a request uses up the verification behind it.
    verifiedSessionId: (await verifiedSession(teller.id)).sessionId,
    receiverId: (await makeUser('teller')).id,
    sessionId: pending.sessionId,
    customer: { id: pending.customer.id, fullName: pending.customer.fullName, idNumber: pending.customer.idNumber, mobile: pending.customer.mobile },
    infoChangeCaseId: pending.caseId,
    requestId: overrideRequestId,
    endedSessionId: await endedSession((await makeUser('teller')).id),
    targetStaffId: target.id,
    newIdNumber: await freshIdNumber(),
    newUsername: uniqueName('new'),
    policyVersion: (await currentLadderPolicy()).version,
    policyRules: (await currentLadderPolicy()).rules,
    changeSessions: {
      name: (await verifiedSession(teller.id)).sessionId,
      document: (await verifiedSession(teller.id)).sessionId,
      birthDate: (await verifiedSession(teller.id, 'passport')).sessionId,
      contact: (await verifiedSession(teller.id)).sessionId,
    },
    renewedIdNumber: await freshIdNumber(),
    enterpriseSessionId: await startSession(teller.id),
    policyProposalId: await proposePolicy((await makeUser('supervisor')).id, { largeAmountFen: 5_000_000, slaLevel1: 10, slaLevel2: 30, expireAfterMinutes: 240 }, '复核后保持不变'),
    ...(await (async () => {
      // A verified session whose customer has money: one transfer for the action, one already pending for the decision.
      const s = await verifiedSession(teller.id);
      const { from, to } = await db.transaction(async (tx) => {
        const a = await openAccount(tx, { customerId: s.customer.id, kind: 'current' });
        const b = await openAccount(tx, { customerId: s.customer.id, kind: 'savings' });
        const opening = await internalAccountId(tx, 'opening');
        await postTransaction(tx, { kind: 'opening', description: 'fixture', createdBy: null, legs: [{ accountId: a.id, amount: 1_000_000 }, { accountId: opening, amount: -1_000_000 }] });
        return { from: a, to: b };
      });
      const pending = await submitTransfer(s.sessionId, teller.id, { fromAccountId: from.id, toAccountNumber: to.number, amountFen: 20_000, idempotencyKey: randomUUID() });
      return { transfer: { sessionId: s.sessionId, fromAccountId: from.id, toNumber: to.number }, pendingCaseId: pending.id };
    })()),
    creditCode: freshCreditCode(),
    ...(await (async () => {
      // A case the supervisor returned for correction, and one still pending, both made by the fixture's teller.
      const approver = await makeUser('supervisor');
      const returned = await cardAt('requested', teller.id, approver.id).then((c) => submitOpenAccount(c.sessionId, teller.id, { accountKind: 'savings', idempotencyKey: randomUUID() }));
      await completeDocuments(returned.id, teller.id);
      await decideCase(returned.id, approver.id, 'return', 'insufficient_documents', '请补充说明');
      const s = await sessionWithAccount(teller.id);
      const cancellable = await submitOpenAccount(s.sessionId, teller.id, { accountKind: 'savings', idempotencyKey: randomUUID() });
      const r = await sessionWithAccount(teller.id);
      const reset = await submitPasswordReset(r.sessionId, teller.id, { idempotencyKey: randomUUID() });
      await completeDocuments(reset.id, teller.id);
      await decideCase(reset.id, approver.id, 'approve', null, null);
      // A case collecting documents, and a document on another awaiting review.
      const collecting = await sessionWithAccount(teller.id).then((x) => submitOpenAccount(x.sessionId, teller.id, { accountKind: 'savings', idempotencyKey: randomUUID() }));
      const reviewing = await sessionWithAccount(teller.id).then((x) => submitOpenAccount(x.sessionId, teller.id, { accountKind: 'savings', idempotencyKey: randomUUID() }));
      const doc = await uploadCaseDocument({ caseId: reviewing.id, tellerId: teller.id, kind: 'id_front', bytes: await samplePng() });
      // Another case returned for its documents (the maker reopens them).
      const back = await sessionWithAccount(teller.id).then((x) => submitOpenAccount(x.sessionId, teller.id, { accountKind: 'savings', idempotencyKey: randomUUID() }));
      await completeDocuments(back.id, teller.id);
      await decideCase(back.id, approver.id, 'return', 'insufficient_documents', '身份证国徽面不清晰');
      return {
        reopenCaseId: back.id,
        returnedCaseId: returned.id,
        cancellableCaseId: cancellable.id,
        approvedReset: { sessionId: r.sessionId, caseId: reset.id },
        documents: { caseId: collecting.id, documentId: doc.id, file: await samplePng() },
      };
    })()),
    retention: await (async () => {
      // Two customers whose relationship ended long ago; one already has a deletion proposed by another admin.
      const [a, b] = [await makeCustomer(), await makeCustomer()];
      await sql`UPDATE customers SET relationship_ended_at = now() - interval '10 years' WHERE id IN (${a.id}, ${b.id})`;
      const purgeId = await proposePurge((await makeUser('admin')).id, b.id, '留存期满');
      return { customerId: a.id, purgeId };
    })(),
    emptyAccount: await sessionWithAccount(teller.id).then((s) => ({ sessionId: s.sessionId, accountId: s.account.id })),
    cards: await (async () => {
      const supervisor = await makeUser('supervisor');
      const open = await sessionWithAccount(teller.id);
      const at = (status: Parameters<typeof cardAt>[0]) => cardAt(status, teller.id, supervisor.id);
      return {
        open: { sessionId: open.sessionId, accountId: open.account.id },
        requested: await at('requested'),
        produced: await at('produced'),
        dispatched: await at('dispatched'),
        delivered: await at('delivered'),
        activated: await at('activated'),
        frozen: await at('frozen'),
      };
    })(),
    fraudLockId: await lockedCustomer(teller.id),
    activeFreezeId: (await frozenCustomer(teller.id, users.supervisor.id)).freezeId,
    scorecard: await (async () => {
      const definition = JSON.stringify({ sections: [{ key: 'main', title: '服务规范', items: [{ key: 'greeting', title: '规范问候', weight: 40, scale: { kind: 'yes_no' } }, { key: 'accuracy', title: '录入准确', weight: 60, scale: { kind: 'points', max: 5 } }] }] });
      const proposal = await proposeScorecard((await makeUser('qc')).id, { templateId: null, name: uniqueName('评分表'), channels: ['chat'], businesses: ['payout'], definition: templateDefinitionSchema.parse(JSON.parse(definition)), note: '新增评分表' });
      return { name: uniqueName('评分表'), definition, proposalId: proposal.id };
    })(),
    sampling: {
      planId: (
        await sql<{ id: string }[]>`
          INSERT INTO qc_plans (name, period, rate_kind, rate_value, new_teller_weeks, new_teller_rate, risk)
          VALUES (${uniqueName('抽检计划')}, 'week', 'percent', 0, 4, 0, '{"failedVerification": false, "rejectedApproval": false, "fundsOverFen": null, "shortHandleSeconds": null, "longHandleSeconds": null, "lowSatisfaction": null}'::jsonb)
          RETURNING id`
      )[0]!.id,
      sessionId: await endedSession((await makeUser('teller')).id),
    },
    feedback: await (async () => {
      // The default scorecard rated as an ended session's record answers (no business, never confirmed); the first with
      // no accuracy points, which opens a rectification.
      const inspector = await makeUser('qc');
      const rate = async (over: Record<string, string>) => {
        const sessionId = await endedSession(teller.id);
        const ratings = { r_greeting: 'yes', r_identity_statement: 'yes', r_verification_before_request: 'na', r_confirmation: 'no', r_data_accuracy: '5', r_supplement_followed: 'na', r_completeness: 'yes', r_risk_disclosure: 'yes', r_attitude: '5', r_closed_with_outcome: 'yes', r_closing_words: 'yes' };
        return (await saveInspection(inspector.id, { sessionId, comment: '', ...ratings, ...over }, true)).id;
      };
      const inspectionId = await rate({ r_data_accuracy: '0', c_data_accuracy: '证件号码录入错误' });
      const [rectification] = await sql<{ id: string }[]>`SELECT r.id FROM rectifications r JOIN qc_findings q ON q.id = r.finding_id WHERE q.inspection_id = ${inspectionId}`;
      const disputed = await rate({ r_greeting: 'no' });
      const disputeId = await fileDispute(disputed, teller.id, ['greeting'], '录音中已规范问候并报工号');
      return { inspectionId, rectificationId: rectification!.id, disputeId };
    })(),
    calibration: await (async () => {
      const scorecard = (await currentScorecards()).find((s) => s.name === '通用服务质检表');
      if (!scorecard) throw new Error('fixture: the default scorecard is not published');
      const other = await makeUser('qc');
      const calibrated = await makeUser('teller');
      const [a, b, c] = [await endedSession(calibrated.id), await endedSession(calibrated.id), await endedSession(calibrated.id)];
      const roundId = await createRound(users.qc.id, { name: uniqueName('校准'), templateId: scorecard.templateId, sessionIds: [c], memberIds: [users.qc.id, other.id] });
      return { name: uniqueName('校准'), templateId: scorecard.templateId, sessionIds: [a, b], memberIds: [users.qc.id, other.id], roundId, sessionId: c };
    })(),
    complaints: await (async () => {
      const customer = await makeCustomer();
      const by = { id: (await makeUser('supervisor')).id, role: 'supervisor' as const };
      const record = (handlerId?: string) => recordComplaint(by, { idNumber: customer.idNumber, channel: 'phone', category: 'delay', severity: 'medium', content: '业务办理等待时间过长', handlerId }).then((c) => c.id);
      const accepted = await record(teller.id);
      const investigating = await record(teller.id);
      await startInvestigation(investigating, by);
      const resolved = await record(teller.id);
      await startInvestigation(resolved, by);
      await resolveComplaint(resolved, by, { rootCause: '高峰时段排队', actionTaken: '增加坐席并致歉', upheld: false });
      return { idNumber: customer.idNumber, toAssign: await record(), accepted, investigating, resolved };
    })(),
    kb: await (async () => {
      const [writer, approver] = [await makeUser('qc'), await makeUser('supervisor')];
      const reviewBy = beijingDate(new Date(Date.now() + 90 * 86_400_000));
      const article = (title: string) => proposeVersion(writer.id, { articleId: null, baseVersion: null, kind: 'procedure', title, body: '正文', businessTypes: [], reviewBy }).then((r) => r.articleId);
      const publishedArticleId = await article(uniqueName('已发布文章'));
      await decideVersion(approver.id, publishedArticleId, 1, true, '');
      return { reviewBy, title: uniqueName('限额问答'), pendingArticleId: await article(uniqueName('待复核文章')), publishedArticleId };
    })(),
    appraisal: await (async () => {
      // The fixture's supervisor leads a team of their own, whose teller has a closed month.
      const teamMember = await makeUser('teller');
      const [team] = await sql<{ id: string }[]>`INSERT INTO teams (name) VALUES (${uniqueName('班组')}) RETURNING id`;
      await sql`UPDATE staff SET team_id = ${team!.id} WHERE id IN (${users.supervisor.id}, ${teamMember.id})`;
      await sql`INSERT INTO appraisal_results (staff_id, month, version, team_id, figures, weights_version, total) VALUES (${teamMember.id}, '2019-02', 1, ${team!.id}, '{}'::jsonb, 1, 0)`;
      return { tellerId: teamMember.id, month: '2019-02' };
    })(),
    config: await (async () => {
      const [plan] = await sql<{ id: string }[]>`
        INSERT INTO qc_plans (name, period, rate_kind, rate_value, new_teller_weeks, new_teller_rate, risk)
        VALUES (${uniqueName('复核计划')}, 'week', 'percent', 0, 4, 0, '{"failedVerification": false, "rejectedApproval": false, "fundsOverFen": null, "shortHandleSeconds": null, "longHandleSeconds": null, "lowSatisfaction": null}'::jsonb)
        RETURNING id`;
      const risk = { failedVerification: false, rejectedApproval: false, fundsOverFen: null, shortHandleSeconds: null, longHandleSeconds: null, lowSatisfaction: null };
      const change = await proposeChange('qc_plan', plan!.id, { rateKind: 'percent', rateValue: 0, newTellerWeeks: 4, newTellerRate: 0, risk, active: true }, '复核后保持不变', await makeUser('qc'));
      const removableDay = '2035-10-02';
      await sql`INSERT INTO working_calendar (day, kind, name) VALUES (${removableDay}, 'holiday', '国庆节') ON CONFLICT (day) DO NOTHING`;
      return { planId: plan!.id, changeId: change.id, removableDay };
    })(),
    pendingFreezeId: await (async () => {
      const other = await makeUser('supervisor');
      const { freezeId } = await frozenCustomer(teller.id, other.id);
      await requestRelease(db, freezeId, other.id, '已面签核实本人');
      return freezeId;
    })(),
  };
});

describe('the action registry', () => {
  it('exports exactly the actions of the permission map', () => {
    expect([...registry.keys()].sort()).toEqual([...actionNames].sort());
  });

  it('has no exported server function that bypasses roleAction', () => {
    expect(unwrappedExports()).toEqual([]);
  });

  it('has a test payload for every action', () => {
    expect(Object.keys(payloads).sort()).toEqual([...actionNames].sort());
  });
});

const refusals = actionNames.flatMap((name) => [
  ...ROLES.filter((role) => !(permissionMap[name] as readonly Role[]).includes(role)).map((role) => ({ name, caller: role as Role | 'signed-out' })),
  { name, caller: 'signed-out' as const },
]);

describe('wrong role or signed out', () => {
  it.each(refusals)('$name refuses $caller, audits the denial and changes nothing', async ({ name, caller }) => {
    const before = await businessChecksums();
    const seq = await maxAuditSeq();
    actAs(caller === 'signed-out' ? null : f.users[caller].sid);

    const result = await registry.get(name)!(null, await payloads[name](f));

    expect(result).toEqual({ ok: false, message: caller === 'signed-out' ? 'errors.signedOut' : 'errors.forbidden', fieldErrors: {} });
    expect(await businessChecksums()).toEqual(before);
    const appended = await auditSince(seq);
    expect(appended).toHaveLength(1);
    expect(appended[0]).toMatchObject({
      action: name,
      outcome: 'denied',
      actor_id: caller === 'signed-out' ? null : f.users[caller].id,
      actor_role: caller === 'signed-out' ? null : caller,
      ip: '203.0.113.7',
      details: { reason: caller === 'signed-out' ? 'signed_out' : 'role' },
    });
  });
});

describe('the same payloads from the allowed role', () => {
  it('succeed, so the refusals above are about the role and not the payload', async () => {
    // Order matters: the session is ended only after the actions that need it open, and the fixture's information change
    // is revealed while it still awaits its decision.
    const order: ActionName[] = ['session.start', 'customer.create', 'customer.createEnterprise', 'customer.search', 'customer.attach', 'verification.basic', 'verification.passwordPrompt', 'demo.keypad', 'recording.upload', 'verification.otpSend',
      'verification.confirm', 'customer.reveal', 'customer.riskOverride', 'case.reveal', 'changeRequest.decide', 'case.transfer', 'case.claim', 'case.decide', 'case.resubmit', 'case.reopenDocuments', 'case.cancel', 'document.upload', 'document.review', 'document.purgePropose', 'document.purgeDecide', 'case.passwordReset', 'password.resetPrompt', 'case.openAccount', 'case.payout', 'case.limitChange', 'case.accountClosure', 'case.openCard', 'case.cardBlock', 'case.cardUnfreeze', 'card.activationPrompt', 'card.produce', 'card.dispatch', 'card.deliver', 'approvalPolicy.decide', 'approvalPolicy.propose', 'verificationLock.clear', 'customerFreeze.confirmFraud', 'customerFreeze.requestRelease', 'customerFreeze.decideRelease', 'outbox.retry', 'session.transfer', 'changeRequest.create', 'changeRequest.name', 'changeRequest.document', 'changeRequest.birthDate', 'customer.updateContact', 'verification.otpCheck', 'session.note', 'session.end', 'inspection.submit', 'inspection.acknowledge', 'inspection.dispute', 'dispute.resolve', 'rectification.respond', 'rectification.verify', 'qcPlan.update', 'qcPlan.draw', 'qcAssignment.add', 'calibration.create', 'calibration.score', 'calibration.close', 'complaint.record', 'complaint.assign', 'complaint.investigate', 'complaint.progress', 'complaint.resolve', 'complaint.feedback', 'complaint.close', 'complaint.reopen', 'complaintPolicy.update', 'calendar.set', 'calendar.remove', 'config.decide', 'kb.propose', 'kb.decide', 'kb.feedback', 'notice.markRead', 'scorecard.propose', 'scorecard.decide', 'staff.create', 'staff.changeRole', 'staff.resetPassword', 'staff.setActive', 'staff.resetMfa', 'ladderPolicy.publish', 'appraisal.close', 'appraisal.recalculate', 'appraisal.weights', 'account.mfaBegin', 'account.mfaConfirm', 'account.recoveryCodes', 'account.mfaDisable', 'account.stepUp'];
    expect([...order].sort()).toEqual([...actionNames].sort());
    for (const name of order) {
      const role = permissionMap[name][0] as Role;
      actAs(f.users[role].sid);
      const result = await registry.get(name)!(null, await payloads[name](f));
      expect(result, `${name}: ${JSON.stringify(result)}`).toMatchObject({ ok: true });
    }
    // What the supervisor's dual-control actions did, read back: the override decided by its checker, a new one proposed
    // for the session's customer, and the revealed information change still awaiting its decision.
    expect(await sql`SELECT status, checker_id FROM change_requests WHERE id = ${f.requestId}`).toEqual([{ status: 'approved', checker_id: f.users.supervisor.id }]);
    expect(await sql`SELECT type, status FROM change_requests WHERE customer_id = ${f.customer.id} AND maker_id = ${f.users.supervisor.id}`).toEqual([{ type: 'risk_override', status: 'pending' }]);
    expect(await sql`SELECT state FROM cases WHERE id = ${f.infoChangeCaseId}`).toEqual([{ state: 'pending_approval' }]);
    // QC's: the inspection scored on the server (applicable 65, earned 47: 72), the template proposed, the other
    // member's proposal published by the fixture's QC member.
    expect(await sql`SELECT inspector_id, status, score FROM inspections WHERE session_id = ${f.endedSessionId}`).toEqual([{ inspector_id: f.users.qc.id, status: 'submitted', score: 72 }]);
    expect(await sql`SELECT p.status, p.proposed_by FROM scorecard_proposals p JOIN scorecard_templates t ON t.id = p.template_id WHERE t.name = ${f.scorecard.name}`).toEqual([{ status: 'pending', proposed_by: f.users.qc.id }]);
    expect(await sql`SELECT status, decided_by FROM scorecard_proposals WHERE id = ${f.scorecard.proposalId}`).toEqual([{ status: 'approved', decided_by: f.users.qc.id }]);
    // The knowledge base: the new article awaiting its second person, the other QC member's version published by the
    // fixture's supervisor, the teller's mark on the published one.
    expect(await sql`SELECT status, author_id FROM kb_versions WHERE title = ${f.kb.title}`).toEqual([{ status: 'pending', author_id: f.users.supervisor.id }]);
    expect(await sql`SELECT status, decided_by FROM kb_versions WHERE article_id = ${f.kb.pendingArticleId}`).toEqual([{ status: 'published', decided_by: f.users.supervisor.id }]);
    expect(await sql`SELECT kind FROM kb_feedback WHERE article_id = ${f.kb.publishedArticleId} AND staff_id = ${f.users.teller.id}`).toEqual([{ kind: 'helpful' }]);
    // The plan's change proposed (it waits for a second person: the plan is as it was), its current week drawn
    // (nothing: rates 0), the session added to the QC member's list.
    expect(await sql`SELECT active, updated_by FROM qc_plans WHERE id = ${f.sampling.planId}`).toEqual([{ active: true, updated_by: null }]);
    expect(await sql`SELECT drawn_by, drawn FROM qc_draws WHERE plan_id = ${f.sampling.planId}`).toEqual([{ drawn_by: f.users.qc.id, drawn: 0 }]);
    expect(await sql`SELECT inspector_id, reason, assigned_by FROM qc_assignments WHERE session_id = ${f.sampling.sessionId}`).toEqual([{ inspector_id: f.users.qc.id, reason: 'manual', assigned_by: f.users.qc.id }]);
    // After the score: the teller acknowledged and disputed the inspection and answered its rectification, which the
    // fixture's QC member verified; the other dispute rejected by the fixture's QC member (not its inspector).
    expect(await sql`SELECT acknowledged_at IS NOT NULL AS acknowledged FROM inspections WHERE id = ${f.feedback.inspectionId}`).toEqual([{ acknowledged: true }]);
    expect(await sql`SELECT teller_id, items, status FROM inspection_disputes WHERE inspection_id = ${f.feedback.inspectionId}`).toEqual([{ teller_id: f.teller.id, items: ['data_accuracy'], status: 'open' }]);
    expect(await sql`SELECT status, resolver_id FROM inspection_disputes WHERE id = ${f.feedback.disputeId}`).toEqual([{ status: 'rejected', resolver_id: f.users.qc.id }]);
    expect(await sql`SELECT status, verified_by, response IS NOT NULL AS answered FROM rectifications WHERE id = ${f.feedback.rectificationId}`).toEqual([{ status: 'verified', verified_by: f.users.qc.id, answered: true }]);
    // Calibration: the new round with its two sessions and two members; the fixture's round scored on the server (87)
    // by its creator, then closed, and no inspection of its session.
    expect(await sql`
      SELECT r.created_by, r.closed_at IS NULL AS open, (SELECT count(*)::int FROM calibration_sessions s WHERE s.round_id = r.id) AS sessions,
        (SELECT count(*)::int FROM calibration_members m WHERE m.round_id = r.id) AS members
      FROM calibration_rounds r WHERE r.name = ${f.calibration.name}`).toEqual([{ created_by: f.users.qc.id, open: true, sessions: 2, members: 2 }]);
    expect(await sql`SELECT session_id, inspector_id, score FROM calibration_scores WHERE round_id = ${f.calibration.roundId}`).toEqual([{ session_id: f.calibration.sessionId, inspector_id: f.users.qc.id, score: 87 }]);
    expect(await sql`SELECT closed_at IS NOT NULL AS closed FROM calibration_rounds WHERE id = ${f.calibration.roundId}`).toEqual([{ closed: true }]);
    expect(await sql`SELECT count(*)::int AS n FROM inspections WHERE session_id = ${f.calibration.sessionId}`).toEqual([{ n: 0 }]);
    // Configuration under four-eyes: each change proposed waits for its second person, nothing of it applied yet; the
    // other QC member's plan change approved by the fixture's supervisor, who is recorded as the plan's last change.
    const mine = Object.values(f.users).map((u) => u.id);
    expect(await sql`SELECT kind, target, proposed_by, payload ? 'base' AS based FROM config_changes WHERE status = 'pending' AND proposed_by IN ${sql(mine)} ORDER BY proposed_at`).toEqual([
      { kind: 'qc_plan', target: f.sampling.planId, proposed_by: f.users.qc.id, based: true },
      { kind: 'complaint_policy', target: '', proposed_by: f.users.supervisor.id, based: true },
      { kind: 'calendar', target: '2035-10-01', proposed_by: f.users.admin.id, based: true },
      { kind: 'calendar', target: f.config.removableDay, proposed_by: f.users.admin.id, based: true },
      { kind: 'appraisal_weights', target: '', proposed_by: f.users.supervisor.id, based: true },
    ]);
    expect(await sql`SELECT day FROM working_calendar WHERE day IN ('2035-10-01', ${f.config.removableDay})`).toEqual([{ day: f.config.removableDay }]);
    expect(await sql`SELECT status, decided_by FROM config_changes WHERE id = ${f.config.changeId}`).toEqual([{ status: 'approved', decided_by: f.users.supervisor.id }]);
    expect(await sql`SELECT updated_by FROM qc_plans WHERE id = ${f.config.planId}`).toEqual([{ updated_by: f.users.supervisor.id }]);
  });
});
