import { encryptPii } from '@/lib/crypto/pii';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { currentLadderPolicy } from '@/db/queries/ladder-policy';
import { addSessionEvent } from '@/db/queries/service-sessions';
import { listTellerScores } from '@/db/queries/inspections';
import { decideCase } from '@/lib/cases/service';
import { autoAnswers } from '@/lib/qc/auto-checks';
import { inspectionWorkspace } from '@/lib/qc/inspection';
import { currentScorecards, scorecardVersion } from '@/lib/qc/scorecards';
import { requiredSteps, type RiskLevel } from '@/lib/sessions/ladder';
import { endSession } from '@/lib/sessions/service';
import { requestMobileChange } from '@/lib/customers/info-change';
import { action } from './actions';
import { basicVerifiedSession, endedSession, freshMobile, makeUser, pendingMobileChange, sessionWithCustomer, startSession, verifiedSession, type TestUser } from './factories';
import { actAs, auditSince, businessChecksums, maxAuditSeq, pgFailure } from './helpers';

// Inspections with the default scorecard (通用服务质检表): the server reads the items against the published version,
// answers the automatic checks from the session's record, and computes the score. Its weights: greeting 10,
// identity_statement 5, verification_before_request 20 (critical), confirmation 10, data_accuracy 15 (points of 5),
// supplement_followed 5, completeness 5, risk_disclosure 10, attitude 10 (points of 5), closed_with_outcome 5,
// closing_words 5 — 100 in all.
const DEFAULT = '通用服务质检表';

let teller: TestUser;
let supervisor: TestUser;
let inspector: TestUser;

beforeAll(async () => {
  [teller, supervisor, inspector] = await Promise.all([makeUser('teller'), makeUser('supervisor'), makeUser('qc')]);
});

async function defaultScorecard() {
  const found = (await currentScorecards()).find((s) => s.name === DEFAULT);
  if (!found) throw new Error('the default scorecard is not published');
  return found;
}

/** Every item rated, as a careful inspector would on a session whose record answers the automatic checks "yes". */
function rated(sessionId: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    sessionId,
    r_greeting: 'yes',
    r_identity_statement: 'yes',
    r_verification_before_request: 'yes',
    r_confirmation: 'yes',
    r_data_accuracy: '5',
    r_supplement_followed: 'na',
    r_completeness: 'yes',
    r_risk_disclosure: 'yes',
    r_attitude: '5',
    r_closed_with_outcome: 'yes',
    r_closing_words: 'yes',
    ...over,
  };
}

function submit(user: TestUser, payload: Record<string, string>) {
  actAs(user.sid);
  return action('inspection.submit')(null, payload);
}

/** Refused with `message` (and its field messages), audited with its outcome, and nothing written. */
async function expectRefused(user: TestUser, payload: Record<string, string>, message: string, fieldErrors: Record<string, string[]> = {}, outcome: 'failed' | 'denied' = 'failed') {
  const before = await businessChecksums();
  const seq = await maxAuditSeq();
  expect(await submit(user, payload)).toEqual({ ok: false, message, fieldErrors });
  expect(await businessChecksums()).toEqual(before);
  expect(await auditSince(seq)).toMatchObject([{ action: 'inspection.submit', outcome, actor_id: user.id, details: { reason: message } }]);
}

async function inspectionRow(sessionId: string) {
  const [row] = await sql`
    SELECT id, inspector_id, status, score, critical_failure, comment, ratings, scorecard, template_id, template_version, submitted_at IS NOT NULL AS submitted
    FROM inspections WHERE session_id = ${sessionId}`;
  return row;
}

/** A mobile change through the app's ladder gate, approved by the supervisor; the session ended. */
async function businessSession() {
  const s = await verifiedSession(teller.id);
  const { id: caseId, state } = await requestMobileChange(s.sessionId, teller.id, { newMobile: freshMobile(), idempotencyKey: randomUUID() });
  expect(state).toBe('pending_approval');
  expect(await decideCase(caseId, supervisor.id, 'approve', null, null)).toMatchObject({ outcome: 'decided', state: 'completed' });
  await endSession(s.sessionId, teller.id, 'resolved', 5);
  return { ...s, caseId };
}

/** The customer verified through the whole ladder (confirmation included) but no business; the session ended. */
async function quietSession(): Promise<string> {
  const s = await verifiedSession(teller.id);
  await endSession(s.sessionId, teller.id, 'resolved', 4);
  return s.sessionId;
}

