import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { drawReinspections, listRectifications } from '@/lib/qc/feedback';
import { currentScorecards } from '@/lib/qc/scorecards';
import { expectRefusedAs as expectRefused, runAs as run } from './actions';
import { endedSession, makeUser, type TestUser } from './factories';
import { auditSince, maxAuditSeq, pgFailure } from './helpers';

// After the score (反馈与整改), with the default scorecard (通用服务质检表): greeting 10, identity_statement 5,
// verification_before_request 20 (critical), confirmation 10, data_accuracy 15 (points of 5), supplement_followed 5,
// completeness 5, risk_disclosure 10, attitude 10 (points of 5), closed_with_outcome 5, closing_words 5. A failed item
// is a finding: critical if the item is, high from weight 15, medium from 10, low below; high and critical ones open a
// rectification. Every session here is an ended one of this file's teller with its customer identified, never
// confirmed, and no business: the record answers the verification N/A and the confirmation "no".

const DAY = 86_400_000;
const BEIJING = 8 * 3_600_000;
const DATA_ACCURACY_GUIDANCE = '姓名、证件、金额、账号等要素与客户陈述一致。5 分为完全准确。';

let teller: TestUser;
let otherTeller: TestUser;
let inspector: TestUser;
let colleague: TestUser;
let supervisor: TestUser;

beforeAll(async () => {
  [teller, otherTeller, inspector, colleague, supervisor] = await Promise.all([makeUser('teller'), makeUser('teller'), makeUser('qc'), makeUser('qc'), makeUser('supervisor')]);
});

/** Every item rated as the record answers, and met: applicable 75 (verification and supplement N/A), earned 65 -> 87. */
function rated(sessionId: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    sessionId, r_greeting: 'yes', r_identity_statement: 'yes', r_verification_before_request: 'na', r_confirmation: 'no', r_data_accuracy: '5', r_supplement_followed: 'na',
    r_completeness: 'yes', r_risk_disclosure: 'yes', r_attitude: '5', r_closed_with_outcome: 'yes', r_closing_words: 'yes', ...over,
  };
}

/** A new ended session of the teller, inspected and submitted by the inspector with these ratings. */
async function submitted(over: Record<string, string> = {}): Promise<{ sessionId: string; inspectionId: string; score: number }> {
  const sessionId = await endedSession(teller.id);
  const r = await run(inspector, 'inspection.submit', rated(sessionId, over));
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  const { id, score } = (r as { data: { id: string; score: number } }).data;
  return { sessionId, inspectionId: id, score };
}

async function disputed(inspectionId: string, items: string[], explanation = '录音中已按规范操作，请复核'): Promise<string> {
  const r = await run(teller, 'inspection.dispute', { inspectionId, explanation, ...Object.fromEntries(items.map((k) => [`d_${k}`, 'on'])) });
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  return (r as { data: { id: string } }).data.id;
}

const findingsOf = (inspectionId: string) => sql<{ item_key: string; severity: string }[]>`SELECT item_key, severity FROM qc_findings WHERE inspection_id = ${inspectionId} ORDER BY item_key`;
const rectificationsOf = (inspectionId: string) => sql<{ id: string; item_key: string; teller_id: string; due_date: string; coaching_note: string; status: string }[]>`
  SELECT r.id, f.item_key, r.teller_id, r.due_date, r.coaching_note, r.status FROM rectifications r JOIN qc_findings f ON f.id = r.finding_id
  WHERE f.inspection_id = ${inspectionId} ORDER BY f.item_key`;

/** The Beijing date `n` working days (Monday to Friday) after the Beijing date of `atMs`, counted day by day. */
function workingDaysLater(atMs: number, n: number): string {
  const day = new Date(atMs + BEIJING);
  day.setUTCHours(0, 0, 0, 0);
  for (let left = n; left > 0; ) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) left--;
  }
  return day.toISOString().slice(0, 10);
}

