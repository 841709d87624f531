import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { db, sql } from '@/db';
import { insertChangeRequest } from '@/db/queries/change-requests';
import { actions as permissionMap, type ActionName } from '@/lib/auth/permissions';
import { ROLES, type Role } from '@/lib/auth/roles';
import { submitOpenAccount } from '@/lib/cases/account-business';
import { proposePolicy } from '@/lib/cases/policy-change';
import { recordComplaint } from '@/lib/complaints/handling';
import { proposeChange } from '@/lib/config-changes/service';
import { beijingDate } from '@/lib/calendar/working-days';
import { uploadCaseDocument } from '@/lib/documents/service';
import { proposePurge } from '@/lib/documents/retention';
import { proposeVersion } from '@/lib/kb/service';
import { createRound } from '@/lib/qc/calibration';
import { fileDispute } from '@/lib/qc/feedback';
import { saveInspection } from '@/lib/qc/inspection';
import { currentScorecards, proposeScorecard } from '@/lib/qc/scorecards';
import { templateDefinitionSchema } from '@/lib/qc/template';
import { addRecording } from '@/lib/recordings/service';
import { synthesizeCallAudio } from '@/lib/recordings/wav';
import { sendOneTimeCode } from '@/lib/sessions/verification';
import { collectActions, ROUTE_MODULES } from './actions';
import { cardAt, samplePng, sessionWithAccount } from './card-factories';
import { basicVerifiedSession, endedSession, freshCreditCode, freshIdNumber, frozenCustomer, makeCustomer, makeUser, pendingMobileChange, startSession, uniqueName, type TestUser } from './factories';
import { candidates, materialize, plausible, type FuzzContext, type Payload } from './fuzz-inputs';
import { actAs, asSession } from './helpers';

export type Fixture = {
  /** The fuzzing users, one per role. Their own ids are not in the id pool, so no case deactivates or demotes them. */
  users: Record<Role, TestUser>;
  ctx: FuzzContext;
  /** The fields each action's schema names, found by asking it (so a new action or field is fuzzed without a list here). */
  fields: Record<ActionName, string[]>;
  /** Per action and field, the listed values its schema accepted when asked (choices, numbers, dates that pass). */
  learned: Record<ActionName, Record<string, unknown[]>>;
};

/**
 * Real objects for the id pool: the fuzzing teller's own session, customer, account and case (so some inputs pass the
 * object checks and go deep), and other people's — another teller's sessions, case, customer, card, document and
 * recording, another supervisor's proposals and complaint, another QC member's article, plan change, inspection,
 * dispute, rectification and calibration round, another admin's purge — which every action must refuse or handle.
 */