/**
 * A session whose record shows a mobile change submitted with only the basic information verified: seeded directly,
 * as a defect (or an older build) would have left it — a case born a draft, and its submission on the timeline naming
 * the change_mobile ladder of the current policy. The session is then ended.
 */
async function skippedStepSession() {
  const s = await basicVerifiedSession(teller.id);
  const [{ version: approvalVersion }] = await sql<{ version: number }[]>`SELECT max(version)::int AS version FROM approval_policies`;
  const [seeded] = await sql<{ id: string }[]>`
    INSERT INTO cases (type, customer_id, session_id, maker_id, payload_enc, summary, required_level, policy_version, policy_rules, idempotency_key, created_at)
    VALUES ('change_mobile', ${s.customer.id}, ${s.sessionId}, ${teller.id}, ${encryptPii(JSON.stringify({ kind: 'change_mobile', old: '', new: '', reason: null }))}, '{}'::jsonb, 1, ${approvalVersion}, '{}'::text[], ${randomUUID()},
      -- A few milliseconds after the basic check.
      (SELECT max(created_at) + interval '5 milliseconds' FROM verifications WHERE session_id = ${s.sessionId}))
    RETURNING id`;
  const ladder = await currentLadderPolicy();
  await addSessionEvent(db, s.sessionId, teller.id, 'case.submitted', { case: seeded!.id, type: 'change_mobile', ladder: 'change_mobile', ladderPolicy: ladder.version, verification: null });
  await endSession(s.sessionId, teller.id, 'resolved', 3);
  const [{ risk }] = await sql<{ risk: RiskLevel }[]>`SELECT risk_level::text AS risk FROM customers WHERE id = ${s.customer.id}`;
  // What the policy asked for beyond the basic information, in ladder order, confirmation last.
  const missing = requiredSteps(ladder.rules, 'change_mobile', risk).filter((step) => step !== 'basic');
  return { ...s, caseId: seeded!.id, missing };
}

describe('the server computes the score from the items', () => {
  it('all met, attitude 3/5, accuracy 5/5, risk disclosure N/A: 95, whatever score the form sends', async () => {
    const { sessionId } = await businessSession();
    const scorecard = await defaultScorecard();
    // Applicable: 100 less risk_disclosure (10) and supplement_followed (5, no document was rejected) = 85.
    // Earned: 10 + 5 + 20 + 10 + 15 (5/5) + 5 + 6 (attitude 3/5 of 10) + 5 + 5 = 81; 81 / 85 = 95.3 -> 95.
    const r = await submit(inspector, rated(sessionId, { r_attitude: '3', r_risk_disclosure: 'na', comment: '  整体规范  ', score: '100' }));
    expect(r).toEqual({ ok: true, data: { id: expect.any(String), score: 95 }, message: 'qc.submitted', messageValues: { score: 95 } });
    const row = await inspectionRow(sessionId);
    expect(row).toMatchObject({
      inspector_id: inspector.id,
      status: 'submitted',
      score: 95,
      critical_failure: false,
      comment: '整体规范',
      scorecard: `${scorecard.templateId}@${scorecard.version}`,
      template_id: scorecard.templateId,
      template_version: scorecard.version,
      submitted: true,
    });
    // The automatic checks kept as the record answered them; the others as rated.
    expect(row!.ratings).toEqual({
      greeting: { value: 'yes' },
      identity_statement: { value: 'yes' },
      verification_before_request: { value: 'yes', fromRecord: true },
      confirmation: { value: 'yes', fromRecord: true },
      data_accuracy: { value: 5 },
      supplement_followed: { value: 'na', fromRecord: true },
      completeness: { value: 'yes' },
      risk_disclosure: { value: 'na' },
      attitude: { value: 3 },
      closed_with_outcome: { value: 'yes', fromRecord: true },
      closing_words: { value: 'yes' },
    });
    // The teller sees the score among their own.
    expect(await listTellerScores(teller.id)).toContainEqual(expect.objectContaining({ sessionId, score: 95, criticalFailure: false, comment: '整体规范' }));
  });

  it('N/A leaves the denominator: the same session with the risk disclosure missed scores 85', async () => {
    const { sessionId } = await businessSession();
    // Applicable 95 (only supplement_followed is N/A); earned 81 as above; 81 / 95 = 85.3 -> 85.
    expect(await submit(inspector, rated(sessionId, { r_attitude: '3', r_risk_disclosure: 'no' }))).toMatchObject({ ok: true, data: { score: 85 } });
    expect(await inspectionRow(sessionId)).toMatchObject({ score: 85, critical_failure: false });
  });

  it('a failed critical item needs a comment; with one, the session scores 0 and is a critical failure', async () => {
    const { sessionId } = await skippedStepSession();
    // As the record answers: the verification was skipped, and the identity never confirmed.
    const payload = rated(sessionId, { r_verification_before_request: 'no', r_confirmation: 'no' });
    await expectRefused(inspector, payload, 'errors.qc.incomplete', { c_verification_before_request: ['errors.qc.criticalComment'] });
    await expectRefused(inspector, { ...payload, c_verification_before_request: '   ' }, 'errors.qc.incomplete', { c_verification_before_request: ['errors.qc.criticalComment'] });
    const r = await submit(inspector, { ...payload, c_verification_before_request: '未完成密码与动态口令验证即提交手机号变更', p_verification_before_request: '2:05' });
    expect(r).toMatchObject({ ok: true, data: { score: 0 }, message: 'qc.submittedCritical' });
    const row = await inspectionRow(sessionId);
    expect(row).toMatchObject({ status: 'submitted', score: 0, critical_failure: true });
    expect((row!.ratings as Record<string, unknown>).verification_before_request).toEqual({ value: 'no', comment: '未完成密码与动态口令验证即提交手机号变更', atMs: 125_000, fromRecord: true });
    expect(await listTellerScores(teller.id)).toContainEqual(expect.objectContaining({ sessionId, score: 0, criticalFailure: true }));
  });
});

