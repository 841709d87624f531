import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, desc, eq, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type DbOrTx, type Tx } from '@/db';
import { violatesUnique } from '@/db/errors';
import { qcAssignments, qcDraws, qcPlans, staff } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { assignEvenly, drawSample, type Candidate, type Rate } from './sampling';
import { exactTime, parseTimeIdCursor } from '@/db/queries/keyset';

/**
 * Sampling plans at work (质检抽样): a plan draws a period's sessions — per teller at their rate, plus every session a
 * risk rule flags — with a recorded seed, and shares them among the inspectors evenly, never to one who took part.
 * A pg-boss job draws each finished period; an inspector may draw a period so far (the rest is drawn later), or add a
 * session by hand.
 */

export const planRiskSchema = z.object({
  failedVerification: z.boolean(),
  rejectedApproval: z.boolean(),
  fundsOverFen: z.number().int().positive().nullable(),
  shortHandleSeconds: z.number().int().positive().nullable(),
  longHandleSeconds: z.number().int().positive().nullable(),
  lowSatisfaction: z.number().int().min(1).max(5).nullable(),
});
export type PlanRisk = z.infer<typeof planRiskSchema>;
export const RISK_REASONS = ['failed_verification', 'rejected_approval', 'large_funds', 'short_handle', 'long_handle', 'low_satisfaction', 'complaint'] as const;
export type RiskReason = (typeof RISK_REASONS)[number];

export type Plan = typeof qcPlans.$inferSelect & { risk: PlanRisk };

