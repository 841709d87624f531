import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, sql } from '@/db';
import { internalAccountId, openAccount, postTransaction } from '@/db/queries/ledger';
import { listSessionsToInspect, parseSessionCursor } from '@/db/queries/inspections';
import { addSessionEvent } from '@/db/queries/service-sessions';
import { decideCase, submitTransfer } from '@/lib/cases/service';
import { drawFinishedPeriods, drawPlan, listMyAssignments, listPlans, parseAssignmentCursor, periodContaining, previousPeriod, redraw, type DrawInput, type PlanRisk } from '@/lib/qc/plans';
import { assignEvenly } from '@/lib/qc/sampling';
import { endSession, verifyBasicInformation } from '@/lib/sessions/service';
import { expectRefusedAs as expectRefused, runAs as run } from './actions';
import { endedSession, freshMobile, makeStaff, makeUser, pendingMobileChange, sessionWithCustomer, startSession, uniqueName, verifiedSession, type TestStaff, type TestUser } from './factories';
import { auditSince, businessChecksums, maxAuditSeq, pgFailure } from './helpers';

// Sampling plans (质检抽样): a plan draws a period's ended sessions — every one a risk rule flags, and per teller a
// random share at the teller's rate — with a recorded seed, and shares them among all active QC inspectors. Other files
// share the database, so every draw here is of a week in 2031-2032 that only this file's sessions fall in (moved there
// by SQL, or seeded there), by a plan of this file's own. The inspectors are everyone's: who gets what is checked by
// replaying the recorded seed against the loads read just before the draw.

type Period = { start: Date; end: Date };
const DAY = 86_400_000;
const week = (day: string): Period => periodContaining('week', new Date(`${day}T12:00:00+08:00`));
const OFF: PlanRisk = { failedVerification: false, rejectedApproval: false, fundsOverFen: null, shortHandleSeconds: null, longHandleSeconds: null, lowSatisfaction: null };
const ALL_RULES: PlanRisk = { failedVerification: true, rejectedApproval: true, fundsOverFen: 1_000_000, shortHandleSeconds: 30, longHandleSeconds: 1800, lowSatisfaction: 2 };

let inspector: TestUser;
let colleague: TestUser;
let supervisor: TestStaff;

beforeAll(async () => {
  [inspector, colleague, supervisor] = await Promise.all([makeUser('qc'), makeUser('qc'), makeStaff('supervisor')]);
});

/** Every page of a keyset-paged list, each started after the previous page's last row (as the screen's "next page" does). */
async function pageThrough<T extends { cursor: string }>(list: (page: { after?: string; limit: number }) => Promise<T[]>, limit: number, enough = Infinity): Promise<T[]> {
  const seen: T[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const rows = await list({ after, limit });
    seen.push(...rows);
    if (rows.length < limit || seen.length >= enough) return seen;
    after = rows.at(-1)!.cursor;
  }
  throw new Error('the pages never end');
}
const allMyAssignments = (inspectorId: string) => pageThrough((page) => listMyAssignments(inspectorId, page), 50);

/** A weekly plan of this file's own. */
async function makePlan(o: { rateKind?: 'percent' | 'count'; rateValue: number; newTellerWeeks?: number; newTellerRate?: number; risk?: Partial<PlanRisk>; active?: boolean }): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO qc_plans (name, period, rate_kind, rate_value, new_teller_weeks, new_teller_rate, risk, active)
    VALUES (${uniqueName('抽检计划')}, 'week', ${o.rateKind ?? 'percent'}, ${o.rateValue}, ${o.newTellerWeeks ?? 4}, ${o.newTellerRate ?? o.rateValue}, ${JSON.stringify({ ...OFF, ...o.risk })}::jsonb, ${o.active ?? true})
    RETURNING id`;
  return row!.id;
}

/** `n` ended sessions of `tellerId` seeded directly inside `period`: to a draw only their teller, times, rating and business matter. */
async function seeded(tellerId: string, period: Period, n: number, o: { seconds?: number; satisfaction?: number; hour?: number } = {}): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    INSERT INTO service_sessions (teller_id, channel, status, started_at, ended_at, outcome, satisfaction)
    SELECT ${tellerId}::uuid, 'phone'::channel, 'ended'::service_session_status, t, t + make_interval(secs => ${o.seconds ?? 300}), 'resolved'::session_outcome, ${o.satisfaction ?? 4}::smallint
    FROM (SELECT ${period.start.toISOString()}::timestamptz + make_interval(hours => ${o.hour ?? 1}, mins => g) AS t FROM generate_series(1, ${n}::int) AS g) AS s
    RETURNING id`;
  return rows.map((r) => r.id);
}

/** Moves an ended session into `period`, lasting `seconds`. */
async function moveInto(sessionId: string, period: Period, seconds: number): Promise<void> {
  const started = new Date(period.start.getTime() + 2 * 3_600_000);
  const moved = await sql`
    UPDATE service_sessions SET started_at = ${started.toISOString()}::timestamptz, ended_at = ${new Date(started.getTime() + seconds * 1000).toISOString()}::timestamptz
    WHERE id = ${sessionId} AND status = 'ended' RETURNING id`;
  expect(moved).toHaveLength(1);
}