describe('a draft, then the submission', () => {
  it('the draft is its inspector’s; once submitted the inspection is final, in the database too', async () => {
    const sessionId = await quietSession();
    const other = await makeUser('qc');
    const full = rated(sessionId, { r_verification_before_request: 'na' });

    // A partial draft: saved without a score; saved again, the same row.
    const first = await submit(inspector, { sessionId, intent: 'draft', r_greeting: 'yes', c_greeting: '问候规范', p_greeting: '0:07', r_attitude: '4' });
    expect(first).toMatchObject({ ok: true, data: { score: null }, message: 'qc.draftSaved' });
    const id = (first as { data: { id: string } }).data.id;
    expect(await inspectionRow(sessionId)).toMatchObject({
      id,
      inspector_id: inspector.id,
      status: 'draft',
      score: null,
      submitted: false,
      ratings: { greeting: { value: 'yes', comment: '问候规范', atMs: 7000 }, attitude: { value: 4 } },
    });
    expect(await submit(inspector, { sessionId, intent: 'draft', r_greeting: 'yes', r_attitude: '4', r_completeness: 'no' })).toMatchObject({ ok: true, data: { id, score: null } });
    expect(await inspectionRow(sessionId)).toMatchObject({ id, status: 'draft', ratings: { greeting: { value: 'yes' }, attitude: { value: 4 }, completeness: { value: 'no' } } });
    // A draft is not a score the teller sees.
    expect((await listTellerScores(teller.id)).map((s) => s.sessionId)).not.toContain(sessionId);

    // Another inspector can neither submit over it nor save a draft of their own.
    await expectRefused(other, full, 'errors.qc.notYourInspection', {}, 'denied');
    await expectRefused(other, { ...full, intent: 'draft' }, 'errors.qc.notYourInspection', {}, 'denied');

    // The author submits: same row, final. Applicable 75 (verification and supplement N/A), all met: 100.
    expect(await submit(inspector, full)).toMatchObject({ ok: true, data: { id, score: 100 }, message: 'qc.submitted' });
    expect(await inspectionRow(sessionId)).toMatchObject({ id, status: 'submitted', score: 100, submitted: true });
    await expectRefused(inspector, rated(sessionId, { r_verification_before_request: 'na', r_greeting: 'no' }), 'errors.alreadyInspected');
    await expectRefused(inspector, { ...full, intent: 'draft' }, 'errors.alreadyInspected');
    await expectRefused(other, full, 'errors.alreadyInspected');

    // Written directly, a submitted inspection changes no more than through the action.
    expect(await pgFailure(() => sql`UPDATE inspections SET score = 10 WHERE id = ${id}`)).toMatchObject({ code: '23514', message: expect.stringMatching(/already submitted/) });
    expect(await pgFailure(() => sql`UPDATE inspections SET status = 'draft', score = NULL, submitted_at = NULL WHERE id = ${id}`)).toMatchObject({ message: expect.stringMatching(/already submitted/) });
    expect(await pgFailure(() => sql`DELETE FROM inspections WHERE id = ${id}`)).toMatchObject({ message: expect.stringMatching(/cannot be deleted/) });
    expect(await inspectionRow(sessionId)).toMatchObject({ id, status: 'submitted', score: 100 });
  });

  it('a draft keeps its session, inspector and scorecard, and is not deleted either', async () => {
    const sessionId = await quietSession();
    const other = await makeUser('qc');
    expect(await submit(inspector, { sessionId, intent: 'draft', r_greeting: 'no' })).toMatchObject({ ok: true });
    const { id } = (await inspectionRow(sessionId))!;
    expect(await pgFailure(() => sql`UPDATE inspections SET inspector_id = ${other.id} WHERE id = ${id}`)).toMatchObject({ message: expect.stringMatching(/cannot change its session, inspector or scorecard/) });
    expect(await pgFailure(() => sql`UPDATE inspections SET scorecard = 'other' WHERE id = ${id}`)).toMatchObject({ message: expect.stringMatching(/cannot change its session, inspector or scorecard/) });
    expect(await pgFailure(() => sql`DELETE FROM inspections WHERE id = ${id}`)).toMatchObject({ message: expect.stringMatching(/cannot be deleted/) });
    // A draft's problems are reported too, without asking for the items not rated yet.
    await expectRefused(inspector, { sessionId, intent: 'draft', r_greeting: 'no', r_attitude: '6', p_greeting: '75' }, 'errors.invalid', { r_attitude: ['errors.qc.outOfScale'], p_greeting: ['errors.qc.pin'] });
  });
});