/** Beijing calendar periods: a week from Monday 00:00, a month from the 1st 00:00 (UTC+8, no daylight saving). */
export function periodContaining(kind: 'week' | 'month', at: Date): { start: Date; end: Date } {
  const local = new Date(at.getTime() + 8 * 3600_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const d = local.getUTCDate();
  const startLocal = kind === 'month' ? Date.UTC(y, m, 1) : Date.UTC(y, m, d) - ((local.getUTCDay() + 6) % 7) * 86_400_000;
  const endLocal = kind === 'month' ? Date.UTC(y, m + 1, 1) : startLocal + 7 * 86_400_000;
  return { start: new Date(startLocal - 8 * 3600_000), end: new Date(endLocal - 8 * 3600_000) };
}

/** The period before the one containing `at`. */
export function previousPeriod(kind: 'week' | 'month', at: Date): { start: Date; end: Date } {
  return periodContaining(kind, new Date(periodContaining(kind, at).start.getTime() - 1));
}

/** Which risk rules of the plan a session meets. */
export function riskReasons(risk: PlanRisk, s: { failedVerification: boolean; rejectedApproval: boolean; maxAmountFen: number | null; seconds: number; satisfaction: number | null; complained?: boolean }): RiskReason[] {
  const out: RiskReason[] = [];
  if (risk.failedVerification && s.failedVerification) out.push('failed_verification');
  if (risk.rejectedApproval && s.rejectedApproval) out.push('rejected_approval');
  if (risk.fundsOverFen !== null && s.maxAmountFen !== null && s.maxAmountFen >= risk.fundsOverFen) out.push('large_funds');
  if (risk.shortHandleSeconds !== null && s.seconds < risk.shortHandleSeconds) out.push('short_handle');
  if (risk.longHandleSeconds !== null && s.seconds > risk.longHandleSeconds) out.push('long_handle');
  if (risk.lowSatisfaction !== null && s.satisfaction !== null && s.satisfaction <= risk.lowSatisfaction) out.push('low_satisfaction');
  // A session a customer complained about is always drawn, whatever the plan says.
  if (s.complained) out.push('complaint');
  return out;
}

export async function listPlans(): Promise<Plan[]> {
  const rows = await db.select().from(qcPlans).orderBy(qcPlans.name);
  return rows.map((r) => ({ ...r, risk: planRiskSchema.parse(r.risk) }));
}

export type DrawInput = { plan: { id: string; rateKind: string; rateValue: number; newTellerWeeks: number; newTellerRate: number; risk: PlanRisk }; rates: Record<string, Rate>; candidates: Candidate[] };

/** Draws the sample again from what a draw recorded: the same input and seed give the same sessions (an audit check). */
export function redraw(input: DrawInput, seed: string) {
  return drawSample(input.candidates, (t) => input.rates[t] ?? { kind: input.plan.rateKind as Rate['kind'], value: input.plan.rateValue }, seed);
}

/**
 * Draws a plan's period, or what of it has not been drawn yet: its sessions ended since the last draw of the period
 * (up to now, or the period's end) and not yet inspected or assigned, each teller's rate (higher in their first weeks;
 * a count is what is left of it after the period's earlier draws), the risk rules, a fresh recorded seed; the drawn
 * sessions go to the inspectors evenly. The draws of one period never overlap.
 */
export async function drawPlan(planId: string, period: { start: Date; end: Date }, by: string | null, now = new Date()): Promise<{ drawId: string; candidates: number; drawn: number; unassigned: number }> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.select().from(qcPlans).where(eq(qcPlans.id, planId)).for('update');
      if (!row) throw new DomainError('errors.notFound', 'failed');
      if (!row.active) throw new DomainError('errors.qc.planInactive', 'failed');
      const plan = { id: row.id, rateKind: row.rateKind, rateValue: row.rateValue, newTellerWeeks: row.newTellerWeeks, newTellerRate: row.newTellerRate, risk: planRiskSchema.parse(row.risk) };
      const [last] = await tx.select({ to: max(qcDraws.coveredTo) }).from(qcDraws).where(and(eq(qcDraws.planId, planId), eq(qcDraws.periodStart, period.start)));
      const from = last?.to ?? period.start;
      const to = new Date(Math.min(now.getTime(), period.end.getTime()));
      if (to <= from) throw new DomainError('errors.qc.periodDrawn', 'failed');
      const sessions = await tx.execute<{ id: string; teller_id: string; teller_since: string; failed: boolean; rejected: boolean; max_amount: string | null; seconds: number; satisfaction: number | null; complained: boolean }>(sql`
        SELECT s.id, s.teller_id, t.created_at::text AS teller_since,
          (EXISTS (SELECT 1 FROM verifications v WHERE v.session_id = s.id AND v.result = 'fail')
            OR EXISTS (SELECT 1 FROM verification_locks l WHERE l.session_id = s.id)) AS failed,
          EXISTS (SELECT 1 FROM cases c WHERE c.session_id = s.id AND c.state = 'rejected') AS rejected,
          (SELECT max(c.amount_fen)::text FROM cases c WHERE c.session_id = s.id) AS max_amount,
          extract(epoch FROM s.ended_at - s.started_at)::float8 AS seconds,
          s.satisfaction,
          EXISTS (SELECT 1 FROM complaints k WHERE k.session_id = s.id) AS complained
        FROM service_sessions s JOIN staff t ON t.id = s.teller_id
        WHERE s.status = 'ended' AND s.ended_at >= ${from.toISOString()}::timestamptz AND s.ended_at < ${to.toISOString()}::timestamptz
          AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.session_id = s.id)
          AND NOT EXISTS (SELECT 1 FROM qc_assignments a WHERE a.session_id = s.id)
        ORDER BY s.id`);
      const candidates: Candidate[] = sessions.map((s) => ({
        sessionId: s.id,
        tellerId: s.teller_id,
        riskReasons: riskReasons(plan.risk, { failedVerification: s.failed, rejectedApproval: s.rejected, maxAmountFen: s.max_amount === null ? null : Number(s.max_amount), seconds: Number(s.seconds), satisfaction: s.satisfaction, complained: s.complained }),
      }));
      // A teller is new in their first weeks (counted from their account's creation to the period's start).
      const newSince = period.start.getTime() - plan.newTellerWeeks * 7 * 86_400_000;
      // A count per teller is for the whole period: what its earlier draws took at random counts against it.
      const taken = new Map<string, number>();
      if (plan.rateKind === 'count' && last?.to) {
        const rows = await tx.execute<{ teller_id: string; n: number }>(sql`
          SELECT s.teller_id, count(*)::int AS n FROM qc_assignments a JOIN qc_draws d ON d.id = a.draw_id JOIN service_sessions s ON s.id = a.session_id
          WHERE d.plan_id = ${planId} AND d.period_start = ${period.start.toISOString()}::timestamptz AND a.reason = 'random' GROUP BY s.teller_id`);
        for (const r of rows) taken.set(r.teller_id, r.n);
      }
      const rates: Record<string, Rate> = {};
      for (const s of sessions) {
        const value = new Date(s.teller_since).getTime() >= newSince ? plan.newTellerRate : plan.rateValue;
        rates[s.teller_id] = { kind: plan.rateKind as Rate['kind'], value: plan.rateKind === 'count' ? Math.max(0, value - (taken.get(s.teller_id) ?? 0)) : value };
      }
      const input: DrawInput = { plan, rates, candidates };
      const seed = randomBytes(16).toString('hex');
      const drawn = redraw(input, seed);
      const ids = drawn.map((d) => d.sessionId);
      const inspectors = await tx.execute<{ id: string; load: number }>(sql`
        SELECT q.id, (SELECT count(*)::int FROM qc_assignments a WHERE a.inspector_id = q.id AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.session_id = a.session_id AND i.status = 'submitted')) AS load
        FROM staff q WHERE q.role = 'qc' AND q.active ORDER BY q.id`);
      const took = ids.length === 0 ? [] : await tx.execute<{ session_id: string; staff_id: string }>(sql`
        SELECT s.sid AS session_id, q.id AS staff_id FROM unnest(ARRAY[${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)}]) AS s(sid)
        CROSS JOIN staff q WHERE q.role = 'qc' AND q.active AND took_part_in_session(s.sid, q.id)`);
      const { assignments, unassigned } = assignEvenly(
        ids.map((id) => ({ sessionId: id, participants: took.filter((t) => t.session_id === id).map((t) => t.staff_id) })),
        inspectors.map((i) => ({ id: i.id, load: i.load })),
        seed,
      );
      const [draw] = await tx
        .insert(qcDraws)
        .values({ planId, periodStart: period.start, periodEnd: period.end, coveredFrom: from, coveredTo: to, seed, input, candidates: candidates.length, drawn: drawn.length, unassigned: unassigned.length, drawnBy: by })
        .returning({ id: qcDraws.id });
      for (const d of drawn) {
        const inspectorId = assignments.get(d.sessionId);
        if (!inspectorId) continue;
        // A session added by hand meanwhile keeps that assignment.
        await tx.insert(qcAssignments).values({ sessionId: d.sessionId, inspectorId, drawId: draw!.id, reason: d.reason, riskReasons: [...d.riskReasons] }).onConflictDoNothing({ target: qcAssignments.sessionId });
      }
      return { drawId: draw!.id, candidates: candidates.length, drawn: drawn.length, unassigned: unassigned.length };
    });
  } catch (err) {
    if (violatesUnique(err, 'qc_draws_covered_idx')) throw new DomainError('errors.qc.periodDrawn', 'failed');
    throw err;
  }
}

