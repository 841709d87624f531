import { beforeAll, describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { listTellerScores } from '@/db/queries/inspections';
import { addSessionEvent } from '@/db/queries/service-sessions';
import { krippendorffAlphaInterval } from '@/lib/qc/agreement';
import { roundView } from '@/lib/qc/calibration';
import { currentScorecards, type PublishedScorecard } from '@/lib/qc/scorecards';
import { expectRefusedAs as expectRefused, runAs as run } from './actions';
import { endedSession, makeStaff, makeUser, sessionWithCustomer, uniqueName, type TestUser } from './factories';
import { auditSince, maxAuditSeq, pgFailure } from './helpers';

// Calibration rounds (质检校准) on the default scorecard (通用服务质检表): greeting 10, identity_statement 5,
// verification_before_request 20 (critical, automatic, N/A allowed), confirmation 10 (automatic, N/A allowed),
// data_accuracy 15 (points of 5), supplement_followed 5 (automatic, N/A allowed), completeness 5, risk_disclosure 10
// (N/A allowed), attitude 10 (points of 5), closed_with_outcome 5 (automatic), closing_words 5. Every session here is an
// ended one of this file's teller with its customer identified, never confirmed, and no business: the record answers
// the verification N/A, the confirmation "no", the supplement N/A and closed with an outcome "yes". With those and
// the risk disclosure applicable, 75 of the 100 apply; all met but the confirmation, 65 are earned.

const DEFAULT = '通用服务质检表';

let teller: TestUser;
let scorecard: PublishedScorecard;

beforeAll(async () => {
  teller = await makeUser('teller');
  const found = (await currentScorecards()).find((s) => s.name === DEFAULT);
  if (!found) throw new Error('the default scorecard is not published');
  scorecard = found;
});

/** The create form as the screen posts it: a checkbox per chosen session (`s_<id>`) and member (`m_<id>`). */
function roundForm(sessionIds: string[], memberIds: string[], name = uniqueName('校准')): Record<string, string> {
  return {
    name,
    templateId: scorecard.templateId,
    ...Object.fromEntries(sessionIds.map((id) => [`s_${id}`, 'on'])),
    ...Object.fromEntries(memberIds.map((id) => [`m_${id}`, 'on'])),
  };
}

async function createdRound(creator: TestUser, sessionIds: string[], memberIds: string[]): Promise<string> {
  const r = await run(creator, 'calibration.create', roundForm(sessionIds, memberIds));
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  return (r as { data: { id: string } }).data.id;
}

/** Every item rated as the record answers, and met: applicable 75, earned 65 -> 86.7 -> 87. */
function rated(roundId: string, sessionId: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    roundId, sessionId, r_greeting: 'yes', r_identity_statement: 'yes', r_verification_before_request: 'na', r_confirmation: 'no', r_data_accuracy: '5', r_supplement_followed: 'na',
    r_completeness: 'yes', r_risk_disclosure: 'yes', r_attitude: '5', r_closed_with_outcome: 'yes', r_closing_words: 'yes', ...over,
  };
}

async function score(user: TestUser, payload: Record<string, string>): Promise<number> {
  const r = await run(user, 'calibration.score', payload);
  expect(r, JSON.stringify(r)).toMatchObject({ ok: true, message: 'calibration.scored' });
  return (r as { data: { score: number } }).data.score;
}

const storedScores = (roundId: string) =>
  sql<{ session_id: string; inspector_id: string; score: number; critical_failure: boolean; ratings: Record<string, unknown> }[]>`
    SELECT session_id, inspector_id, score, critical_failure, ratings FROM calibration_scores WHERE round_id = ${roundId}`;

/** What a viewer is shown of the scores: (session, inspector) pairs, sorted. */
async function visibleTo(roundId: string, viewer: TestUser) {
  const view = (await roundView(roundId, viewer.id))!;
  return { pairs: view.scores.map((s) => `${s.sessionId}/${s.inspectorId}`).sort(), reportVisible: view.reportVisible, report: view.report };
}
const pairs = (...p: [string, TestUser][]) => p.map(([s, u]) => `${s}/${u.id}`).sort();