describe('old scores never change', () => {
  it('an inspection, and a draft, keep the version they were started with after a new one is published', async () => {
    const original = await defaultScorecard();
    const [scored, drafted, later] = [await quietSession(), await quietSession(), await quietSession()];
    // Greeting missed, verification and supplement N/A: applicable 75, earned 65 -> 86.7 -> 87.
    const ratings = (sessionId: string) => rated(sessionId, { r_verification_before_request: 'na', r_greeting: 'no' });
    expect(await submit(inspector, ratings(scored))).toMatchObject({ ok: true, data: { score: 87 } });
    expect(await submit(inspector, { sessionId: drafted, intent: 'draft', r_greeting: 'no' })).toMatchObject({ ok: true });
    const before = await inspectionRow(scored);

    // A new version gives the greeting a weight of 60 (four-eyes: a QC member proposes, a supervisor publishes).
    const heavier = { sections: original.definition.sections.map((s) => ({ ...s, items: s.items.map((i) => (i.key === 'greeting' ? { ...i, weight: 60 } : i)) })) };
    const author = await makeUser('qc');
    const publish = async (definition: unknown, note: string) => {
      actAs(author.sid);
      const p = await action('scorecard.propose')(null, { templateId: original.templateId, definition: JSON.stringify(definition), note });
      expect(p, JSON.stringify(p)).toMatchObject({ ok: true });
      actAs(supervisor.sid);
      const d = await action('scorecard.decide')(null, { scorecardProposalId: (p as { data: { id: string } }).data.id, decision: 'approve' });
      expect(d, JSON.stringify(d)).toMatchObject({ ok: true });
      return (d as { data: { version: number } }).data.version;
    };
    const next = await publish(heavier, '加重问候项权重');
    try {
      expect(next).toBe(original.version + 1);
      // The submitted inspection is as it was: its version, its score.
      expect(await inspectionRow(scored)).toEqual(before);
      expect((await inspectionWorkspace(scored))!.scorecard).toMatchObject({ templateId: original.templateId, version: original.version });
      expect((await scorecardVersion(original.templateId, original.version))!.definition).toEqual(original.definition);
      // The draft is finished on its own version: 87 again, not the new weights' score.
      expect(await submit(inspector, ratings(drafted))).toMatchObject({ ok: true, data: { score: 87 } });
      expect(await inspectionRow(drafted)).toMatchObject({ template_version: original.version, score: 87 });
      // A new inspection takes the new version: applicable 125, earned 65 -> 52.
      expect(await submit(inspector, ratings(later))).toMatchObject({ ok: true, data: { score: 52 } });
      expect(await inspectionRow(later)).toMatchObject({ template_version: next, scorecard: `${original.templateId}@${next}` });
    } finally {
      // The original definition again, published the same way, so later files score with the default weights.
      await publish(original.definition, '恢复默认权重');
    }
    expect((await defaultScorecard()).definition).toEqual(original.definition);
  });
});