export async function buildFixture(): Promise<Fixture> {
  const users = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await makeUser(r)] as const))) as Record<Role, TestUser>;
  const teller = users.teller;
  const own = await sessionWithAccount(teller.id);
  const ownOpen = await startSession(teller.id);
  const ownCase = await submitOpenAccount(own.sessionId, teller.id, { accountKind: 'savings', idempotencyKey: randomUUID() });

  const [otherTeller, otherSupervisor, otherQc, otherAdmin] = [await makeUser('teller'), await makeUser('supervisor'), await makeUser('qc'), await makeUser('admin')];
  const pending = await pendingMobileChange(otherTeller.id);
  const card = await cardAt('delivered', otherTeller.id, otherSupervisor.id);
  const frozen = await frozenCustomer(otherTeller.id, otherSupervisor.id);
  const ended = await endedSession(otherTeller.id);
  const png = await samplePng();
  const wav = synthesizeCallAudio(0.5);
  const docCase = await sessionWithAccount(otherTeller.id).then((s) => submitOpenAccount(s.sessionId, otherTeller.id, { accountKind: 'savings', idempotencyKey: randomUUID() }));
  const doc = await uploadCaseDocument({ caseId: docCase.id, tellerId: otherTeller.id, kind: 'id_front', bytes: png });
  const recording = await addRecording({ sessionId: pending.sessionId, bytes: wav, by: { staffId: otherTeller.id }, source: 'upload' });
  const complaint = await recordComplaint({ id: otherSupervisor.id, role: 'supervisor' }, { idNumber: pending.customer.idNumber, channel: 'phone', category: 'delay', severity: 'medium', content: '业务办理等待时间过长' });
  const reviewBy = beijingDate(new Date(Date.now() + 90 * 86_400_000));
  const article = await proposeVersion(otherQc.id, { articleId: null, baseVersion: null, kind: 'procedure', title: uniqueName('文章'), body: '正文', businessTypes: [], reviewBy });
  const policyProposalId = await proposePolicy(otherSupervisor.id, { largeAmountFen: 5_000_000, slaLevel1: 10, slaLevel2: 30, expireAfterMinutes: 240 }, '复核后保持不变');
  const { messageId } = await basicVerifiedSession(otherTeller.id).then((s) => sendOneTimeCode(s.sessionId, otherTeller.id));
  const [retired, retiring] = [await makeCustomer(), await makeCustomer()];
  await sql`UPDATE customers SET relationship_ended_at = now() - interval '10 years' WHERE id IN (${retired.id}, ${retiring.id})`;
  const purgeId = await proposePurge(otherAdmin.id, retiring.id, '留存期满');
  const definition = templateDefinitionSchema.parse({ sections: [{ key: 'main', title: '服务规范', items: [{ key: 'greeting', title: '规范问候', weight: 100, scale: { kind: 'yes_no' } }] }] });
  const scorecardProposal = await proposeScorecard(otherQc.id, { templateId: null, name: uniqueName('评分表'), channels: ['chat'], businesses: ['payout'], definition, note: '新增评分表' });
  const [plan] = await sql<{ id: string }[]>`
    INSERT INTO qc_plans (name, period, rate_kind, rate_value, new_teller_weeks, new_teller_rate, risk)
    VALUES (${uniqueName('抽检计划')}, 'week', 'percent', 0, 4, 0, '{"failedVerification": false, "rejectedApproval": false, "fundsOverFen": null, "shortHandleSeconds": null, "longHandleSeconds": null, "lowSatisfaction": null}'::jsonb)
    RETURNING id`;
  const risk = { failedVerification: false, rejectedApproval: false, fundsOverFen: null, shortHandleSeconds: null, longHandleSeconds: null, lowSatisfaction: null };
  const change = await proposeChange('qc_plan', plan!.id, { rateKind: 'percent', rateValue: 0, newTellerWeeks: 4, newTellerRate: 0, risk, active: true }, '复核后保持不变', otherQc);
  const ratings = { r_greeting: 'yes', r_identity_statement: 'yes', r_verification_before_request: 'na', r_confirmation: 'no', r_data_accuracy: '5', r_supplement_followed: 'na', r_completeness: 'yes', r_risk_disclosure: 'yes', r_attitude: '5', r_closed_with_outcome: 'yes', r_closing_words: 'yes' };
  const inspected = await saveInspection(otherQc.id, { sessionId: await endedSession(otherTeller.id), comment: '', ...ratings, r_data_accuracy: '0', c_data_accuracy: '证件号码录入错误' }, true);
  const [rectification] = await sql<{ id: string }[]>`SELECT r.id FROM rectifications r JOIN qc_findings q ON q.id = r.finding_id WHERE q.inspection_id = ${inspected.id}`;
  const disputed = await saveInspection(otherQc.id, { sessionId: await endedSession(otherTeller.id), comment: '', ...ratings, r_greeting: 'no' }, true);
  const disputeId = await fileDispute(disputed.id, otherTeller.id, ['greeting'], '录音中已规范问候并报工号');
  const scorecard = (await currentScorecards()).find((s) => s.name === '通用服务质检表');
  if (!scorecard) throw new Error('fixture: the default scorecard is not published');
  const roundId = await createRound(otherQc.id, { name: uniqueName('校准'), templateId: scorecard.templateId, sessionIds: [await endedSession(otherTeller.id)], memberIds: [otherQc.id, (await makeUser('qc')).id] });
  const requestId = await insertChangeRequest(db, { customerId: (await makeCustomer()).id, oldValue: 'none', newValue: 'medium', makerId: otherSupervisor.id, reason: '客户职业信息复核后调整' });

  const ctx: FuzzContext = {
    realIds: [
      own.sessionId, ownOpen, own.customer.id, own.account.id, ownCase.id,
      pending.sessionId, pending.customer.id, pending.caseId, card.cardId, card.caseId, card.sessionId, card.account.id, card.customer.id,
      frozen.lockId, frozen.freezeId, frozen.customer.id, ended, docCase.id, doc.id, recording.id, complaint.id, article.articleId, policyProposalId,
      messageId, retired.id, purgeId, scorecardProposal.id, scorecardProposal.templateId, scorecard.templateId, plan!.id, change.id, inspected.id,
      rectification!.id, disputed.id, disputeId, roundId, requestId, otherTeller.id, otherSupervisor.id, otherQc.id, otherAdmin.id,
    ],
    idNumbers: [own.customer.idNumber, pending.customer.idNumber, frozen.customer.idNumber, await freshIdNumber()],
    creditCodes: [freshCreditCode(), freshCreditCode()],
    mobiles: [own.customer.mobile, pending.customer.mobile, pending.newMobile],
    names: [own.customer.fullName, pending.customer.fullName, card.customer.fullName],
    accountNumbers: [own.account.number, card.account.number],
    cardNumbers: [card.cardNumber],
    files: { png, wav },
  };
  const fields = await discoverFields(users, ctx);
  return { users, ctx, fields, learned: await learnValues(users, ctx, fields) };
}