describe('a round scored blind by three inspectors on two sessions', () => {
  // The tests of this block run in order on one round.
  let a: TestUser;
  let b: TestUser;
  let c: TestUser;
  let outsider: TestUser;
  let s1: string;
  let s2: string;
  let roundId: string;
  let name: string;

  beforeAll(async () => {
    [a, b, c, outsider] = await Promise.all([makeUser('qc'), makeUser('qc'), makeUser('qc'), makeUser('qc')]);
    s1 = await endedSession(teller.id);
    s2 = await endedSession(teller.id);
  });

  it('is created through the action on the current version of the scorecard, with its sessions and members', async () => {
    const seq = await maxAuditSeq();
    name = uniqueName('季度校准');
    const r = await run(a, 'calibration.create', roundForm([s1, s2], [a.id, b.id, c.id], `  ${name} `));
    expect(r).toEqual({ ok: true, data: { id: expect.any(String) }, message: 'calibration.created' });
    roundId = (r as { data: { id: string } }).data.id;
    expect(await sql`SELECT name, template_id, template_version, created_by, closed_at FROM calibration_rounds WHERE id = ${roundId}`).toEqual([
      { name, template_id: scorecard.templateId, template_version: scorecard.version, created_by: a.id, closed_at: null },
    ]);
    expect((await sql`SELECT session_id FROM calibration_sessions WHERE round_id = ${roundId}`).map((x) => x.session_id).sort()).toEqual([s1, s2].sort());
    expect((await sql`SELECT inspector_id FROM calibration_members WHERE round_id = ${roundId}`).map((x) => x.inspector_id).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(await auditSince(seq)).toMatchObject([{ action: 'calibration.create', outcome: 'ok', actor_id: a.id, entity_id: roundId, details: { sessions: 2, members: 3 } }]);
  });

  it('scores are computed on the server; a member sees only their own until they have scored every session', async () => {
    // Nothing scored: nobody sees anything, nor a report.
    for (const viewer of [a, b, c, outsider]) expect(await visibleTo(roundId, viewer)).toEqual({ pairs: [], reportVisible: false, report: undefined });

    // A, session 1: all met, whatever score the form sends: 65 / 75 = 86.7 -> 87.
    expect(await score(a, rated(roundId, s1, { score: '100' }))).toBe(87);
    expect(await visibleTo(roundId, a)).toEqual({ pairs: pairs([s1, a]), reportVisible: false, report: undefined });
    expect(await visibleTo(roundId, b)).toEqual({ pairs: [], reportVisible: false, report: undefined });
    expect(await visibleTo(roundId, outsider)).toEqual({ pairs: [], reportVisible: false, report: undefined });

    // B, session 1: attitude 4 of 5 (8 of its 10): 63 / 75 = 84. Session 2: greeting, completeness and closing words
    // missed, attitude 3 of 5 (6): 5 + 15 + 10 + 6 + 5 = 41 / 75 = 54.7 -> 55.
    expect(await score(b, rated(roundId, s1, { r_attitude: '4' }))).toBe(84);
    expect(await visibleTo(roundId, b)).toEqual({ pairs: pairs([s1, b]), reportVisible: false, report: undefined });
    expect(await score(b, rated(roundId, s2, { r_greeting: 'no', r_completeness: 'no', r_closing_words: 'no', r_attitude: '3' }))).toBe(55);
    // B has scored the whole round: everyone's scores so far, and the report; A and C are still blind.
    const early = await visibleTo(roundId, b);
    expect(early).toMatchObject({ pairs: pairs([s1, a], [s1, b], [s2, b]), reportVisible: true, report: expect.any(Object) });
    expect(await visibleTo(roundId, a)).toEqual({ pairs: pairs([s1, a]), reportVisible: false, report: undefined });

    // C, session 1: greeting missed: 55 / 75 = 73.3 -> 73.
    expect(await score(c, rated(roundId, s1, { r_greeting: 'no' }))).toBe(73);
    expect(await visibleTo(roundId, c)).toEqual({ pairs: pairs([s1, c]), reportVisible: false, report: undefined });

    // A, session 2: greeting, completeness and closing words missed: 5 + 15 + 10 + 10 + 5 = 45 / 75 = 60.
    expect(await score(a, rated(roundId, s2, { r_greeting: 'no', r_completeness: 'no', r_closing_words: 'no' }))).toBe(60);
    // C, session 2: as A, but the confirmation met against the record, with the reason: 45 + 10 = 55 / 75 = 73.3 -> 73.
    const reason = '录音 1:05 处客户已复述确认，系统未记录';
    expect(await score(c, rated(roundId, s2, { r_greeting: 'no', r_completeness: 'no', r_closing_words: 'no', r_confirmation: 'yes', o_confirmation: reason }))).toBe(73);

    const stored = await storedScores(roundId);
    expect(stored.map((x) => ({ session: x.session_id, inspector: x.inspector_id, score: x.score, critical: x.critical_failure })).sort((x, y) => `${x.session}${x.inspector}`.localeCompare(`${y.session}${y.inspector}`))).toEqual(
      [
        { session: s1, inspector: a.id, score: 87, critical: false },
        { session: s1, inspector: b.id, score: 84, critical: false },
        { session: s1, inspector: c.id, score: 73, critical: false },
        { session: s2, inspector: a.id, score: 60, critical: false },
        { session: s2, inspector: b.id, score: 55, critical: false },
        { session: s2, inspector: c.id, score: 73, critical: false },
      ].sort((x, y) => `${x.session}${x.inspector}`.localeCompare(`${y.session}${y.inspector}`)),
    );
    // The ratings kept as in an inspection: the automatic checks marked as the record answered them, the override with its reason.
    expect(stored.find((x) => x.session_id === s2 && x.inspector_id === c.id)!.ratings).toEqual({
      greeting: { value: 'no' },
      identity_statement: { value: 'yes' },
      verification_before_request: { value: 'na', fromRecord: true },
      confirmation: { value: 'yes', fromRecord: false, overrideReason: reason },
      data_accuracy: { value: 5 },
      supplement_followed: { value: 'na', fromRecord: true },
      completeness: { value: 'no' },
      risk_disclosure: { value: 'yes' },
      attitude: { value: 5 },
      closed_with_outcome: { value: 'yes', fromRecord: true },
      closing_words: { value: 'no' },
    });
    // Every member has now scored every session: all see all six; an inspector outside the round still sees nothing.
    const all = pairs([s1, a], [s1, b], [s1, c], [s2, a], [s2, b], [s2, c]);
    for (const viewer of [a, b, c]) expect(await visibleTo(roundId, viewer)).toMatchObject({ pairs: all, reportVisible: true });
    expect(await visibleTo(roundId, outsider)).toEqual({ pairs: [], reportVisible: false, report: undefined });
  });

  it('the report: alpha over the score matrix, each member’s deviation from the median, per-item agreement', async () => {
    //   session 1: A 87, B 84, C 73 — median 84
    //   session 2: A 60, B 55, C 73 — median 60
    // Mean absolute deviation from the session's median: A (3 + 0) / 2 = 1.5; B (0 + 5) / 2 = 2.5; C (11 + 13) / 2 = 12.
    // Krippendorff's alpha (interval), n = 6:
    //   within-unit Σ_{i≠j} (vi − vj)² / (m − 1): session 1 2 × (9 + 196 + 121) / 2 = 326; session 2 2 × (25 + 169 + 324) / 2 = 518
    //   Do = (326 + 518) / 6 = 140.667
    //   mean = 432 / 6 = 72; Σ (v − mean)² = 225 + 144 + 1 + 144 + 289 + 1 = 804; De = 2 × 804 / 5 = 321.6
    //   alpha = 1 − 140.667 / 321.6 = 1 − 1055 / 2412 = 1357 / 2412 = 0.5626
    // Agreement (share of sessions on which all three gave the same rating): attitude 0 (5/4/5, then 5/3/5); greeting
    // 0.5 (yes/yes/no, then all no); confirmation 0.5 (all "no", then no/no/yes); every other item 1.
    const report = (await roundView(roundId, a.id))!.report!;
    const stored = await storedScores(roundId);
    const matrix = [s1, s2].map((s) => [a, b, c].map((m) => stored.find((x) => x.session_id === s && x.inspector_id === m.id)!.score));
    expect(matrix).toEqual([
      [87, 84, 73],
      [60, 55, 73],
    ]);
    expect(report.alpha).toBeCloseTo(krippendorffAlphaInterval(matrix)!, 12);
    expect(report.alpha).toBeCloseTo(1357 / 2412, 12);
    expect(report.deviations).toEqual({ [a.id]: 1.5, [b.id]: 2.5, [c.id]: 12 });
    expect(report.medians).toEqual({ [s1]: 84, [s2]: 60 });
    expect(report.agreement).toEqual({
      greeting: 0.5,
      identity_statement: 1,
      verification_before_request: 1,
      confirmation: 0.5,
      data_accuracy: 1,
      supplement_followed: 1,
      completeness: 1,
      risk_disclosure: 1,
      attitude: 0,
      closed_with_outcome: 1,
      closing_words: 1,
    });
    // Every member is shown the same report.
    for (const viewer of [b, c]) expect((await roundView(roundId, viewer.id))!.report).toEqual(report);
  });

  it('calibration scores never touch inspections: the teller’s scores are unchanged', async () => {
    expect(await sql`SELECT count(*)::int AS n FROM inspections WHERE session_id IN (${s1}, ${s2})`).toEqual([{ n: 0 }]);
    expect(await sql`SELECT count(*)::int AS n FROM qc_findings f JOIN inspections i ON i.id = f.inspection_id WHERE i.session_id IN (${s1}, ${s2})`).toEqual([{ n: 0 }]);
    // This file's teller is scored by no inspection at all.
    expect(await listTellerScores(teller.id)).toEqual([]);
  });

  it('only its creator closes the round; closed, the report is open to every inspector', async () => {
    await expectRefused(b, 'calibration.close', { roundId }, 'errors.qc.roundNotClosable');
    const seq = await maxAuditSeq();
    expect(await run(a, 'calibration.close', { roundId })).toEqual({ ok: true, message: 'calibration.closed' });
    expect(await sql`SELECT closed_at IS NOT NULL AS closed FROM calibration_rounds WHERE id = ${roundId}`).toEqual([{ closed: true }]);
    expect(await auditSince(seq)).toMatchObject([{ action: 'calibration.close', outcome: 'ok', actor_id: a.id, entity_id: roundId }]);
    const seen = await visibleTo(roundId, outsider);
    expect(seen).toMatchObject({ pairs: pairs([s1, a], [s1, b], [s1, c], [s2, a], [s2, b], [s2, c]), reportVisible: true });
    expect(seen.report).toEqual((await roundView(roundId, a.id))!.report);
    // Closed once: not again.
    await expectRefused(a, 'calibration.close', { roundId }, 'errors.qc.roundNotClosable');
  });
});

describe('a round is refused, and nothing written', () => {
  let a: TestUser;
  let b: TestUser;
  let sessionId: string;

  beforeAll(async () => {
    [a, b] = await Promise.all([makeUser('qc'), makeUser('qc')]);
    sessionId = await endedSession(teller.id);
  });

  it('with fewer than two members, or no session', async () => {
    await expectRefused(a, 'calibration.create', roundForm([sessionId], [a.id]), 'errors.checkFields', { memberIds: ['errors.qc.calibrationMembers'] });
    await expectRefused(a, 'calibration.create', roundForm([], [a.id, b.id]), 'errors.checkFields', { sessionIds: ['errors.qc.calibrationSessions'] });
    // A box left unchecked is not a choice.
    await expectRefused(a, 'calibration.create', { ...roundForm([sessionId], [a.id]), [`m_${b.id}`]: '' }, 'errors.checkFields', { memberIds: ['errors.qc.calibrationMembers'] });
  });

  it('with a member who took part in a chosen session', async () => {
    const sat = await makeUser('qc');
    const own = await endedSession(teller.id);
    await addSessionEvent(db, own, sat.id, 'note.added', { note: '质检旁听' });
    await expectRefused(a, 'calibration.create', roundForm([sessionId, own], [a.id, sat.id]), 'errors.qc.memberTookPart', { memberIds: ['errors.qc.memberTookPart'] });
    // Nor the session's inspector: they know their answer already, so they would not score it blind.
    const inspected = await endedSession(teller.id);
    const rated = { sessionId: inspected, r_greeting: 'yes', r_identity_statement: 'yes', r_verification_before_request: 'na', r_confirmation: 'no', r_data_accuracy: '5', r_supplement_followed: 'na', r_completeness: 'yes', r_risk_disclosure: 'yes', r_attitude: '5', r_closed_with_outcome: 'yes', r_closing_words: 'yes' };
    expect(await run(sat, 'inspection.submit', rated)).toMatchObject({ ok: true });
    await expectRefused(a, 'calibration.create', roundForm([inspected], [a.id, sat.id]), 'errors.qc.memberTookPart', { memberIds: ['errors.qc.memberTookPart'] });
  });

  it('with a member who is not an inspector, a session still open, or a scorecard that is not published', async () => {
    const supervisor = await makeStaff('supervisor');
    await expectRefused(a, 'calibration.create', roundForm([sessionId], [a.id, supervisor.id]), 'errors.qc.calibrationMembers', { memberIds: ['errors.qc.calibrationMembers'] });
    const open = await sessionWithCustomer(teller.id);
    await expectRefused(a, 'calibration.create', roundForm([sessionId, open.sessionId], [a.id, b.id]), 'errors.qc.calibrationSessions', { sessionIds: ['errors.qc.calibrationSessions'] });
    await expectRefused(a, 'calibration.create', { ...roundForm([sessionId], [a.id, b.id]), templateId: b.id }, 'errors.notFound', { templateId: ['errors.qc.noScorecard'] });
  });
});

describe('a score is refused, and nothing written; the database holds the same rules', () => {
  // The tests of this block run in order on one round: P creates it, P and Q are its members, R is not.
  let p: TestUser;
  let q: TestUser;
  let r: TestUser;
  let sessionId: string;
  let otherSessionId: string;
  let roundId: string;

  beforeAll(async () => {
    [p, q, r] = await Promise.all([makeUser('qc'), makeUser('qc'), makeUser('qc')]);
    sessionId = await endedSession(teller.id);
    otherSessionId = await endedSession(teller.id);
    roundId = await createdRound(p, [sessionId], [p.id, q.id]);
  });

  it('from an inspector who is not a member, or on a session not in the round', async () => {
    await expectRefused(r, 'calibration.score', rated(roundId, sessionId), 'errors.notFound', {}, 'denied');
    await expectRefused(p, 'calibration.score', rated(roundId, otherSessionId), 'errors.notFound', {}, 'denied');
  });

  it('with a rating outside the scale, or an automatic check overridden without a reason', async () => {
    await expectRefused(p, 'calibration.score', rated(roundId, sessionId, { r_attitude: '6' }), 'errors.qc.incomplete', { r_attitude: ['errors.qc.outOfScale'] });
    await expectRefused(p, 'calibration.score', rated(roundId, sessionId, { r_greeting: 'maybe', r_data_accuracy: '4.5' }), 'errors.qc.incomplete', {
      r_greeting: ['errors.qc.outOfScale'],
      r_data_accuracy: ['errors.qc.outOfScale'],
    });
    await expectRefused(p, 'calibration.score', rated(roundId, sessionId, { r_confirmation: 'yes' }), 'errors.qc.incomplete', { o_confirmation: ['errors.qc.overrideReason'] });
  });

  it('a second time on the same session: a score is final', async () => {
    expect(await score(p, rated(roundId, sessionId))).toBe(87);
    await expectRefused(p, 'calibration.score', rated(roundId, sessionId, { r_greeting: 'no' }), 'errors.qc.alreadyScored');
    expect((await storedScores(roundId)).map((x) => [x.inspector_id, x.score])).toEqual([[p.id, 87]]);
  });

  it('the database refuses changing or deleting a score, and a score by a non-member or on another session', async () => {
    const final = { code: '23514', message: expect.stringMatching(/a calibration score is final/) };
    expect(await pgFailure(() => sql`UPDATE calibration_scores SET score = 10 WHERE round_id = ${roundId}`)).toMatchObject(final);
    expect(await pgFailure(() => sql`UPDATE calibration_scores SET ratings = '{}'::jsonb WHERE round_id = ${roundId}`)).toMatchObject(final);
    expect(await pgFailure(() => sql`DELETE FROM calibration_scores WHERE round_id = ${roundId}`)).toMatchObject(final);
    const notMember = { code: '23514', message: expect.stringMatching(/a member's, on a session of the round/) };
    expect(await pgFailure(() => sql`INSERT INTO calibration_scores (round_id, session_id, inspector_id, ratings, score, critical_failure) VALUES (${roundId}, ${sessionId}, ${r.id}, '{}', 50, false)`)).toMatchObject(notMember);
    expect(await pgFailure(() => sql`INSERT INTO calibration_scores (round_id, session_id, inspector_id, ratings, score, critical_failure) VALUES (${roundId}, ${otherSessionId}, ${q.id}, '{}', 50, false)`)).toMatchObject(notMember);
    expect((await storedScores(roundId)).map((x) => [x.inspector_id, x.score])).toEqual([[p.id, 87]]);
  });

  it('the database refuses changing the members or the sessions of a round', async () => {
    const membersFixed = { code: '23514', message: expect.stringMatching(/members are fixed/) };
    expect(await pgFailure(() => sql`UPDATE calibration_members SET inspector_id = ${r.id} WHERE round_id = ${roundId} AND inspector_id = ${q.id}`)).toMatchObject(membersFixed);
    expect(await pgFailure(() => sql`DELETE FROM calibration_members WHERE round_id = ${roundId} AND inspector_id = ${q.id}`)).toMatchObject(membersFixed);
    // A member is an active inspector.
    expect(await pgFailure(() => sql`INSERT INTO calibration_members (round_id, inspector_id) VALUES (${roundId}, ${teller.id})`)).toMatchObject({ code: '23514', message: expect.stringMatching(/active QC inspector/) });
    const sessionsFixed = { code: '42501', message: expect.stringMatching(/calibration_sessions is append-only/) };
    expect(await pgFailure(() => sql`UPDATE calibration_sessions SET session_id = ${otherSessionId} WHERE round_id = ${roundId}`)).toMatchObject(sessionsFixed);
    expect(await pgFailure(() => sql`DELETE FROM calibration_sessions WHERE round_id = ${roundId}`)).toMatchObject(sessionsFixed);
    // Under way (it has a score): no session or member joins it either.
    expect((await sql`SELECT count(*)::int AS n FROM calibration_scores WHERE round_id = ${roundId}`)[0]!.n).toBeGreaterThan(0);
    const underWay = { code: '23514', message: expect.stringMatching(/under way/) };
    expect(await pgFailure(() => sql`INSERT INTO calibration_sessions (round_id, session_id) VALUES (${roundId}, ${otherSessionId})`)).toMatchObject(underWay);
    expect(await pgFailure(() => sql`INSERT INTO calibration_members (round_id, inspector_id) VALUES (${roundId}, ${r.id})`)).toMatchObject(underWay);
    expect((await sql`SELECT inspector_id FROM calibration_members WHERE round_id = ${roundId}`).map((x) => x.inspector_id).sort()).toEqual([p.id, q.id].sort());
    expect(await sql`SELECT session_id FROM calibration_sessions WHERE round_id = ${roundId}`).toEqual([{ session_id: sessionId }]);
  });

  it('closed by another member than its creator: refused; once closed, no more scores', async () => {
    await expectRefused(q, 'calibration.close', { roundId }, 'errors.qc.roundNotClosable');
    expect(await run(p, 'calibration.close', { roundId })).toMatchObject({ ok: true });
    // Q had not scored yet: too late, through the action and in the database.
    await expectRefused(q, 'calibration.score', rated(roundId, sessionId), 'errors.qc.roundClosed');
    expect(await pgFailure(() => sql`INSERT INTO calibration_scores (round_id, session_id, inspector_id, ratings, score, critical_failure) VALUES (${roundId}, ${sessionId}, ${q.id}, '{}', 50, false)`)).toMatchObject({
      code: '23514',
      message: expect.stringMatching(/is closed/),
    });
    // A closed round stays closed, with its scorecard and creator; it is never deleted.
    const once = { code: '23514', message: expect.stringMatching(/changes only by being closed, once|cannot be deleted/) };
    expect(await pgFailure(() => sql`UPDATE calibration_rounds SET closed_at = NULL WHERE id = ${roundId}`)).toMatchObject(once);
    expect(await pgFailure(() => sql`UPDATE calibration_rounds SET created_by = ${q.id} WHERE id = ${roundId}`)).toMatchObject(once);
    expect(await pgFailure(() => sql`DELETE FROM calibration_rounds WHERE id = ${roundId}`)).toMatchObject(once);
  });
});