describe('bad input is refused with its field message, and nothing is written', () => {
  let sessionId: string;
  // An ended session with its customer identified but never confirmed, and no business: the record answers the
  // verification N/A and the confirmation "no".
  let asRecorded: Record<string, string>;
  beforeAll(async () => {
    sessionId = await endedSession(teller.id);
    asRecorded = rated(sessionId, { r_verification_before_request: 'na', r_confirmation: 'no' });
  });

  it('a rating outside the scale', async () => {
    await expectRefused(inspector, { ...asRecorded, r_attitude: '6' }, 'errors.qc.incomplete', { r_attitude: ['errors.qc.outOfScale'] });
    await expectRefused(inspector, { ...asRecorded, r_data_accuracy: '4.5', r_greeting: 'maybe', r_closing_words: '1' }, 'errors.qc.incomplete', {
      r_data_accuracy: ['errors.qc.outOfScale'],
      r_greeting: ['errors.qc.outOfScale'],
      r_closing_words: ['errors.qc.outOfScale'],
    });
  });

  it('N/A on an item that does not allow it', async () => {
    await expectRefused(inspector, { ...asRecorded, r_greeting: 'na', r_attitude: 'na' }, 'errors.qc.incomplete', { r_greeting: ['errors.qc.naNotAllowed'], r_attitude: ['errors.qc.naNotAllowed'] });
  });

  it('a malformed time pin', async () => {
    await expectRefused(inspector, { ...asRecorded, p_greeting: '1:75' }, 'errors.qc.incomplete', { p_greeting: ['errors.qc.pin'] });
    await expectRefused(inspector, { ...asRecorded, p_attitude: '90' }, 'errors.qc.incomplete', { p_attitude: ['errors.qc.pin'] });
  });

  it('an automatic check answered otherwise than the record, without a reason', async () => {
    await expectRefused(inspector, { ...asRecorded, r_confirmation: 'yes' }, 'errors.qc.incomplete', { o_confirmation: ['errors.qc.overrideReason'] });
    await expectRefused(inspector, { ...asRecorded, r_confirmation: 'yes', o_confirmation: '  ' }, 'errors.qc.incomplete', { o_confirmation: ['errors.qc.overrideReason'] });
  });

  it('nothing rated: every item is named', async () => {
    await expectRefused(
      inspector,
      { sessionId },
      'errors.qc.incomplete',
      Object.fromEntries(['greeting', 'identity_statement', 'verification_before_request', 'confirmation', 'data_accuracy', 'supplement_followed', 'completeness', 'risk_disclosure', 'attitude', 'closed_with_outcome', 'closing_words'].map((k) => [`r_${k}`, ['errors.qc.unrated']])),
    );
  });

  it('with the reason given, the override is kept beside the rating', async () => {
    const r = await submit(inspector, { ...asRecorded, r_confirmation: 'yes', o_confirmation: '录音 1:20 处已复述并取得客户确认，系统未记录', p_confirmation: '1:20' });
    // Applicable 75 (verification and supplement N/A), all met: 100.
    expect(r).toMatchObject({ ok: true, data: { score: 100 } });
    expect(((await inspectionRow(sessionId))!.ratings as Record<string, unknown>).confirmation).toEqual({ value: 'yes', atMs: 80_000, fromRecord: false, overrideReason: '录音 1:20 处已复述并取得客户确认，系统未记录' });
  });

  it('a QC member who took part in the session', async () => {
    const own = await endedSession(teller.id);
    const member = await makeUser('qc');
    await addSessionEvent(db, own, member.id, 'note.added', { note: '质检旁听' });
    await expectRefused(member, rated(own, { r_verification_before_request: 'na', r_confirmation: 'no' }), 'errors.ownSession', {}, 'denied');
    // The database refuses it too.
    expect(await pgFailure(() => sql`INSERT INTO inspections (session_id, inspector_id, scorecard, ratings, score) VALUES (${own}, ${member.id}, 'x', '{}', 50)`)).toMatchObject({
      code: '23514',
      message: expect.stringMatching(/took part/),
    });
  });

  it('a session that is not ended, or whose case still awaits its decision, or that does not exist', async () => {
    const open = await sessionWithCustomer(teller.id);
    await expectRefused(inspector, rated(open.sessionId, { r_verification_before_request: 'na', r_confirmation: 'no' }), 'errors.sessionNotEnded');
    const pending = await pendingMobileChange(teller.id);
    await endSession(pending.sessionId, teller.id, 'resolved', 5);
    await expectRefused(inspector, rated(pending.sessionId), 'errors.pendingDecision');
    await expectRefused(inspector, rated(randomUUID()), 'errors.notFound');
  });
});

