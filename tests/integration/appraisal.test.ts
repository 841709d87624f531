import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { DomainError } from '@/lib/actions/result';
import { appraise, type AppraisalFigures } from '@/lib/appraisal/score';
import { closePreviousMonth, currentWeights, previousMonth } from '@/lib/appraisal/service';
import { getPersonMonth, listOwnAppraisals, teamAppraisals } from '@/lib/appraisal/views';
import { beijingDate } from '@/lib/calendar/working-days';
import { monthBounds } from '@/lib/qc/reports';
import { endSession } from '@/lib/sessions/service';
import { expectRefusedAs, runAs } from './actions';
import { endedSession, makeCustomer, makeUser, pendingMobileChange, uniqueName, type TestUser } from './factories';
import { auditSince, businessChecksums, maxAuditSeq } from './helpers';

/*
 * The monthly appraisal, on this month (Beijing) closed as if it were over: the job is called with a `now` just after
 * the month's end. Team A is this file's own: two tellers and their supervisor; team B has another teller and
 * supervisor; one supervisor has no team.
 *
 * The teller's month: five sessions of 200, 300, 400, 500 and 600 s (rated 5, 5, 4, 2, one declined), one of them with
 * a mobile change submitted (a case); three inspections (90, 60 with a critical failure, 80; verification before the
 * business met, met, N/A), the first disputed and the dispute rejected, a rectification of the second due on the 1st
 * and not answered; one upheld complaint against them (and one not upheld). The second teller: two sessions of 100 and
 * 300 s, both rated 5; an upheld complaint.
 */
const month = beijingDate(new Date()).slice(0, 7);
const afterMonth = new Date(new Date(monthBounds(month).end).getTime() + 3_600_000);
let teller: TestUser;
let teller2: TestUser;
let supervisor: TestUser;
let otherSupervisor: TestUser;
let otherTeller: TestUser;
let loneSupervisor: TestUser;
let qc: TestUser;
let teamA: string;

async function team(members: TestUser[]): Promise<string> {
  const [row] = await sql<{ id: string }[]>`INSERT INTO teams (name) VALUES (${uniqueName('班组')}) RETURNING id`;
  await sql`UPDATE staff SET team_id = ${row!.id} WHERE id = ANY(${members.map((m) => m.id)}::uuid[])`;
  return row!.id;
}

/** Sets an ended session's handle time and rating (null: the customer declined). */
async function handled(sessionId: string, seconds: number, satisfaction: number | null) {
  await sql`UPDATE service_sessions SET started_at = ended_at - make_interval(secs => ${seconds}), satisfaction = ${satisfaction}, satisfaction_declined = ${satisfaction === null} WHERE id = ${sessionId}`;
}