/** The job's work: each active plan draws what is left of its last finished period (nothing, when it was all drawn). */
export async function drawFinishedPeriods(now = new Date()): Promise<number> {
  let drawn = 0;
  for (const plan of (await listPlans()).filter((p) => p.active)) {
    try {
      drawn += (await drawPlan(plan.id, previousPeriod(plan.period as 'week' | 'month', now), null, now)).drawn;
    } catch (err) {
      if (!(err instanceof DomainError && err.key === 'errors.qc.periodDrawn')) throw err;
    }
  }
  return drawn;
}

/** An inspector adds an ended session by hand, with the reason; for themselves (the database refuses one they took part in). */
export async function assignByHand(sessionId: string, inspectorId: string, note: string): Promise<string> {
  const [s] = await db.execute<{ status: string; inspected: boolean; took_part: boolean }>(sql`
    SELECT s.status::text AS status, EXISTS (SELECT 1 FROM inspections i WHERE i.session_id = s.id) AS inspected, took_part_in_session(s.id, ${inspectorId}) AS took_part
    FROM service_sessions s WHERE s.id = ${sessionId}`);
  if (!s) throw new DomainError('errors.notFound', 'failed');
  if (s.status !== 'ended') throw new DomainError('errors.sessionNotEnded', 'failed');
  if (s.took_part) throw new DomainError('errors.ownSession', 'denied');
  if (s.inspected) throw new DomainError('errors.alreadyInspected', 'failed');
  try {
    const [row] = await db.insert(qcAssignments).values({ sessionId, inspectorId, reason: 'manual', note, assignedBy: inspectorId }).returning({ id: qcAssignments.id });
    return row!.id;
  } catch (err) {
    if (violatesUnique(err, 'qc_assignments_session_id_unique')) throw new DomainError('errors.qc.alreadyAssigned', 'failed');
    throw err;
  }
}

/** A plan's settings as its form changes them. */
export type PlanSettings = { rateKind: 'percent' | 'count'; rateValue: number; newTellerWeeks: number; newTellerRate: number; risk: PlanRisk; active: boolean };