describe('automatic checks answer from the session record', () => {
  it('a mobile change through the ladder, approved, the session ended: all answered "yes"', async () => {
    const { sessionId } = await businessSession();
    expect(await autoAnswers(sessionId)).toEqual({
      verification_before_request: { value: 'yes', detail: '' },
      confirmation_done: { value: 'yes', detail: '' },
      supplement_after_rejection: { value: 'na', detail: '' },
      closed_with_outcome: { value: 'yes', detail: 'resolved' },
    });
  });

  it('a mobile change submitted with the basic information only: "no", naming the case and the steps skipped', async () => {
    const s = await skippedStepSession();
    expect(s.missing).toContain('otp');
    const answers = await autoAnswers(s.sessionId);
    expect(answers).toEqual({
      verification_before_request: { value: 'no', detail: `${s.caseId}:${s.missing.join(',')}` },
      confirmation_done: { value: 'no', detail: '' },
      supplement_after_rejection: { value: 'na', detail: '' },
      closed_with_outcome: { value: 'yes', detail: 'resolved' },
    });
    // The workspace shows the inspector the same answers; a "yes" against the record needs its reason.
    expect((await inspectionWorkspace(s.sessionId))!.autos).toEqual(answers);
    await expectRefused(inspector, rated(s.sessionId, { r_confirmation: 'no' }), 'errors.qc.incomplete', { o_verification_before_request: ['errors.qc.overrideReason'] });
  });

  it('a step passed in the same millisecond as the submission, but before it, counts', async () => {
    // The moment of submission is compared to the microsecond the database keeps (a Date would round it to the
    // millisecond and leave out a step recorded earlier in that same millisecond): confirmation at .400400, the case at
    // .400900 of the same second.
    const s = await sessionWithCustomer(teller.id);
    const at = (micros: number) => sql`date_trunc('second', now()) - interval '5 seconds' + ${`${micros} microseconds`}::interval`;
    for (const [kind, micros] of [['basic', 100_000], ['password', 200_000], ['otp', 300_000], ['confirmation', 400_400]] as const) {
      await sql`INSERT INTO verifications (session_id, customer_id, kind, result, performed_by, created_at) VALUES (${s.sessionId}, ${s.customer.id}, ${kind}, 'pass', ${teller.id}, ${at(micros)})`;
    }
    const [{ version: approvalVersion }] = await sql<{ version: number }[]>`SELECT max(version)::int AS version FROM approval_policies`;
    const [seeded] = await sql<{ id: string }[]>`
      INSERT INTO cases (type, customer_id, session_id, maker_id, payload_enc, summary, required_level, policy_version, policy_rules, idempotency_key, created_at)
      VALUES ('change_mobile', ${s.customer.id}, ${s.sessionId}, ${teller.id}, ${encryptPii(JSON.stringify({ kind: 'change_mobile', old: '', new: '', reason: null }))}, '{}'::jsonb, 1, ${approvalVersion}, '{}'::text[], ${randomUUID()}, ${at(400_900)})
      RETURNING id`;
    await addSessionEvent(db, s.sessionId, teller.id, 'case.submitted', { case: seeded!.id, type: 'change_mobile', ladder: 'change_mobile', ladderPolicy: (await currentLadderPolicy()).version, verification: null });
    expect((await autoAnswers(s.sessionId)).verification_before_request).toEqual({ value: 'yes', detail: '' });
  });

  it('no business: the verification is N/A; no customer: the confirmation too; still open: not closed with an outcome', async () => {
    expect(await autoAnswers(await endedSession(teller.id))).toEqual({
      verification_before_request: { value: 'na', detail: '' },
      confirmation_done: { value: 'no', detail: '' },
      supplement_after_rejection: { value: 'na', detail: '' },
      closed_with_outcome: { value: 'yes', detail: 'resolved' },
    });
    const empty = await startSession(teller.id);
    expect(await autoAnswers(empty)).toMatchObject({ verification_before_request: { value: 'na' }, confirmation_done: { value: 'na' }, closed_with_outcome: { value: 'no', detail: '' } });
    await endSession(empty, teller.id, 'dropped', null);
    expect(await autoAnswers(empty)).toMatchObject({ closed_with_outcome: { value: 'yes', detail: 'dropped' } });
  });
});