/** Each active inspector's open load, as a draw reads it. */
async function loads(): Promise<{ id: string; load: number }[]> {
  const rows = await sql<{ id: string; load: number }[]>`
    SELECT q.id, (SELECT count(*)::int FROM qc_assignments a WHERE a.inspector_id = q.id
      AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.session_id = a.session_id AND i.status = 'submitted')) AS load
    FROM staff q WHERE q.role = 'qc' AND q.active`;
  return rows.map((r) => ({ id: r.id, load: r.load }));
}

// Times as epoch milliseconds, to compare with a period's dates (the driver hands timestamps over as text).
const START_MS = sql`extract(epoch FROM period_start)::float8 * 1000 AS start_ms`;
const END_MS = sql`extract(epoch FROM period_end)::float8 * 1000 AS end_ms`;

async function drawRow(id: string) {
  const [row] = await sql<{ plan_id: string; start_ms: number; end_ms: number; drawn_by: string | null; seed: string; input: DrawInput; drawn: number; unassigned: number }[]>`
    SELECT plan_id, ${START_MS}, ${END_MS}, drawn_by, seed, input, drawn, unassigned FROM qc_draws WHERE id = ${id}`;
  return row!;
}

type Assigned = { session_id: string; inspector_id: string; reason: string; risk_reasons: string[] };
const bySession = (a: Assigned, b: Assigned) => (a.session_id < b.session_id ? -1 : 1);

/**
 * The draw as its record replays it: the sessions from its input and seed, shared among the inspectors as the loads
 * read just before it (`before`) and who took part say — so never to an inspector who took part. Returns what it assigned.
 */
async function expectReplayed(drawId: string, before: { id: string; load: number }[]): Promise<Assigned[]> {
  const draw = await drawRow(drawId);
  const sample = redraw(draw.input, draw.seed);
  const ids = sample.map((d) => d.sessionId);
  const took = await sql<{ session_id: string; staff_id: string }[]>`
    SELECT s.id AS session_id, q.id AS staff_id FROM service_sessions s CROSS JOIN staff q
    WHERE s.id = ANY(${ids}::uuid[]) AND q.role = 'qc' AND q.active AND took_part_in_session(s.id, q.id)`;
  const share = assignEvenly(ids.map((id) => ({ sessionId: id, participants: took.filter((t) => t.session_id === id).map((t) => t.staff_id) })), before, draw.seed);
  const rows = [...(await sql<Assigned[]>`SELECT session_id, inspector_id, reason, risk_reasons FROM qc_assignments WHERE draw_id = ${drawId}`)].sort(bySession);
  expect(draw).toMatchObject({ drawn: sample.length, unassigned: share.unassigned.length });
  const expected = sample.filter((d) => share.assignments.has(d.sessionId)).map((d) => ({ session_id: d.sessionId, inspector_id: share.assignments.get(d.sessionId)!, reason: d.reason, risk_reasons: [...d.riskReasons] }));
  expect(rows).toEqual(expected.sort(bySession));
  expect(rows.filter((r) => took.some((t) => t.session_id === r.session_id && t.staff_id === r.inspector_id))).toEqual([]);
  return rows;
}

/** One ended session of `tellerId` per risk rule, moved into `period`, with the reason each is drawn for. */
async function riskSessions(tellerId: string, period: Period): Promise<Record<string, string[]>> {
  // The caller gave a mobile number that is not the customer's.
  const failed = await sessionWithCustomer(tellerId);
  expect(await verifyBasicInformation(failed.sessionId, tellerId, { name: failed.customer.fullName, idNumber: failed.customer.idNumber, mobile: freshMobile() })).toMatchObject({ result: 'fail' });
  await endSession(failed.sessionId, tellerId, 'resolved', 4);
  // A mobile change the supervisor refused.
  const refused = await pendingMobileChange(tellerId);
  expect(await decideCase(refused.caseId, supervisor.id, 'reject', 'verification_doubt', '来电人无法说明开户网点')).toMatchObject({ outcome: 'decided', state: 'rejected' });
  await endSession(refused.sessionId, tellerId, 'resolved', 4);
  // A transfer of exactly the plan's threshold (10,000 yuan), awaiting its supervisor.
  const large = await verifiedSession(tellerId);
  const { from, to } = await db.transaction(async (tx) => {
    const a = await openAccount(tx, { customerId: large.customer.id, kind: 'current' });
    const b = await openAccount(tx, { customerId: large.customer.id, kind: 'savings' });
    const opening = await internalAccountId(tx, 'opening');
    await postTransaction(tx, { kind: 'opening', description: 'fixture', createdBy: null, legs: [{ accountId: a.id, amount: 2_000_000 }, { accountId: opening, amount: -2_000_000 }] });
    return { from: a, to: b };
  });
  await submitTransfer(large.sessionId, tellerId, { fromAccountId: from.id, toAccountNumber: to.number, amountFen: 1_000_000, idempotencyKey: randomUUID() });
  await endSession(large.sessionId, tellerId, 'resolved', 4);
  const [short, long] = [await endedSession(tellerId), await endedSession(tellerId)];
  const unhappy = await sessionWithCustomer(tellerId);
  await endSession(unhappy.sessionId, tellerId, 'dropped', 1);
  for (const id of [failed.sessionId, refused.sessionId, large.sessionId, unhappy.sessionId]) await moveInto(id, period, 300);
  await moveInto(short, period, 10);
  await moveInto(long, period, 3601);
  return {
    [failed.sessionId]: ['failed_verification'],
    [refused.sessionId]: ['rejected_approval'],
    [large.sessionId]: ['large_funds'],
    [short]: ['short_handle'],
    [long]: ['long_handle'],
    [unhappy.sessionId]: ['low_satisfaction'],
  };
}