describe('a submission opens the feedback', () => {
  it('a dispute window to the end of the 5th working day, a finding per failed item, a rectification per serious one', async () => {
    // Greeting, confirmation (as recorded), completeness and closing words missed, no accuracy points (with the
    // inspector's note on it), attitude 3/5 — a lower mark, not a failed item.
    const note = '客户手机号录入错一位，未复述核对';
    const { inspectionId } = await submitted({ r_greeting: 'no', r_data_accuracy: '0', c_data_accuracy: note, r_completeness: 'no', r_attitude: '3', r_closing_words: 'no', comment: '整体需加强' });
    const [row] = await sql<{ submitted_ms: number; until_ms: number }[]>`
      SELECT (extract(epoch FROM submitted_at) * 1000)::float8 AS submitted_ms, (extract(epoch FROM dispute_until) * 1000)::float8 AS until_ms FROM inspections WHERE id = ${inspectionId}`;
    // 23:59:59.999 Beijing time on the 5th working day after the day of submission.
    expect(row!.until_ms).toBe(Date.parse(`${workingDaysLater(row!.submitted_ms, 5)}T23:59:59.999+08:00`));
    expect(row!.until_ms - row!.submitted_ms).toBeGreaterThan(5 * DAY);

    expect(await findingsOf(inspectionId)).toEqual([
      { item_key: 'closing_words', severity: 'low' },
      { item_key: 'completeness', severity: 'low' },
      { item_key: 'confirmation', severity: 'medium' },
      { item_key: 'data_accuracy', severity: 'high' },
      { item_key: 'greeting', severity: 'medium' },
    ]);
    // Only the high one asks for rectification: due in 10 working days, the inspector's note on the item as coaching.
    expect(await rectificationsOf(inspectionId)).toEqual([
      { id: expect.any(String), item_key: 'data_accuracy', teller_id: teller.id, due_date: workingDaysLater(row!.submitted_ms, 10), coaching_note: note, status: 'open' },
    ]);
    // Append-only.
    expect(await pgFailure(() => sql`UPDATE qc_findings SET severity = 'low' WHERE inspection_id = ${inspectionId}`)).toMatchObject({ message: expect.stringMatching(/append-only: UPDATE/) });
    expect(await pgFailure(() => sql`DELETE FROM qc_findings WHERE inspection_id = ${inspectionId}`)).toMatchObject({ message: expect.stringMatching(/append-only: DELETE/) });
  });

  it('a failed critical item is a critical finding; the coaching note falls back to the inspection’s comment, then the item’s guidance', async () => {
    const critical = await submitted({
      r_verification_before_request: 'no', o_verification_before_request: '录音 0:40 处受理业务前未核验身份', c_verification_before_request: '未完成身份验证即受理业务',
      r_data_accuracy: '0', comment: '请复习要素录入规范',
    });
    expect(critical.score).toBe(0);
    expect(await findingsOf(critical.inspectionId)).toEqual([
      { item_key: 'confirmation', severity: 'medium' },
      { item_key: 'data_accuracy', severity: 'high' },
      { item_key: 'verification_before_request', severity: 'critical' },
    ]);
    expect((await rectificationsOf(critical.inspectionId)).map((r) => [r.item_key, r.coaching_note])).toEqual([
      ['data_accuracy', '请复习要素录入规范'],
      ['verification_before_request', '未完成身份验证即受理业务'],
    ]);
    const bare = await submitted({ r_data_accuracy: '0' });
    expect((await rectificationsOf(bare.inspectionId)).map((r) => [r.item_key, r.coaching_note])).toEqual([['data_accuracy', DATA_ACCURACY_GUIDANCE]]);
  });
});

describe('the teller acknowledges an inspection', () => {
  it('only the session’s teller, once; the database keeps the acknowledgement and everything else of the inspection', async () => {
    const { inspectionId } = await submitted();
    await expectRefused(otherTeller, 'inspection.acknowledge', { inspectionId }, 'errors.notFound', {}, 'denied');
    const seq = await maxAuditSeq();
    expect(await run(teller, 'inspection.acknowledge', { inspectionId })).toEqual({ ok: true, data: undefined, message: 'quality.acknowledged' });
    expect(await sql`SELECT acknowledged_at IS NOT NULL AS acknowledged FROM inspections WHERE id = ${inspectionId}`).toEqual([{ acknowledged: true }]);
    expect(await auditSince(seq)).toMatchObject([{ action: 'inspection.acknowledge', outcome: 'ok', actor_id: teller.id, entity_id: inspectionId }]);
    await expectRefused(teller, 'inspection.acknowledge', { inspectionId }, 'errors.qc.alreadyAcknowledged');

    expect(await pgFailure(() => sql`UPDATE inspections SET acknowledged_at = now() + interval '1 day' WHERE id = ${inspectionId}`)).toMatchObject({ code: '23514', message: expect.stringMatching(/already acknowledged/) });
    expect(await pgFailure(() => sql`UPDATE inspections SET acknowledged_at = NULL WHERE id = ${inspectionId}`)).toMatchObject({ message: expect.stringMatching(/already acknowledged/) });
    expect(await pgFailure(() => sql`UPDATE inspections SET comment = '补充意见' WHERE id = ${inspectionId}`)).toMatchObject({ message: expect.stringMatching(/already submitted/) });
    expect(await pgFailure(() => sql`UPDATE inspections SET dispute_until = dispute_until + interval '30 days' WHERE id = ${inspectionId}`)).toMatchObject({ message: expect.stringMatching(/already submitted/) });
  });
});