/**
 * When a plan last changed, to the microsecond (timezone-free): a change proposed on it is refused at approval if
 * the plan changed since. Undefined when there is no such plan.
 */
export async function planStamp(planId: string, conn: DbOrTx = db): Promise<string | undefined> {
  const [row] = await conn.select({ stamp: sql<string>`(extract(epoch FROM ${qcPlans.updatedAt}) * 1000000)::bigint::text` }).from(qcPlans).where(eq(qcPlans.id, planId));
  return row?.stamp;
}

/**
 * Updates a plan's rates and risk rules (what it draws from its next draw on). Only through an approved configuration
 * change (lib/config-changes), in its transaction; `by` approved it.
 */
export async function updatePlan(tx: Tx, planId: string, by: string, v: PlanSettings): Promise<void> {
  const [row] = await tx.update(qcPlans).set({ ...v, updatedBy: by, updatedAt: sql`now()` as unknown as Date }).where(eq(qcPlans.id, planId)).returning({ id: qcPlans.id });
  if (!row) throw new DomainError('errors.notFound', 'failed');
}

export async function listDraws(planId: string, limit = 12) {
  return db
    .select({ id: qcDraws.id, periodStart: qcDraws.periodStart, periodEnd: qcDraws.periodEnd, coveredFrom: qcDraws.coveredFrom, coveredTo: qcDraws.coveredTo, seed: qcDraws.seed, candidates: qcDraws.candidates, drawn: qcDraws.drawn, unassigned: qcDraws.unassigned, drawnAt: qcDraws.drawnAt, drawnBy: staff.displayName })
    .from(qcDraws)
    .leftJoin(staff, eq(staff.id, qcDraws.drawnBy))
    .where(eq(qcDraws.planId, planId))
    .orderBy(desc(qcDraws.periodStart), desc(qcDraws.coveredFrom))
    .limit(limit);
}

/** A page of an inspector's open assignments (the QC queue's "My inspections"). */
export const ASSIGNMENTS_PAGE = 50;

/** Reads a cursor made by listMyAssignments (a row's created_at to the microsecond and id); anything else is no cursor. */
export function parseAssignmentCursor(value: string | null | undefined): { createdAt: string; id: string } | undefined {
  const c = parseTimeIdCursor(value);
  return c && { createdAt: c.at, id: c.id };
}

/**
 * An inspector's open assignments (not yet submitted), oldest first, with why each was drawn. done_at (set when the
 * inspection is submitted) keeps the finished ones out of qc_assignments_open_idx; the NOT EXISTS still decides.
 * Paged by keyset on the index's own (created_at, id): `after` is the previous page's last row's cursor (a malformed
 * one is ignored: the first page).
 */
export async function listMyAssignments(inspectorId: string, page: { after?: string | null; limit?: number } = {}) {
  const limit = Math.max(1, Math.trunc(page.limit ?? ASSIGNMENTS_PAGE));
  const after = parseAssignmentCursor(page.after);
  return db.execute<{ id: string; session_id: string; reason: string; risk_reasons: string[]; note: string | null; created_at: Date; teller_name: string; customer_name: string | null; channel: string; ended_at: Date; draft: boolean; cursor: string }>(sql`
    SELECT a.id, a.session_id, a.reason, a.risk_reasons, a.note, a.created_at, t.display_name AS teller_name, c.name AS customer_name, s.channel::text AS channel, s.ended_at,
      EXISTS (SELECT 1 FROM inspections i WHERE i.session_id = a.session_id AND i.status = 'draft') AS draft,
      ${exactTime(sql`a.created_at`)} || '|' || a.id AS cursor
    -- The page's assignments first (walking qc_assignments_open_idx in its order), then their names: the joins run for
    -- the page's rows only, not for every open assignment after the cursor.
    FROM (
      SELECT a.* FROM qc_assignments a
      WHERE a.inspector_id = ${inspectorId} AND a.done_at IS NULL AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.session_id = a.session_id AND i.status = 'submitted')
        ${after ? sql`AND (a.created_at, a.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : sql``}
      ORDER BY a.created_at, a.id LIMIT ${limit}
    ) a JOIN service_sessions s ON s.id = a.session_id JOIN staff t ON t.id = s.teller_id LEFT JOIN customers c ON c.id = s.customer_id
    ORDER BY a.created_at, a.id`);
}