describe('a draw', () => {
  it('takes every session a risk rule flags, and each teller’s share at random at their rate, rounded up', async () => {
    const period = week('2031-03-05');
    const plan = await makePlan({ rateValue: 20, newTellerWeeks: 4, newTellerRate: 50, risk: ALL_RULES });
    const [a, b, fresh, seasoned] = await Promise.all([makeStaff('teller'), makeStaff('teller'), makeStaff('teller'), makeStaff('teller')]);
    // New: created the plan's 4 weeks before the period starts, to the second; not new: a second earlier (or in 2026).
    await sql`UPDATE staff SET created_at = ${new Date(period.start.getTime() - 28 * DAY).toISOString()}::timestamptz WHERE id = ${fresh.id}`;
    await sql`UPDATE staff SET created_at = ${new Date(period.start.getTime() - 28 * DAY - 1000).toISOString()}::timestamptz WHERE id = ${seasoned.id}`;
    const risky = await riskSessions(a.id, period);
    // On the bounds, not beyond them: 30 seconds is not short, 1800 not long, a 3 not a low rating.
    const plain = {
      a: [...(await seeded(a.id, period, 1, { seconds: 30 })), ...(await seeded(a.id, period, 1, { seconds: 1800 })), ...(await seeded(a.id, period, 27, { satisfaction: 3 }))],
      b: await seeded(b.id, period, 7),
      fresh: await seeded(fresh.id, period, 7),
      seasoned: await seeded(seasoned.id, period, 7),
    };

    const before = await loads();
    const r = await drawPlan(plan, period, inspector.id, period.end);
    // a: 35 sessions at 20% is 7, and its 6 risk sessions count towards them: 1 more at random. b and seasoned: 7 at
    // 20% is 1.4, rounded up to 2; fresh, at the new tellers' 50%: 3.5, so 4.
    expect(r).toEqual({ drawId: expect.any(String), candidates: 56, drawn: 6 + 1 + 2 + 4 + 2, unassigned: 0 });
    const rows = await expectReplayed(r.drawId, before);
    expect(Object.fromEntries(rows.filter((x) => x.reason === 'risk').map((x) => [x.session_id, x.risk_reasons]))).toEqual(risky);
    const randomOf = (ids: string[]) => rows.filter((x) => x.reason === 'random' && ids.includes(x.session_id)).length;
    expect([randomOf(plain.a), randomOf(plain.b), randomOf(plain.fresh), randomOf(plain.seasoned)]).toEqual([1, 2, 4, 2]);

    // The record: the plan as it stood, each teller's rate, every candidate, the seed.
    const draw = await drawRow(r.drawId);
    expect(draw).toMatchObject({ plan_id: plan, start_ms: period.start.getTime(), end_ms: period.end.getTime(), drawn_by: inspector.id, seed: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(draw.input.plan).toEqual({ id: plan, rateKind: 'percent', rateValue: 20, newTellerWeeks: 4, newTellerRate: 50, risk: ALL_RULES });
    const pct = (value: number) => ({ kind: 'percent', value });
    expect(draw.input.rates).toEqual({ [a.id]: pct(20), [b.id]: pct(20), [fresh.id]: pct(50), [seasoned.id]: pct(20) });
    expect(draw.input.candidates).toHaveLength(56);
  });

  it('by count: so many per teller, more in a teller’s first weeks, never more than the teller has', async () => {
    const period = week('2031-03-12');
    const plan = await makePlan({ rateKind: 'count', rateValue: 2, newTellerWeeks: 4, newTellerRate: 3, risk: { lowSatisfaction: 2 } });
    const [old, fresh, few, flagged] = await Promise.all([makeStaff('teller'), makeStaff('teller'), makeStaff('teller'), makeStaff('teller')]);
    // Joined during the period itself: new too.
    await sql`UPDATE staff SET created_at = ${new Date(period.start.getTime() + DAY).toISOString()}::timestamptz WHERE id = ${fresh.id}`;
    const s = { old: await seeded(old.id, period, 5), fresh: await seeded(fresh.id, period, 5), few: await seeded(few.id, period, 1), flagged: await seeded(flagged.id, period, 4) };
    const [unhappy] = await seeded(flagged.id, period, 1, { satisfaction: 1 });

    const before = await loads();
    const r = await drawPlan(plan, period, null, period.end);
    // flagged: its unhappy session counts towards its 2, so one more at random.
    expect(r).toEqual({ drawId: expect.any(String), candidates: 16, drawn: 2 + 3 + 1 + 2, unassigned: 0 });
    const rows = await expectReplayed(r.drawId, before);
    const randomOf = (ids: string[]) => rows.filter((x) => x.reason === 'random' && ids.includes(x.session_id)).length;
    expect([randomOf(s.old), randomOf(s.fresh), randomOf(s.few), randomOf(s.flagged)]).toEqual([2, 3, 1, 1]);
    expect(rows.find((x) => x.session_id === unhappy)).toMatchObject({ reason: 'risk', risk_reasons: ['low_satisfaction'] });
    const count = (value: number) => ({ kind: 'count', value });
    expect((await drawRow(r.drawId)).input.rates).toEqual({ [old.id]: count(2), [fresh.id]: count(3), [few.id]: count(2), [flagged.id]: count(2) });
  });

  it('is reproduced from its record: the same sessions from its input and seed, whatever the candidates’ order', async () => {
    const period = week('2031-03-19');
    const plan = await makePlan({ rateValue: 30, risk: { shortHandleSeconds: 60 } });
    const tellers = await Promise.all([makeStaff('teller'), makeStaff('teller'), makeStaff('teller')]);
    for (const t of tellers) await seeded(t.id, period, 9);
    await seeded(tellers[0]!.id, period, 1, { seconds: 20 });

    const before = await loads();
    const r = await drawPlan(plan, period, inspector.id, period.end);
    // 10 at 30% is 3 (the short one and 2 at random); 9 at 30% is 2.7, so 3.
    expect(r).toMatchObject({ candidates: 28, drawn: 9, unassigned: 0 });
    const rows = await expectReplayed(r.drawId, before);
    const { input, seed } = await drawRow(r.drawId);
    const again = redraw(input, seed);
    expect(again.map((d) => d.sessionId).sort()).toEqual(rows.map((x) => x.session_id));
    expect(redraw({ ...input, candidates: [...input.candidates].reverse() }, seed)).toEqual(again);
  });
});

describe('no inspector is given a session they took part in', () => {
  it('a draw passes over them even when they have the least to do; a session everyone took part in stays unassigned', async () => {
    const period = week('2031-03-26');
    const plan = await makePlan({ rateValue: 100 });
    const teller = await makeStaff('teller');
    const insider = await makeStaff('qc');
    const before = await loads();
    // One session more than the other inspectors with nothing to do: shared evenly, the last would go to the insider
    // (nothing to do either) if they were eligible.
    const idle = before.filter((i) => i.load === 0 && i.id !== insider.id);
    const sessions = await seeded(teller.id, period, idle.length + 1);
    await sql`INSERT INTO session_events (session_id, actor_id, kind, data) SELECT id, ${insider.id}, 'note.added', '{"note": "质检旁听"}'::jsonb FROM unnest(${sessions}::uuid[]) AS id`;
    const [everyone] = await seeded(teller.id, period, 1);
    await sql`INSERT INTO session_events (session_id, actor_id, kind, data) SELECT ${everyone!}, q.id, 'note.added', '{}'::jsonb FROM staff q WHERE q.role = 'qc' AND q.active`;

    const r = await drawPlan(plan, period, null, period.end);
    expect(r).toEqual({ drawId: expect.any(String), candidates: idle.length + 2, drawn: idle.length + 2, unassigned: 1 });
    const rows = await expectReplayed(r.drawId, before);
    expect(rows.map((x) => x.inspector_id)).not.toContain(insider.id);
    expect(rows.map((x) => x.session_id)).not.toContain(everyone);
    for (const i of idle) expect(rows.some((x) => x.inspector_id === i.id), i.id).toBe(true);
  });

  it('the database refuses it too, and an assignment to anyone but an active inspector, or of the wrong shape', async () => {
    const teller = await makeStaff('teller');
    const [insider, other] = await Promise.all([makeStaff('qc'), makeStaff('qc')]);
    const sessionId = await endedSession(teller.id);
    await addSessionEvent(db, sessionId, insider.id, 'note.added', { note: '质检旁听' });
    const insert = (inspectorId: string, reason = 'manual', note = '客户投诉复核') =>
      sql`INSERT INTO qc_assignments (session_id, inspector_id, reason, note, assigned_by) VALUES (${sessionId}, ${inspectorId}, ${reason}, ${note}, ${inspectorId})`;
    expect(await pgFailure(() => insert(insider.id))).toMatchObject({ code: '23514', message: expect.stringMatching(/took part/) });
    expect(await pgFailure(() => insert(teller.id))).toMatchObject({ code: '23514', message: expect.stringMatching(/active QC inspector/) });
    // Drawn at random but naming no draw; added by hand without a reason.
    expect(await pgFailure(() => insert(other.id, 'random'))).toMatchObject({ code: '23514', constraint: 'qc_assignments_shape' });
    expect(await pgFailure(() => insert(other.id, 'manual', '  '))).toMatchObject({ code: '23514', constraint: 'qc_assignments_shape' });
    await sql`UPDATE staff SET active = false WHERE id = ${other.id}`;
    expect(await pgFailure(() => insert(other.id))).toMatchObject({ code: '23514', message: expect.stringMatching(/active QC inspector/) });
    expect(await sql`SELECT id FROM qc_assignments WHERE session_id = ${sessionId}`).toEqual([]);
  });
});

describe('a period is drawn in parts that never overlap', () => {
  it('drawn early, the next draw takes only the sessions ended since; drawn to its end, it is refused and writes nothing', async () => {
    const period = week('2031-04-02');
    const plan = await makePlan({ rateValue: 50 });
    const teller = await makeStaff('teller');
    const early = await seeded(teller.id, period, 4);
    const cut = new Date(period.start.getTime() + 2 * 3_600_000);
    const first = await drawPlan(plan, period, inspector.id, cut);
    expect(first).toMatchObject({ candidates: 4, drawn: 2 });
    const later = await seeded(teller.id, period, 2, { hour: 3 });
    const second = await drawPlan(plan, period, inspector.id, period.end);
    expect(second).toMatchObject({ candidates: 2, drawn: 1 });
    expect((await drawRow(second.drawId)).input.candidates.map((c) => c.sessionId).sort()).toEqual([...later].sort());
    expect((await drawRow(first.drawId)).input.candidates.map((c) => c.sessionId).sort()).toEqual([...early].sort());
    expect(
      await sql`SELECT extract(epoch FROM covered_from)::float8 * 1000 AS from_ms, extract(epoch FROM covered_to)::float8 * 1000 AS to_ms FROM qc_draws WHERE plan_id = ${plan} ORDER BY covered_from`,
    ).toEqual([
      { from_ms: period.start.getTime(), to_ms: cut.getTime() },
      { from_ms: cut.getTime(), to_ms: period.end.getTime() },
    ]);

    const off = await makePlan({ rateValue: 50, active: false });
    const unchanged = await businessChecksums();
    await expect(drawPlan(plan, period, inspector.id, period.end)).rejects.toMatchObject({ key: 'errors.qc.periodDrawn' });
    await expect(drawPlan(off, period, inspector.id, period.end)).rejects.toMatchObject({ key: 'errors.qc.planInactive' });
    expect(await businessChecksums()).toEqual(unchanged);
    expect(await sql`SELECT count(*)::int AS n FROM qc_draws WHERE plan_id = ${plan}`).toEqual([{ n: 2 }]);
    // Nor can two draws start at the same moment, nor one reach outside its period.
    const [row] = await sql<{ seed: string; input: unknown }[]>`SELECT seed, input FROM qc_draws WHERE id = ${first.drawId}`;
    const insert = (from: Date, to: Date) => sql`
      INSERT INTO qc_draws (plan_id, period_start, period_end, covered_from, covered_to, seed, input, candidates, drawn)
      VALUES (${plan}, ${period.start.toISOString()}::timestamptz, ${period.end.toISOString()}::timestamptz, ${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, ${row!.seed}, ${JSON.stringify(row!.input)}::jsonb, 0, 0)`;
    expect(await pgFailure(() => insert(cut, period.end))).toMatchObject({ code: '23505', constraint: 'qc_draws_covered_idx' });
    expect(await pgFailure(() => insert(new Date(period.start.getTime() - DAY), cut))).toMatchObject({ code: '23514', constraint: 'qc_draws_covered' });
  });

  it('a count per teller is for the whole period: a later part takes only what is left of it', async () => {
    const period = week('2031-04-09');
    const plan = await makePlan({ rateKind: 'count', rateValue: 2 });
    const [a, b] = [await makeStaff('teller'), await makeStaff('teller')];
    await seeded(a.id, period, 3);
    expect(await drawPlan(plan, period, null, new Date(period.start.getTime() + 2 * 3_600_000))).toMatchObject({ candidates: 3, drawn: 2 });
    await seeded(a.id, period, 3, { hour: 3 });
    await seeded(b.id, period, 3, { hour: 3 });
    const r = await drawPlan(plan, period, null, period.end);
    expect(r).toMatchObject({ candidates: 6, drawn: 2 });
    expect((await drawRow(r.drawId)).input.rates).toEqual({ [a.id]: { kind: 'count', value: 0 }, [b.id]: { kind: 'count', value: 2 } });
  });

  it('from the screen, a period named by a day in it: the current one so far, an earlier one to its end, never one not begun', async () => {
    // A plan that draws nothing (rate 0, no risk rule): these weeks hold other files' sessions.
    const plan = await makePlan({ rateValue: 0 });
    const beijingDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const current = periodContaining('week', new Date());
    expect(await run(inspector, 'qcPlan.draw', { planId: plan, period: beijingDay(new Date()) })).toMatchObject({ ok: true, message: 'qcPlans.drawn', data: { drawn: 0, unassigned: 0 } });
    const [drawn] = await sql<{ start_ms: number; end_ms: number; from_ms: number; to_ms: number; drawn_by: string }[]>`
      SELECT ${START_MS}, ${END_MS}, extract(epoch FROM covered_from)::float8 * 1000 AS from_ms, extract(epoch FROM covered_to)::float8 * 1000 AS to_ms, drawn_by FROM qc_draws WHERE plan_id = ${plan}`;
    expect(drawn).toMatchObject({ start_ms: current.start.getTime(), end_ms: current.end.getTime(), from_ms: current.start.getTime(), drawn_by: inspector.id });
    expect(drawn!.to_ms).toBeLessThanOrEqual(Date.now());

    const earlier = week('2020-01-08');
    expect(await run(inspector, 'qcPlan.draw', { planId: plan, period: '2020-01-10' })).toMatchObject({ ok: true });
    expect(await sql`SELECT ${START_MS}, extract(epoch FROM covered_to)::float8 * 1000 AS to_ms FROM qc_draws WHERE plan_id = ${plan} AND period_start = ${earlier.start.toISOString()}::timestamptz`).toEqual([
      { start_ms: earlier.start.getTime(), to_ms: earlier.end.getTime() },
    ]);
    await expectRefused(inspector, 'qcPlan.draw', { planId: plan, period: '2020-01-06' }, 'errors.qc.periodDrawn');
    await expectRefused(inspector, 'qcPlan.draw', { planId: plan, period: beijingDay(new Date(current.end.getTime() + DAY)) }, 'errors.qc.drawPeriod', { period: ['errors.qc.drawPeriod'] });
    await expectRefused(inspector, 'qcPlan.draw', { planId: plan, period: '2020-02-31x' }, 'errors.checkFields', { period: ['errors.qc.drawPeriod'] });
  });
});

describe('the daily job', () => {
  it('draws the finished period of every active plan, once, and not the period under way', async () => {
    // The previous month of `now` (May 2032) holds no session of this file, should a monthly plan be active.
    const period = week('2032-06-16');
    const now = new Date(period.end.getTime() + 2 * DAY + 3 * 3_600_000);
    const plan = await makePlan({ rateValue: 100 });
    const off = await makePlan({ rateValue: 100, active: false });
    const teller = await makeStaff('teller');
    const finished = [...(await seeded(teller.id, period, 3)), ...(await seeded(teller.id, period, 1, { satisfaction: 1 }))];
    const [underWay] = await seeded(teller.id, periodContaining('week', now), 1);
    const active = (await listPlans()).filter((p) => p.active);
    expect(active.map((p) => p.id)).toContain(plan);

    // Each of the finished week's sessions exactly once, whichever plans drew it: this file's plan takes all the others left.
    expect(await drawFinishedPeriods(now)).toBe(4);
    for (const p of active) {
      const previous = previousPeriod(p.period as 'week' | 'month', now);
      expect(await sql`SELECT ${START_MS}, ${END_MS}, drawn_by FROM qc_draws WHERE plan_id = ${p.id} AND period_start = ${previous.start.toISOString()}::timestamptz`, p.name).toEqual([
        { start_ms: previous.start.getTime(), end_ms: previous.end.getTime(), drawn_by: null },
      ]);
    }
    expect(await sql`SELECT id FROM qc_draws WHERE plan_id = ${off}`).toEqual([]);
    const drawn = await sql<{ session_id: string }[]>`
      SELECT a.session_id FROM qc_assignments a JOIN qc_draws d ON d.id = a.draw_id
      WHERE a.session_id = ANY(${[...finished, underWay!]}::uuid[]) AND d.period_start = ${period.start.toISOString()}::timestamptz ORDER BY a.session_id`;
    expect(drawn.map((x) => x.session_id)).toEqual([...finished].sort());

    const unchanged = await businessChecksums();
    expect(await drawFinishedPeriods(now)).toBe(0);
    expect(await businessChecksums()).toEqual(unchanged);
  });
});

describe('adding a session by hand', () => {
  it('needs the reason, and an ended session the inspector took no part in, not yet assigned', async () => {
    const teller = await makeStaff('teller');
    const [sessionId, own] = [await endedSession(teller.id), await endedSession(teller.id)];
    await addSessionEvent(db, own, inspector.id, 'note.added', { note: '质检旁听' });
    const note = '客户来电投诉服务态度，抽查复核';
    await expectRefused(inspector, 'qcAssignment.add', { sessionId, note: '   ' }, 'errors.checkFields', { note: ['errors.qc.assignReason'] });
    await expectRefused(inspector, 'qcAssignment.add', { sessionId, note: ' 复核 ' }, 'errors.checkFields', { note: ['errors.qc.assignReason'] });
    await expectRefused(inspector, 'qcAssignment.add', { sessionId: own, note }, 'errors.ownSession', {}, 'denied');
    await expectRefused(inspector, 'qcAssignment.add', { sessionId: await startSession(teller.id), note }, 'errors.sessionNotEnded');
    await expectRefused(inspector, 'qcAssignment.add', { sessionId: randomUUID(), note }, 'errors.notFound');

    const seq = await maxAuditSeq();
    const r = await run(inspector, 'qcAssignment.add', { sessionId, note: `  ${note} ` });
    expect(r).toEqual({ ok: true, data: { id: expect.any(String) }, message: 'qc.assigned' });
    const { id } = (r as { data: { id: string } }).data;
    expect(await sql`SELECT id, inspector_id, draw_id, reason, risk_reasons, note, assigned_by FROM qc_assignments WHERE session_id = ${sessionId}`).toEqual([
      { id, inspector_id: inspector.id, draw_id: null, reason: 'manual', risk_reasons: [], note, assigned_by: inspector.id },
    ]);
    expect(await auditSince(seq)).toMatchObject([{ action: 'qcAssignment.add', outcome: 'ok', actor_id: inspector.id, entity_id: id, details: { session: sessionId, note } }]);

    await expectRefused(inspector, 'qcAssignment.add', { sessionId, note }, 'errors.qc.alreadyAssigned');
    await expectRefused(colleague, 'qcAssignment.add', { sessionId, note }, 'errors.qc.alreadyAssigned');
  });
});

describe('an assigned session is inspected by its assignee', () => {
  it('another QC member is refused, through the action and in the database; the assignee inspects it', async () => {
    const sessionId = await endedSession((await makeStaff('teller')).id);
    expect(await run(inspector, 'qcAssignment.add', { sessionId, note: '客户投诉，指定复核' })).toMatchObject({ ok: true });
    expect((await allMyAssignments(inspector.id)).map((a) => a.session_id)).toContain(sessionId);
    // The default scorecard, rated as the session's record answers: no business (verification N/A), never confirmed.
    const ratings = {
      sessionId, r_greeting: 'yes', r_identity_statement: 'yes', r_verification_before_request: 'na', r_confirmation: 'no', r_data_accuracy: '5', r_supplement_followed: 'na',
      r_completeness: 'yes', r_risk_disclosure: 'yes', r_attitude: '5', r_closed_with_outcome: 'yes', r_closing_words: 'yes',
    };
    await expectRefused(colleague, 'inspection.submit', ratings, 'errors.qc.assignedToOther', {}, 'denied');
    await expectRefused(colleague, 'inspection.submit', { sessionId, intent: 'draft', r_greeting: 'yes' }, 'errors.qc.assignedToOther', {}, 'denied');
    expect(await pgFailure(() => sql`INSERT INTO inspections (session_id, inspector_id, scorecard, ratings, score) VALUES (${sessionId}, ${colleague.id}, 'x', '{}', 50)`)).toMatchObject({
      code: '23514',
      message: expect.stringMatching(/assigned to another inspector/),
    });

    expect(await run(inspector, 'inspection.submit', ratings)).toMatchObject({ ok: true, message: 'qc.submitted' });
    expect(await sql`SELECT inspector_id, status FROM inspections WHERE session_id = ${sessionId}`).toEqual([{ inspector_id: inspector.id, status: 'submitted' }]);
    // Done: off the inspector's list.
    expect((await allMyAssignments(inspector.id)).map((a) => a.session_id)).not.toContain(sessionId);
  });
});

describe('a plan’s settings', () => {
  // The plan form as the screen posts it: every field, empty thresholds switching their rule off.
  const form = (planId: string, over: Record<string, string> = {}) => ({
    planId, rateKind: 'percent', rateValue: '10', newTellerWeeks: '4', newTellerRate: '30', failedVerification: 'on', rejectedApproval: 'on',
    fundsOverYuan: '50000', shortHandleSeconds: '30', longHandleSeconds: '1800', lowSatisfaction: '2', active: 'on', note: '按季度质检要求调整', ...over,
  });
  // Proposed by the file's inspector, in force once a colleague approves (config-changes.test.ts: the refusals).
  const approved = async (planId: string, over: Record<string, string> = {}) => {
    const r = await run(inspector, 'qcPlan.update', form(planId, over));
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, message: 'config.proposed.qc_plan' });
    const changeId = (r as { data: { changeId: string } }).data.changeId;
    expect(await run(colleague, 'config.decide', { changeId, decision: 'approve' })).toMatchObject({ ok: true, message: 'config.approved' });
    return changeId;
  };

  it('bad numbers, or no note on why, are refused field by field, and nothing is written', async () => {
    const plan = await makePlan({ rateValue: 10, newTellerRate: 30 });
    await expectRefused(inspector, 'qcPlan.update', form(plan, { note: ' ' }), 'errors.checkFields', { note: ['errors.config.note'] });
    await expectRefused(inspector, 'qcPlan.update', form(plan, { rateValue: '150', newTellerRate: '150' }), 'errors.checkFields', { rateValue: ['errors.qc.percent'], newTellerRate: ['errors.qc.percent'] });
    await expectRefused(inspector, 'qcPlan.update', form(plan, { rateValue: '20', newTellerRate: '10' }), 'errors.checkFields', { newTellerRate: ['errors.qc.newTellerRate'] });
    await expectRefused(inspector, 'qcPlan.update', form(plan, { shortHandleSeconds: '600', longHandleSeconds: '600' }), 'errors.checkFields', { longHandleSeconds: ['errors.qc.handleBounds'] });
    await expectRefused(inspector, 'qcPlan.update', form(plan, { shortHandleSeconds: '600', longHandleSeconds: '300' }), 'errors.checkFields', { longHandleSeconds: ['errors.qc.handleBounds'] });
    // Nor directly: new tellers are never sampled less.
    expect(await pgFailure(() => sql`UPDATE qc_plans SET new_teller_rate = 5 WHERE id = ${plan}`)).toMatchObject({ code: '23514', constraint: 'qc_plans_rates' });
  });

  it('a change applies, once approved, from the next draw, which keeps the plan as it stood; a draw is never changed', async () => {
    const period = week('2031-04-23');
    const plan = await makePlan({ rateValue: 10, newTellerRate: 30, risk: ALL_RULES });
    await seeded((await makeStaff('teller')).id, period, 5);
    const seq = await maxAuditSeq();
    const changed = { rateKind: 'count', rateValue: '2', newTellerWeeks: '8', newTellerRate: '3', rejectedApproval: '', fundsOverYuan: '20000', shortHandleSeconds: '', longHandleSeconds: '3600', lowSatisfaction: '1' };
    const changeId = await approved(plan, changed);
    const risk = { failedVerification: true, rejectedApproval: false, fundsOverFen: 2_000_000, shortHandleSeconds: null, longHandleSeconds: 3600, lowSatisfaction: 1 };
    // Recorded as changed by the colleague who approved it; the proposal by the inspector.
    expect(await sql`SELECT rate_kind, rate_value, new_teller_weeks, new_teller_rate, risk, active, updated_by FROM qc_plans WHERE id = ${plan}`).toEqual([
      { rate_kind: 'count', rate_value: 2, new_teller_weeks: 8, new_teller_rate: 3, risk, active: true, updated_by: colleague.id },
    ]);
    expect(await auditSince(seq)).toMatchObject([
      { action: 'qcPlan.update', outcome: 'ok', actor_id: inspector.id, entity_id: plan, details: { change: changeId, rateKind: 'count', risk } },
      { action: 'config.decide', outcome: 'ok', actor_id: colleague.id, entity_id: changeId, details: { kind: 'qc_plan', target: plan } },
    ]);

    const r = await drawPlan(plan, period, inspector.id, period.end);
    expect(r).toMatchObject({ candidates: 5, drawn: 2 });
    expect((await drawRow(r.drawId)).input.plan).toEqual({ id: plan, rateKind: 'count', rateValue: 2, newTellerWeeks: 8, newTellerRate: 3, risk });
    // Changed again (and switched off: the box left unticked): the draw keeps what it drew with.
    await approved(plan, { active: '' });
    expect(await sql`SELECT rate_kind, active FROM qc_plans WHERE id = ${plan}`).toEqual([{ rate_kind: 'percent', active: false }]);
    expect((await drawRow(r.drawId)).input.plan).toMatchObject({ rateKind: 'count', rateValue: 2 });
    expect(await pgFailure(() => sql`UPDATE qc_draws SET seed = 'x' WHERE id = ${r.drawId}`)).toMatchObject({ message: expect.stringMatching(/append-only: UPDATE/) });
    expect(await pgFailure(() => sql`DELETE FROM qc_draws WHERE id = ${r.drawId}`)).toMatchObject({ message: expect.stringMatching(/append-only: DELETE/) });
  });
});