describe('the teller disputes items', () => {
  it('only their own inspection, naming items of its scorecard, with an explanation; once', async () => {
    const { inspectionId, score } = await submitted({ r_greeting: 'no' });
    const explanation = '录音 0:05 处已规范问候并报工号';
    await expectRefused(otherTeller, 'inspection.dispute', { inspectionId, explanation, d_greeting: 'on' }, 'errors.notFound', {}, 'denied');
    await expectRefused(teller, 'inspection.dispute', { inspectionId, explanation }, 'errors.qc.disputeItems', { items: ['errors.qc.disputeItems'] });
    await expectRefused(teller, 'inspection.dispute', { inspectionId, explanation, d_greeting: 'on', d_smile: 'on' }, 'errors.qc.disputeItems', { items: ['errors.qc.disputeItems'] });
    await expectRefused(teller, 'inspection.dispute', { inspectionId, explanation: '  ', d_greeting: 'on' }, 'errors.checkFields', { explanation: ['errors.qc.disputeExplanation'] });
    await expectRefused(teller, 'inspection.dispute', { inspectionId, d_greeting: 'on' }, 'errors.checkFields', { explanation: ['errors.invalid'] });

    const seq = await maxAuditSeq();
    // An unticked box ('') is not an item disputed.
    const r = await run(teller, 'inspection.dispute', { inspectionId, explanation: `  ${explanation} `, d_greeting: 'on', d_attitude: '' });
    expect(r).toEqual({ ok: true, data: { id: expect.any(String) }, message: 'quality.disputed' });
    const { id } = (r as { data: { id: string } }).data;
    expect(await sql`SELECT id, teller_id, items, explanation, status, score_before, score_after, resolver_id FROM inspection_disputes WHERE inspection_id = ${inspectionId}`).toEqual([
      { id, teller_id: teller.id, items: ['greeting'], explanation, status: 'open', score_before: score, score_after: null, resolver_id: null },
    ]);
    expect(await auditSince(seq)).toMatchObject([{ action: 'inspection.dispute', outcome: 'ok', actor_id: teller.id, entity_id: id, details: { inspection: inspectionId, items: ['greeting'] } }]);
    await expectRefused(teller, 'inspection.dispute', { inspectionId, explanation, d_attitude: 'on' }, 'errors.qc.alreadyDisputed');
    expect(await pgFailure(() => sql`DELETE FROM inspection_disputes WHERE id = ${id}`)).toMatchObject({ message: expect.stringMatching(/cannot be deleted/) });
  });

  it('not after its window, through the action or in the database; nor by anyone but the session’s teller', async () => {
    // Seeded directly: an inspection submitted eight days ago whose window closed a minute ago.
    const sessionId = await endedSession(teller.id);
    const scorecard = (await currentScorecards()).find((s) => s.name === '通用服务质检表')!;
    const [row] = await sql<{ id: string }[]>`
      INSERT INTO inspections (session_id, inspector_id, scorecard, template_id, template_version, ratings, score, status, submitted_at, dispute_until)
      VALUES (${sessionId}, ${inspector.id}, ${`${scorecard.templateId}@${scorecard.version}`}, ${scorecard.templateId}, ${scorecard.version}, '{}'::jsonb, 87, 'submitted', now() - interval '8 days', now() - interval '1 minute')
      RETURNING id`;
    const closed = row!.id;
    await expectRefused(teller, 'inspection.dispute', { inspectionId: closed, explanation: '录音中已规范问候', d_greeting: 'on' }, 'errors.qc.disputeWindowClosed');
    const file = (inspectionId: string, tellerId: string) =>
      sql`INSERT INTO inspection_disputes (inspection_id, teller_id, items, explanation, score_before) VALUES (${inspectionId}, ${tellerId}, '{greeting}', '录音中已规范问候', 87)`;
    expect(await pgFailure(() => file(closed, teller.id))).toMatchObject({ code: '23514', message: expect.stringMatching(/dispute window .* has closed/) });
    const open = await submitted();
    expect(await pgFailure(() => file(open.inspectionId, otherTeller.id))).toMatchObject({ code: '23514', message: expect.stringMatching(/only the session's teller/) });
    expect(await sql`SELECT id FROM inspection_disputes WHERE inspection_id IN (${closed}, ${open.inspectionId})`).toEqual([]);
  });
});

describe('a dispute is resolved by someone other than the inspector', () => {
  it('partially: only the accepted items are re-rated and the score is computed again; the overturned finding’s rectification is withdrawn', async () => {
    // Greeting missed, no accuracy points, attitude 3/5, the confirmation as recorded. Applicable 75; earned
    // 0 + 5 + 0 + 0 + 5 + 10 + 6 + 5 + 5 = 36 -> 48.
    const { inspectionId, score } = await submitted({ r_greeting: 'no', r_data_accuracy: '0', c_data_accuracy: '证件号录入错误', r_attitude: '3' });
    expect(score).toBe(48);
    const [rectification] = await rectificationsOf(inspectionId);
    const disputeId = await disputed(inspectionId, ['greeting', 'data_accuracy', 'attitude']);
    const note = '复核录音：问候规范，录入仅一处笔误；态度评分维持';
    const resolve = (over: Record<string, string> = {}) => ({ disputeId, resolution: 'partial', note, r_greeting: 'yes', r_data_accuracy: '4', r_attitude: '', ...over });

    // Not the inspector (nor a teller: wrong role), and the database refuses them as resolvers too.
    await expectRefused(inspector, 'dispute.resolve', resolve(), 'errors.qc.ownInspection', {}, 'denied');
    await expectRefused(teller, 'dispute.resolve', resolve(), 'errors.forbidden', {}, 'denied');
    for (const who of [inspector, teller]) {
      expect(await pgFailure(() => sql`UPDATE inspection_disputes SET status = 'rejected', resolver_id = ${who.id}, resolution_note = '维持原评分', score_after = score_before, resolved_at = now() WHERE id = ${disputeId}`)).toMatchObject({
        code: '23514',
        message: expect.stringMatching(/resolved by a QC member other than the inspector/),
      });
    }
    // A re-rating must differ from the original and be on the item's scale; a partial acceptance leaves some item out.
    await expectRefused(colleague, 'dispute.resolve', resolve({ r_greeting: 'no' }), 'errors.qc.incomplete', { r_greeting: ['errors.qc.sameRating'] });
    await expectRefused(colleague, 'dispute.resolve', resolve({ r_greeting: 'na', r_data_accuracy: '6' }), 'errors.qc.incomplete', { r_greeting: ['errors.qc.outOfScale'], r_data_accuracy: ['errors.qc.outOfScale'] });
    await expectRefused(colleague, 'dispute.resolve', resolve({ r_attitude: '4' }), 'errors.qc.partialItems', { resolution: ['errors.qc.partialItems'] });
    // Upholding re-rates in the teller's favour only (accuracy 0 → 0 is the same; attitude 3 → 2 would be against them).
    await expectRefused(colleague, 'dispute.resolve', { ...resolve(), r_attitude: '2', r_data_accuracy: '' }, 'errors.qc.incomplete', { r_attitude: ['errors.qc.notBetter'] });
    // Nobody who took part in the session resolves its dispute either (here: a supervisor on its timeline).
    const involved = await makeUser('supervisor');
    await sql`INSERT INTO session_events (session_id, actor_id, kind, data) SELECT session_id, ${involved.id}, 'note.added', '{}'::jsonb FROM inspections WHERE id = ${inspectionId}`;
    await expectRefused(involved, 'dispute.resolve', resolve(), 'errors.qc.ownInspection', {}, 'denied');
    await expectRefused(colleague, 'dispute.resolve', resolve({ note: ' ' }), 'errors.checkFields', { note: ['errors.qc.resolutionNote'] });

    const seq = await maxAuditSeq();
    // Closing words were not disputed: a value sent for them is ignored. Greeting now met (10) and accuracy 4/5 (12):
    // earned 36 + 10 + 12 = 58 of 75 -> 77.
    const r = await run(colleague, 'dispute.resolve', resolve({ r_closing_words: 'no' }));
    expect(r).toEqual({ ok: true, data: { scoreBefore: 48, scoreAfter: 77, inspectionId }, message: 'quality.resolved', messageValues: { before: 48, after: 77 } });
    expect(await sql`SELECT status, resolver_id, resolution_note, accepted_items, score_before, score_after, resolved_at IS NOT NULL AS resolved FROM inspection_disputes WHERE id = ${disputeId}`).toEqual([
      { status: 'partial', resolver_id: colleague.id, resolution_note: note, accepted_items: ['greeting', 'data_accuracy'], score_before: 48, score_after: 77, resolved: true },
    ]);
    expect(await auditSince(seq)).toMatchObject([{ action: 'dispute.resolve', outcome: 'ok', actor_id: colleague.id, entity_id: disputeId, details: { resolution: 'partial', inspection: inspectionId, scoreBefore: 48, scoreAfter: 77 } }]);
    // The submitted score and ratings stay; the final ones differ in the accepted items only.
    const [row] = await sql<{ score: number; ratings: Record<string, object>; final_score: number; final_critical_failure: boolean; final_ratings: object }[]>`
      SELECT score, ratings, final_score, final_critical_failure, final_ratings FROM inspections WHERE id = ${inspectionId}`;
    expect(row).toMatchObject({ score: 48, final_score: 77, final_critical_failure: false });
    expect(row!.ratings).toMatchObject({ greeting: { value: 'no' }, data_accuracy: { value: 0 } });
    expect(row!.final_ratings).toEqual({ ...row!.ratings, greeting: { value: 'yes' }, data_accuracy: { value: 4, comment: '证件号录入错误' } });
    expect(await sql`SELECT status FROM rectifications WHERE id = ${rectification!.id}`).toEqual([{ status: 'withdrawn' }]);

    // Final: not again, not by SQL, and no other final score.
    await expectRefused(supervisor, 'dispute.resolve', { disputeId, resolution: 'rejected', note: '再次复核' }, 'errors.qc.disputeResolved');
    expect(await pgFailure(() => sql`UPDATE inspection_disputes SET resolution_note = '改写' WHERE id = ${disputeId}`)).toMatchObject({ message: expect.stringMatching(/already resolved/) });
    expect(await pgFailure(() => sql`UPDATE inspections SET final_score = 100 WHERE id = ${inspectionId}`)).toMatchObject({ code: '23514', message: expect.stringMatching(/final score only by a resolved dispute/) });
    // A withdrawn rectification is closed.
    expect(await pgFailure(() => sql`UPDATE rectifications SET status = 'open' WHERE id = ${rectification!.id}`)).toMatchObject({ message: expect.stringMatching(/is closed/) });
  });

  it('fully, by a supervisor: a critical failure overturned, its rectification withdrawn', async () => {
    const { inspectionId, score } = await submitted({ r_verification_before_request: 'no', o_verification_before_request: '受理前未核验', c_verification_before_request: '未完成身份验证即受理业务' });
    expect(score).toBe(0);
    const [rectification] = await rectificationsOf(inspectionId);
    expect(rectification).toMatchObject({ item_key: 'verification_before_request', status: 'open' });
    const disputeId = await disputed(inspectionId, ['verification_before_request'], '本次会话未办理任何业务，无需验证');
    // Verification met: applicable 95, earned 85 (only the confirmation missed) -> 89.5 -> 89, no longer critical.
    expect(await run(supervisor, 'dispute.resolve', { disputeId, resolution: 'accepted', note: '复核属实，改为符合', r_verification_before_request: 'yes' })).toMatchObject({ ok: true, data: { scoreBefore: 0, scoreAfter: 89 } });
    expect(await sql`SELECT status, resolver_id, accepted_items FROM inspection_disputes WHERE id = ${disputeId}`).toEqual([{ status: 'accepted', resolver_id: supervisor.id, accepted_items: ['verification_before_request'] }]);
    expect(await sql`SELECT score, critical_failure, final_score, final_critical_failure FROM inspections WHERE id = ${inspectionId}`).toEqual([{ score: 0, critical_failure: true, final_score: 89, final_critical_failure: false }]);
    expect(await sql`SELECT status FROM rectifications WHERE id = ${rectification!.id}`).toEqual([{ status: 'withdrawn' }]);
  });

  it('rejected: a note is required and the score stands; a final score needs a dispute that gave it', async () => {
    // Greeting missed: earned 55 of 75 -> 73.
    const { inspectionId, score } = await submitted({ r_greeting: 'no' });
    expect(score).toBe(73);
    const disputeId = await disputed(inspectionId, ['greeting']);
    await expectRefused(colleague, 'dispute.resolve', { disputeId, resolution: 'rejected' }, 'errors.checkFields', { note: ['errors.invalid'] });
    await expectRefused(colleague, 'dispute.resolve', { disputeId, resolution: 'dismissed', note: '维持' }, 'errors.checkFields', { resolution: ['errors.qc.resolution'] });
    expect(await run(colleague, 'dispute.resolve', { disputeId, resolution: 'rejected', note: '录音中未报工号，维持原评分', r_greeting: 'yes' })).toMatchObject({ ok: true, data: { scoreBefore: 73, scoreAfter: 73 } });
    expect(await sql`SELECT status, accepted_items, score_after FROM inspection_disputes WHERE id = ${disputeId}`).toEqual([{ status: 'rejected', accepted_items: [], score_after: 73 }]);
    expect(await sql`SELECT score, final_score, final_ratings FROM inspections WHERE id = ${inspectionId}`).toEqual([{ score: 73, final_score: null, final_ratings: null }]);
    // Neither a rejected dispute nor none at all lets a final score be written.
    const undisputed = await submitted();
    for (const id of [inspectionId, undisputed.inspectionId]) {
      expect(await pgFailure(() => sql`UPDATE inspections SET final_score = 73, final_critical_failure = false WHERE id = ${id}`)).toMatchObject({ message: expect.stringMatching(/final score only by a resolved dispute/) });
    }
  });
});

describe('a rectification', () => {
  it('is answered by its teller and verified or sent back by a QC member, as the database holds too', async () => {
    const { inspectionId } = await submitted({ r_data_accuracy: '0', c_data_accuracy: '金额要素录入错误' });
    const [rectification] = await rectificationsOf(inspectionId);
    const id = rectification!.id;
    const read = () => sql`SELECT status, response, responded_at IS NOT NULL AS responded, verified_by, verified_at IS NOT NULL AS verified, verification_note FROM rectifications WHERE id = ${id}`;
    const response = '已逐项复核录入要素，今后复述金额并取得客户确认';

    await expectRefused(otherTeller, 'rectification.respond', { rectificationId: id, response }, 'errors.notFound', {}, 'denied');
    await expectRefused(teller, 'rectification.respond', { rectificationId: id, response: '好' }, 'errors.checkFields', { response: ['errors.qc.responseRequired'] });
    await expectRefused(inspector, 'rectification.verify', { rectificationId: id, outcome: 'verified' }, 'errors.qc.rectificationState');
    expect(await run(teller, 'rectification.respond', { rectificationId: id, response })).toMatchObject({ ok: true, message: 'quality.responded' });
    expect(await read()).toEqual([{ status: 'answered', response, responded: true, verified_by: null, verified: false, verification_note: null }]);
    await expectRefused(teller, 'rectification.respond', { rectificationId: id, response }, 'errors.qc.rectificationState');

    // Sent back, with its reason; answered again.
    await expectRefused(colleague, 'rectification.verify', { rectificationId: id, outcome: 'reopened', note: ' ' }, 'errors.checkFields', { note: ['errors.qc.reopenNote'] });
    expect(await run(colleague, 'rectification.verify', { rectificationId: id, outcome: 'reopened', note: '请说明具体改进措施' })).toMatchObject({ ok: true, message: 'quality.reopened' });
    expect(await read()).toMatchObject([{ status: 'reopened', verification_note: '请说明具体改进措施' }]);
    expect(await run(teller, 'rectification.respond', { rectificationId: id, response: `${response}；每笔业务提交前二次核对` })).toMatchObject({ ok: true });

    // A supervisor may not verify; in the database, neither the teller nor anyone but an active QC member.
    await expectRefused(supervisor, 'rectification.verify', { rectificationId: id, outcome: 'verified' }, 'errors.forbidden', {}, 'denied');
    for (const who of [teller, supervisor]) {
      expect(await pgFailure(() => sql`UPDATE rectifications SET status = 'verified', verified_by = ${who.id}, verified_at = now() WHERE id = ${id}`)).toMatchObject({ code: '23514', message: expect.stringMatching(/verified by a QC member/) });
    }
    expect(await pgFailure(() => sql`UPDATE rectifications SET coaching_note = '改写' WHERE id = ${id}`)).toMatchObject({ message: expect.stringMatching(/cannot be altered/) });
    // Only along its steps: an answered one goes back to open by no path; one is born open, for the session's teller.
    expect(await pgFailure(() => sql`UPDATE rectifications SET status = 'open' WHERE id = ${id}`)).toMatchObject({ code: '23514', message: expect.stringMatching(/cannot go from answered to open/) });
    expect(
      await pgFailure(() => sql`INSERT INTO rectifications (finding_id, teller_id, due_date, coaching_note) SELECT finding_id, ${otherTeller.id}, due_date, coaching_note FROM rectifications WHERE id = ${id}`),
    ).toMatchObject({ code: '23514', message: expect.stringMatching(/born open, for the teller/) });

    const seq = await maxAuditSeq();
    expect(await run(inspector, 'rectification.verify', { rectificationId: id, outcome: 'verified' })).toMatchObject({ ok: true, message: 'quality.verified' });
    expect(await read()).toEqual([{ status: 'verified', response: `${response}；每笔业务提交前二次核对`, responded: true, verified_by: inspector.id, verified: true, verification_note: null }]);
    expect(await auditSince(seq)).toMatchObject([{ action: 'rectification.verify', outcome: 'ok', actor_id: inspector.id, entity_id: id, details: { outcome: 'verified' } }]);
    // Final.
    await expectRefused(colleague, 'rectification.verify', { rectificationId: id, outcome: 'reopened', note: '再看看' }, 'errors.qc.rectificationState');
    expect(await pgFailure(() => sql`UPDATE rectifications SET verification_note = '补充' WHERE id = ${id}`)).toMatchObject({ message: expect.stringMatching(/is closed/) });
    expect(await pgFailure(() => sql`DELETE FROM rectifications WHERE id = ${id}`)).toMatchObject({ message: expect.stringMatching(/cannot be deleted/) });
  });

  it('is verified by re-inspection: the teller’s next session is drawn for the inspector who asked; its rating of the item decides', async () => {
    const answered = async (over: Record<string, string>, item: string) => {
      const { inspectionId } = await submitted(over);
      const r = (await rectificationsOf(inspectionId)).find((x) => x.item_key === item)!;
      expect(await run(teller, 'rectification.respond', { rectificationId: r.id, response: '已复习规范，今后逐项复述并核对' })).toMatchObject({ ok: true });
      return r.id;
    };
    const read = (id: string) => sql`SELECT status, reinspect_requested_by, reinspect_session_id, reinspect_inspection_id, reinspect_result, verified_by FROM rectifications WHERE id = ${id}`;
    const assignment = (sessionId: string) => sql`SELECT inspector_id, reason, draw_id FROM qc_assignments WHERE session_id = ${sessionId}`;

    // Passed: asked by the colleague, the teller's next session goes to the colleague, who finds the item met.
    const passing = await answered({ r_data_accuracy: '0' }, 'data_accuracy');
    const seq = await maxAuditSeq();
    expect(await run(colleague, 'rectification.verify', { rectificationId: passing, outcome: 'reinspect' })).toMatchObject({ ok: true, message: 'quality.reinspecting' });
    expect(await auditSince(seq)).toMatchObject([{ action: 'rectification.verify', outcome: 'ok', actor_id: colleague.id, entity_id: passing, details: { outcome: 'reinspect' } }]);
    expect(await read(passing)).toEqual([{ status: 'reinspecting', reinspect_requested_by: colleague.id, reinspect_session_id: null, reinspect_inspection_id: null, reinspect_result: null, verified_by: null }]);
    expect((await listRectifications({ status: ['reinspecting'] })).map((r) => r.id)).toContain(passing);
    const next = await endedSession(teller.id);
    expect(await drawReinspections()).toBeGreaterThanOrEqual(1);
    expect(await read(passing)).toMatchObject([{ status: 'reinspecting', reinspect_session_id: next }]);
    expect(await assignment(next)).toEqual([{ inspector_id: colleague.id, reason: 'reinspection', draw_id: null }]);
    await expectRefused(inspector, 'inspection.submit', rated(next), 'errors.qc.assignedToOther', {}, 'denied');
    const r = await run(colleague, 'inspection.submit', rated(next, { r_data_accuracy: '5' }));
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    const reinspection = (r as { data: { id: string } }).data.id;
    expect(await read(passing)).toEqual([{ status: 'verified', reinspect_requested_by: colleague.id, reinspect_session_id: next, reinspect_inspection_id: reinspection, reinspect_result: 'passed', verified_by: colleague.id }]);

    // Failed: the item is still not met in the later session; the rectification is the teller's again.
    const failing = await answered({ r_data_accuracy: '0' }, 'data_accuracy');
    expect(await run(inspector, 'rectification.verify', { rectificationId: failing, outcome: 'reinspect', note: '下一通会话复检' })).toMatchObject({ ok: true });
    const later = await endedSession(teller.id);
    await drawReinspections();
    expect(await assignment(later)).toMatchObject([{ inspector_id: inspector.id, reason: 'reinspection' }]);
    expect(await run(inspector, 'inspection.submit', rated(later, { r_data_accuracy: '0' }))).toMatchObject({ ok: true });
    expect(await read(failing)).toMatchObject([{ status: 'reopened', reinspect_session_id: later, reinspect_result: 'failed', verified_by: null }]);
    expect((await listRectifications({ tellerId: teller.id, status: ['reopened'] })).find((x) => x.id === failing)).toMatchObject({ reinspectResult: 'failed' });

    // Not applicable in the later session: the one after it is drawn instead.
    const critical = await answered({ r_verification_before_request: 'no', o_verification_before_request: '受理业务前未核验身份', c_verification_before_request: '未完成身份验证即受理业务' }, 'verification_before_request');
    expect(await run(inspector, 'rectification.verify', { rectificationId: critical, outcome: 'reinspect' })).toMatchObject({ ok: true });
    const without = await endedSession(teller.id);
    await drawReinspections();
    expect(await run(inspector, 'inspection.submit', rated(without))).toMatchObject({ ok: true });
    expect(await read(critical)).toMatchObject([{ status: 'reinspecting', reinspect_session_id: null }]);
    const after = await endedSession(teller.id);
    await drawReinspections();
    expect(await read(critical)).toMatchObject([{ status: 'reinspecting', reinspect_session_id: after }]);

    // The database holds the shape: re-inspecting names who asked and since when; the session is a later one of the teller.
    const elsewhere = await endedSession(otherTeller.id);
    expect(await pgFailure(() => sql`UPDATE rectifications SET reinspect_session_id = ${elsewhere} WHERE id = ${critical}`)).toMatchObject({ code: '23514', message: expect.stringMatching(/later session of the same teller/) });
    expect(await pgFailure(() => sql`UPDATE rectifications SET reinspect_requested_by = NULL WHERE id = ${critical}`)).toMatchObject({ code: '23514', constraint: 'rectifications_reinspect_shape' });
    await expectRefused(inspector, 'rectification.verify', { rectificationId: critical, outcome: 'verified' }, 'errors.qc.rectificationState');
  });

  it('past its due date and not answered, it is listed as overdue', async () => {
    // A finding of this test's own on a fresh inspection, its rectification seeded due long ago; the inspection's own
    // rectification is due in ten working days.
    const { inspectionId } = await submitted({ r_data_accuracy: '0' });
    const [current] = await rectificationsOf(inspectionId);
    const [finding] = await sql<{ id: string }[]>`INSERT INTO qc_findings (inspection_id, item_key, severity) VALUES (${inspectionId}, 'attitude', 'high') RETURNING id`;
    const [late] = await sql<{ id: string }[]>`INSERT INTO rectifications (finding_id, teller_id, due_date, coaching_note) VALUES (${finding!.id}, ${teller.id}, '2020-01-06', '注意服务用语') RETURNING id`;

    const overdue = await listRectifications({ overdue: true });
    expect(overdue.map((r) => r.id)).toContain(late!.id);
    expect(overdue.map((r) => r.id)).not.toContain(current!.id);
    expect(await listRectifications({ tellerId: teller.id, overdue: true })).toEqual([expect.objectContaining({ id: late!.id, status: 'open', dueDate: '2020-01-06', itemKey: 'attitude', severity: 'high', inspectionId })]);
    // Answered, it no longer is.
    expect(await run(teller, 'rectification.respond', { rectificationId: late!.id, response: '已学习规范服务用语' })).toMatchObject({ ok: true });
    expect((await listRectifications({ overdue: true })).map((r) => r.id)).not.toContain(late!.id);
  });
});