/**
 * The fields each action names when refused: an empty payload gives the required ones, and a payload of plausible
 * values for those gives the fields that depend on them (a rejection's reason...). Ids are random here, so nothing
 * real is touched while asking.
 */
async function discoverFields(users: Record<Role, TestUser>, ctx: FuzzContext): Promise<Record<ActionName, string[]>> {
  const registry = collectActions();
  const routeActions = Object.values(ROUTE_MODULES).map((m) => m.POST.actionName as string);
  const asking: FuzzContext = { ...ctx, realIds: [randomUUID()] };
  const out = {} as Record<ActionName, string[]>;
  for (const name of Object.keys(permissionMap) as ActionName[]) {
    actAs(users[permissionMap[name][0] as Role].sid);
    const fields = new Set<string>();
    const ask = async (payload: Payload) => {
      const result = await registry.get(name)!(null, materialize(payload) as FormData);
      if (!result.ok) for (const key of Object.keys(result.fieldErrors)) if (/^[A-Za-z][\w.]*$/.test(key)) fields.add(key);
    };
    await ask({ shape: 'object', entries: [] });
    for (let round = 0; round < 2; round++) {
      const entries = [...fields].map((f): [string, unknown] => [f, fc.sample(plausible(f, asking), { numRuns: 1, seed: round })[0]]);
      await ask({ shape: routeActions.includes(name) ? 'form' : 'object', entries });
    }
    out[name] = [...fields].sort();
  }
  actAs(null);
  return out;
}

/**
 * For the fields with a list of values worth trying, which of them the action's schema accepts: every such field is
 * set to its i-th value at once, the rest to plausible values, and a value is kept when its field is not refused.
 */
async function learnValues(users: Record<Role, TestUser>, ctx: FuzzContext, fields: Record<ActionName, string[]>): Promise<Record<ActionName, Record<string, unknown[]>>> {
  const registry = collectActions();
  const routeActions = Object.values(ROUTE_MODULES).map((m) => m.POST.actionName as string);
  const asking: FuzzContext = { ...ctx, realIds: [randomUUID()] };
  const out = {} as Record<ActionName, Record<string, unknown[]>>;
  // Two actions at a time: each asks one after another, as its own allowed user.
  const names = Object.keys(permissionMap) as ActionName[];
  const learn = async (name: ActionName) => {
    const lists = Object.fromEntries(fields[name].map((f) => [f, candidates(f, asking)] as const).filter(([, l]) => l.length));
    const learned: Record<string, unknown[]> = {};
    const rounds = Math.max(0, ...Object.values(lists).map((l) => l.length));
    const sid = users[permissionMap[name][0] as Role].sid;
    for (let i = 0; i < rounds; i++) {
      const entries = fields[name].map((f): [string, unknown] => [f, lists[f] ? lists[f][i % lists[f].length] : fc.sample(plausible(f, asking), { numRuns: 1, seed: i })[0]]);
      const result = await asSession(sid, () => registry.get(name)!(null, materialize({ shape: routeActions.includes(name) ? 'form' : 'object', entries }) as FormData));
      const refused = result.ok ? {} : result.fieldErrors;
      for (const [f, list] of Object.entries(lists)) {
        const value = list[i % list.length];
        if (!Object.hasOwn(refused, f) && i < list.length) (learned[f] ??= []).push(value);
      }
    }
    out[name] = learned;
  };
  for (let i = 0; i < names.length; i += 2) await Promise.all(names.slice(i, i + 2).map(learn));
  return out;
}