describe('the QC queue, a page at a time', () => {
  /** `n` ended sessions of a teller of their own, ended in 2091 (after any other test's) at three instants shared to the microsecond. */
  async function endedIn2091(n: number): Promise<string[]> {
    const teller = await makeStaff('teller');
    const rows = await sql<{ id: string }[]>`
      INSERT INTO service_sessions (teller_id, channel, status, started_at, ended_at, outcome, satisfaction)
      SELECT ${teller.id}::uuid, 'phone'::channel, 'ended'::service_session_status, t - interval '5 minutes', t, 'resolved'::session_outcome, 4::smallint
      FROM (SELECT '2091-03-05T02:00:00.123456Z'::timestamptz + make_interval(mins => g % 3) AS t FROM generate_series(1, ${n}::int) AS g) AS s
      RETURNING id`;
    return rows.map((r) => r.id);
  }

  it('my inspections: every open assignment once, oldest first, ties broken by id; a malformed cursor gives the first page', async () => {
    const me = await makeUser('qc');
    const sessions = await endedIn2091(23);
    // Two statements: the first 15 share their created_at to the microsecond, the other 8 theirs.
    const assign = (ids: string[]) => sql`INSERT INTO qc_assignments (session_id, inspector_id, reason, note, assigned_by) SELECT s, ${me.id}::uuid, 'manual', '分页复核', ${me.id}::uuid FROM unnest(${ids}::uuid[]) AS s`;
    await assign(sessions.slice(0, 15));
    await assign(sessions.slice(15));
    const truth = (await sql<{ session_id: string }[]>`SELECT session_id FROM qc_assignments WHERE inspector_id = ${me.id} ORDER BY created_at, id`).map((r) => r.session_id);
    expect([...truth].sort()).toEqual([...sessions].sort());
    for (const size of [4, 5, 15, 50]) {
      expect((await pageThrough((page) => listMyAssignments(me.id, page), size)).map((a) => a.session_id), `pages of ${size}`).toEqual(truth);
    }
    const first = (await listMyAssignments(me.id, { limit: 5 })).map((a) => a.session_id);
    const good = (await listMyAssignments(me.id, { limit: 5 })).at(-1)!.cursor;
    expect(parseAssignmentCursor(good)).toBeDefined();
    const [time, id] = good.split('|');
    for (const bad of ['x', `${time}|`, `${time}|${id}|1`, `2091-02-30T02:00:00.123456Z|${id}`, `${time}|${id}'--`, `${time?.slice(0, 19)}Z|${id}`]) {
      expect(parseAssignmentCursor(bad), bad).toBeUndefined();
      expect((await listMyAssignments(me.id, { after: bad, limit: 5 })).map((a) => a.session_id), bad).toEqual(first);
    }
  });

  it('other sessions to inspect: newest first, ties broken by id, none twice, no assigned one; a malformed cursor gives the first page', async () => {
    const me = await makeUser('qc');
    const sessions = await endedIn2091(23);
    // One assigned to this inspector (it is on their own list), one to a colleague: neither is "other".
    await sql`INSERT INTO qc_assignments (session_id, inspector_id, reason, note, assigned_by) VALUES (${sessions[0]!}, ${me.id}, 'manual', '分页复核', ${me.id}), (${sessions[1]!}, ${colleague.id}, 'manual', '分页复核', ${colleague.id})`;
    const expected = (await sql<{ id: string }[]>`SELECT id FROM service_sessions WHERE id IN ${sql(sessions.slice(2))} ORDER BY ended_at DESC, id DESC`).map((r) => r.id);
    // The whole list in one page, against which the pages are read (every row of 2091 is in its first 40: nothing ends later).
    const whole = (await listSessionsToInspect(me.id, { limit: 40 })).map((s) => s.id);
    expect(whole.filter((id) => sessions.includes(id))).toEqual(expected);
    for (const size of [4, 7, 21]) {
      const paged = (await pageThrough((page) => listSessionsToInspect(me.id, page), size, 40)).map((s) => s.id).slice(0, 40);
      expect(paged, `pages of ${size}`).toEqual(whole);
    }
    const first = (await listSessionsToInspect(me.id, { limit: 5 })).map((s) => s.id);
    const good = (await listSessionsToInspect(me.id, { limit: 5 })).at(-1)!.cursor;
    expect(parseSessionCursor(good)).toBeDefined();
    const [time, id] = good.split('|');
    for (const bad of ['x', `${time}|`, `${time}|${id}|1`, `2091-13-05T02:00:00.123456Z|${id}`, `${time}|${id}'--`]) {
      expect(parseSessionCursor(bad), bad).toBeUndefined();
      expect((await listSessionsToInspect(me.id, { after: bad, limit: 5 })).map((s) => s.id), bad).toEqual(first);
    }
  });
});