/** A submitted inspection with its verification item rated `verification`, written as the scoring service would store it. */
async function inspection(sessionId: string, score: number, critical: boolean, verification: 'yes' | 'no' | 'na'): Promise<string> {
  const ratings = { verification_before_request: { value: verification }, greeting: { value: 'yes' } };
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO inspections (session_id, inspector_id, scorecard, ratings, score, critical_failure, status, submitted_at, dispute_until)
    VALUES (${sessionId}, ${qc.id}, 'test', ${JSON.stringify(ratings)}::jsonb, ${score}, ${critical}, 'submitted', now(), now() + interval '5 days') RETURNING id`;
  return row!.id;
}

/** A complaint about `subject`, moved along its lifecycle to resolved (upheld or not) as the complaint service would. */
async function resolvedComplaint(subject: string, upheld: boolean) {
  const customer = await makeCustomer();
  const [c] = await sql<{ id: string }[]>`
    INSERT INTO complaints (channel, customer_id, subject_staff_id, category, severity, content, received_at, recorded_by, policy_version, acknowledge_by, resolve_by)
    VALUES ('phone', ${customer.id}, ${subject}, 'service_attitude', 'medium', '服务态度差', now() - interval '2 hours', ${supervisor.id}, 1, now() + interval '1 day', now() + interval '15 days')
    RETURNING id`;
  await sql`UPDATE complaints SET state = 'investigating', handler_id = ${supervisor.id}, assigned_by = ${supervisor.id}, acknowledged_at = now() WHERE id = ${c!.id}`;
  await sql`UPDATE complaints SET state = 'resolved', root_cause = '沟通不当', action_taken = '已致歉并辅导', upheld = ${upheld}, resolved_at = now() WHERE id = ${c!.id}`;
}

const results = (staffId: string) =>
  sql<{ version: number; team_id: string | null; figures: { figures: AppraisalFigures; scores: Record<string, number | null> }; weights_version: number; total: string; computed_by: string | null; reason: string | null }[]>`
    SELECT version, team_id, figures, weights_version, total::text AS total, computed_by, reason FROM appraisal_results WHERE staff_id = ${staffId} AND month = ${month} ORDER BY version`;

const tellerFigures: AppraisalFigures = {
  volume: { sessions: 5, cases: 1, teamMedianWork: 4 },
  quality: { inspections: 3, averageScore: 76.7, criticalFailures: 1 },
  efficiency: { averageHandleSeconds: 400, teamMedianHandleSeconds: 300 },
  satisfaction: { rated: 4, average: 4, satisfied: 3 },
  compliance: { verificationInspected: 2, verificationPassed: 2, upheldComplaints: 1, disputesLost: 1, rectificationsLate: 1 },
};

beforeAll(async () => {
  [teller, teller2, supervisor, otherSupervisor, otherTeller, loneSupervisor, qc] = await Promise.all([
    makeUser('teller'), makeUser('teller'), makeUser('supervisor'), makeUser('supervisor'), makeUser('teller'), makeUser('supervisor'), makeUser('qc'),
  ]);
  teamA = await team([teller, teller2, supervisor]);
  await team([otherTeller, otherSupervisor]);

  const sessions = [];
  for (const [seconds, rating] of [[200, 5], [300, 5], [400, 4], [500, 2]] as const) {
    const id = await endedSession(teller.id);
    await handled(id, seconds, rating);
    sessions.push(id);
  }
  const change = await pendingMobileChange(teller.id);
  await endSession(change.sessionId, teller.id, 'resolved', null);
  await handled(change.sessionId, 600, null);
  for (const seconds of [100, 300]) await handled(await endedSession(teller2.id), seconds, 5);

  const disputed = await inspection(sessions[0]!, 90, false, 'yes');
  const failed = await inspection(sessions[1]!, 60, true, 'yes');
  await inspection(sessions[2]!, 80, false, 'na');
  const [d] = await sql<{ id: string }[]>`
    INSERT INTO inspection_disputes (inspection_id, teller_id, items, explanation, score_before) VALUES (${disputed}, ${teller.id}, ${['greeting']}, '录音中已问候', 90) RETURNING id`;
  const resolver = await makeUser('qc');
  await sql`UPDATE inspection_disputes SET status = 'rejected', resolver_id = ${resolver.id}, resolution_note = '复核录音，原评分无误', score_after = 90, resolved_at = now() WHERE id = ${d!.id}`;
  const [finding] = await sql<{ id: string }[]>`INSERT INTO qc_findings (inspection_id, item_key, severity) VALUES (${failed}, 'greeting', 'high') RETURNING id`;
  await sql`INSERT INTO rectifications (finding_id, teller_id, due_date, coaching_note) VALUES (${finding!.id}, ${teller.id}, ${`${month}-01`}, '重新学习服务规范')`;

  await resolvedComplaint(teller.id, true);
  await resolvedComplaint(teller.id, false);
  await resolvedComplaint(teller2.id, true);
});

describe('closing a month', () => {
  it('is refused while the month is not over', async () => {
    await expectRefusedAs(supervisor, 'appraisal.close', { month }, 'errors.appraisal.monthNotOver', { month: ['errors.appraisal.monthNotOver'] });
  });

  it('writes each teller version 1 with the month figures from the seeded records, by the job (audited)', async () => {
    const seq = await maxAuditSeq();
    const closed = await closePreviousMonth(afterMonth);
    expect(closed.month).toBe(month);
    expect(closed.closed).toBeGreaterThanOrEqual(3);

    const [mine] = await results(teller.id);
    expect(mine).toMatchObject({ version: 1, team_id: teamA, computed_by: null, reason: null });
    expect(mine!.figures.figures).toEqual(tellerFigures);
    // volume 6 ≥ median 4: 100; quality 76.7 − 10: 66.7; efficiency 300/400: 75; satisfaction (80% + 75%)/2: 77.5;
    // compliance 100 − 20 − 5 − 10: 65. Under the default weights 15/30/15/20/20: 74.76.
    expect(mine!.figures.scores).toEqual({ volume: 100, quality: 66.7, efficiency: 75, satisfaction: 77.5, compliance: 65 });
    expect(mine!.total).toBe('74.76');
    expect(appraise(tellerFigures, { volume: 15, quality: 30, efficiency: 15, satisfaction: 20, compliance: 20 }).total).toBe(74.76);

    const [second] = await results(teller2.id);
    expect(second!.figures.figures).toEqual({
      volume: { sessions: 2, cases: 0, teamMedianWork: 4 },
      quality: { inspections: 0, averageScore: null, criticalFailures: 0 },
      efficiency: { averageHandleSeconds: 200, teamMedianHandleSeconds: 300 },
      satisfaction: { rated: 2, average: 5, satisfied: 2 },
      compliance: { verificationInspected: 0, verificationPassed: 0, upheldComplaints: 1, disputesLost: 0, rectificationsLate: 0 },
    });
    // Quality not assessed: its weight is shared. (15 × 50 + 15 × 100 + 20 × 100 + 20 × 80) / 70 = 83.57.
    expect(second!.figures.scores).toEqual({ volume: 50, quality: null, efficiency: 100, satisfaction: 100, compliance: 80 });
    expect(second!.total).toBe('83.57');
    expect(await auditSince(seq)).toMatchObject([{ action: 'appraisal.close', outcome: 'ok', actor_id: null, details: { month, closed: closed.closed } }]);
  });

  it('closes once: the figures stay as closed when the records change later, and closing again writes nothing', async () => {
    await handled(await endedSession(teller.id), 100, 1);
    const before = await businessChecksums();
    expect(await closePreviousMonth(afterMonth)).toEqual({ month, closed: 0 });
    expect(await businessChecksums()).toEqual(before);
    const rows = await results(teller.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.figures.figures).toEqual(tellerFigures);
  });

  it('by a supervisor for a finished month: the same computation, audited; nothing for a month long closed', async () => {
    const seq = await maxAuditSeq();
    expect(await runAs(supervisor, 'appraisal.close', { month: '2019-06' })).toMatchObject({ ok: true, message: 'appraisal.alreadyClosed', data: { month: '2019-06', closed: 0 } });
    expect(await auditSince(seq)).toMatchObject([{ action: 'appraisal.close', outcome: 'ok', actor_id: supervisor.id, details: { month: '2019-06', closed: 0 } }]);
  });

  it('the job closes the Beijing month before the one it runs in', () => {
    expect(previousMonth(new Date('2026-01-01T00:30:00+08:00'))).toBe('2025-12');
    expect(previousMonth(new Date('2026-03-31T23:59:00+08:00'))).toBe('2026-02');
  });
});

describe('recalculating', () => {
  it('by the team supervisor with a reason: version 2 from the records as they are now, audited; version 1 kept', async () => {
    const seq = await maxAuditSeq();
    const r = await runAs(supervisor, 'appraisal.recalculate', { staffId: teller.id, month, reason: '补录一通会话后重新计算' });
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, message: 'appraisal.recalculated', data: { version: 2 } });
    const [first, second] = await results(teller.id);
    expect(first!.figures.figures).toEqual(tellerFigures);
    expect(second).toMatchObject({ version: 2, computed_by: supervisor.id, reason: '补录一通会话后重新计算', team_id: teamA });
    expect(second!.figures.figures.volume.sessions).toBe(6);
    expect(second!.figures.figures.satisfaction).toEqual({ rated: 5, average: 3.4, satisfied: 3 });
    expect(await auditSince(seq)).toMatchObject([
      { action: 'appraisal.recalculate', outcome: 'ok', actor_id: supervisor.id, entity_id: teller.id, details: { month, version: 2, reason: '补录一通会话后重新计算' } },
    ]);
  });

  it('is refused outside the supervisor team, without a team, for a month not closed, or without a reason', async () => {
    const payload = { staffId: teller.id, month, reason: '重新计算' };
    await expectRefusedAs(otherSupervisor, 'appraisal.recalculate', payload, 'errors.appraisal.notYourTeam', {}, 'denied');
    await expectRefusedAs(loneSupervisor, 'appraisal.recalculate', payload, 'errors.appraisal.noTeam', {}, 'denied');
    await expectRefusedAs(supervisor, 'appraisal.recalculate', { ...payload, month: '2019-05' }, 'errors.appraisal.notClosed');
    await expectRefusedAs(supervisor, 'appraisal.recalculate', { ...payload, reason: ' ' }, 'errors.checkFields', { reason: ['errors.appraisal.reasonRequired'] });
  });
});

describe('the weights', () => {
  it('change as a new version (together 100) once another supervisor approves, used from the next computation only', async () => {
    const even = { volume: '20', quality: '20', efficiency: '20', satisfaction: '20', compliance: '20' };
    await expectRefusedAs(supervisor, 'appraisal.weights', { ...even, compliance: '10', note: '调整' }, 'errors.checkFields', { total: ['errors.appraisal.weightsSum'] });
    // Proposed by one supervisor, in force once another approves (config-changes.test.ts: the refusals).
    const approved = async (form: Record<string, string>) => {
      const r = await runAs(supervisor, 'appraisal.weights', form);
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true, message: 'config.proposed.appraisal_weights' });
      const changeId = (r as { data: { changeId: string } }).data.changeId;
      const decided = await runAs(otherSupervisor, 'config.decide', { changeId, decision: 'approve' });
      expect(decided).toMatchObject({ ok: true, message: 'config.approved' });
      return changeId;
    };
    const { version: was } = await currentWeights();
    const seq = await maxAuditSeq();
    const changeId = await approved({ ...even, note: '各维度同等权重' });
    const version = was + 1;
    expect((await currentWeights()).version).toBe(version);
    expect(await auditSince(seq)).toMatchObject([
      { action: 'appraisal.weights', outcome: 'ok', actor_id: supervisor.id, entity_id: changeId, details: { baseVersion: was } },
      { action: 'config.decide', outcome: 'ok', actor_id: otherSupervisor.id, entity_id: changeId, details: { applied: { version } } },
    ]);
    // The closed month keeps its weights; a recalculation uses the new ones.
    expect((await results(teller.id))[0]!.weights_version).toBeLessThan(version);
    await runAs(supervisor, 'appraisal.recalculate', { staffId: teller.id, month, reason: '按新权重重新计算' });
    const latest = (await results(teller.id)).at(-1)!;
    expect(latest.weights_version).toBe(version);
    const s = latest.figures.scores as Record<string, number>;
    expect(Number(latest.total)).toBe(Math.round(((s.volume! + s.quality! + s.efficiency! + s.satisfaction! + s.compliance!) / 5) * 100) / 100);
    // Back to the default for whatever runs next.
    await approved({ volume: '15', quality: '30', efficiency: '15', satisfaction: '20', compliance: '20', note: '恢复默认权重' });
  });
});

describe('who sees which appraisal', () => {
  const denied = async (viewer: TestUser, staffId: string) => {
    const err = await getPersonMonth(viewer, staffId, month).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ key: 'errors.appraisal.notYours', outcome: 'denied' });
  };

  it('a teller their own months only', async () => {
    const own = await getPersonMonth(teller, teller.id, month);
    expect(own!.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(own!.versions.at(-1)!.targets).toEqual([
      { key: 'verificationAccuracy', target: 0.99, actual: 1, met: true },
      { key: 'satisfaction', target: 0.9, actual: 0.75, met: false },
    ]);
    expect((await listOwnAppraisals(teller.id)).map((r) => [r.month, r.version])).toEqual([[month, 3]]);
    await denied(teller, teller2.id);
    await denied(teller2, teller.id);
  });

  it('a supervisor their team tellers only; nothing without a team; no other role', async () => {
    expect((await getPersonMonth(supervisor, teller2.id, month))!.staffName).toBe(teller2.displayName);
    await denied(otherSupervisor, teller.id);
    await denied(loneSupervisor, teller.id);
    await denied(qc, teller.id);
    await denied(supervisor, otherTeller.id);
    const mine = await teamAppraisals(supervisor.id, month);
    expect(mine!.members.map((m) => m.staffId).sort()).toEqual([teller.id, teller2.id].sort());
    expect(mine!.members.find((m) => m.staffId === teller.id)!.result!.version).toBe(3);
    expect(await teamAppraisals(loneSupervisor.id, month)).toBeNull();
  });
});

describe('wrong roles', () => {
  it.each(['teller', 'qc', 'admin'] as const)('%s may not close, recalculate or set weights; nothing changes', async (role) => {
    const user = role === 'teller' ? teller : await makeUser(role);
    await expectRefusedAs(user, 'appraisal.close', { month: '2019-07' }, 'errors.forbidden', {}, 'denied');
    await expectRefusedAs(user, 'appraisal.recalculate', { staffId: teller.id, month, reason: '自行重算' }, 'errors.forbidden', {}, 'denied');
    await expectRefusedAs(user, 'appraisal.weights', { volume: '100', quality: '0', efficiency: '0', satisfaction: '0', compliance: '0', note: randomUUID() }, 'errors.forbidden', {}, 'denied');
  });
});
