import 'server-only';
import { sql } from 'drizzle-orm';
import { db, type DbOrTx, type Tx } from '@/db';
import { appendAudit } from '@/db/queries/audit';
import { violatesUnique } from '@/db/errors';
import { appraisalResults, appraisalWeights } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { beijingDate } from '@/lib/calendar/working-days';
import { MONTH, monthBounds } from '@/lib/qc/reports';
import { monthFigures } from './figures';
import { appraise, parseWeights, type AppraisalFigures, type Scores, type Target, type Weights } from './score';

/**
 * Closing and recalculating appraisal months (月度考核结算). A finished month is closed once — by the monthly job, or
 * by a supervisor for a month the job has not closed — as version 1 of each teller's result under the weights then
 * current; the result keeps its figures whatever changes later. A supervisor may recalculate a teller of their team
 * with a reason: a new version, audited, the earlier ones kept. Weights change as new versions, used from the next
 * computation on.
 */

/** What a result row stores: the figures as counted, and the appraisal made of them then. */
export type StoredAppraisal = { figures: AppraisalFigures; scores: Scores; targets: Target[] };


const notMonth = () => new DomainError('errors.appraisal.month', 'failed', { month: ['errors.appraisal.month'] });

export async function currentWeights(conn: DbOrTx = db): Promise<{ version: number; weights: Weights; note: string; createdAt: Date }> {
  const [row] = await conn.select().from(appraisalWeights).orderBy(sql`${appraisalWeights.version} DESC`).limit(1);
  if (!row) throw new Error('no appraisal weights: the migrations insert version 1');
  return { version: row.version, weights: parseWeights(row.weights), note: row.note, createdAt: row.createdAt };
}

/** The Beijing month before the one `now` falls in, YYYY-MM. */
export function previousMonth(now: Date): string {
  const [y, m] = beijingDate(now).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function stored(figures: AppraisalFigures, weights: Weights): { figures: StoredAppraisal; total: string } {
  const a = appraise(figures, weights);
  return { figures: { figures, scores: a.scores, targets: a.targets }, total: a.total.toFixed(2) };
}

/**
 * Closes a finished month: version 1 for each teller who has none yet (idempotent, and safe against a concurrent
 * close: the unique version index decides). Refused for a month not over at `now`. Returns how many were written.
 */
export async function closeMonth(month: string, now = new Date()): Promise<{ month: string; closed: number; weightsVersion: number }> {
  if (!MONTH.test(month)) throw notMonth();
  if (new Date(monthBounds(month).end).getTime() > now.getTime()) throw new DomainError('errors.appraisal.monthNotOver', 'failed', { month: ['errors.appraisal.monthNotOver'] });
  const { version, weights } = await currentWeights();
  const tellers = await monthFigures(month);
  let closed = 0;
  for (let i = 0; i < tellers.length; i += 500) {
    const values = tellers.slice(i, i + 500).map((t) => ({ staffId: t.staffId, month, version: 1, teamId: t.teamId, weightsVersion: version, ...stored(t.figures, weights) }));
    closed += (await db.insert(appraisalResults).values(values).onConflictDoNothing().returning({ id: appraisalResults.id })).length;
  }
  return { month, closed, weightsVersion: version };
}

/** The monthly job (db/boss.ts APPRAISAL_CLOSE_QUEUE): closes the month before `now`, audited when it wrote anything. */
export async function closePreviousMonth(now = new Date()): Promise<{ month: string; closed: number }> {
  const result = await closeMonth(previousMonth(now), now);
  if (result.closed > 0) {
    await appendAudit({ actorId: null, actorRole: null, action: 'appraisal.close', outcome: 'ok', entityType: 'appraisal_month', entityId: null, details: { month: result.month, closed: result.closed, weightsVersion: result.weightsVersion } });
  }
  return { month: result.month, closed: result.closed };
}

/** The supervisor's team (null: none), read from the database as it is now. */
export async function teamOf(staffId: string): Promise<string | null> {
  const [row] = (await db.execute(sql`SELECT team_id FROM staff WHERE id = ${staffId}`)) as unknown as { team_id: string | null }[];
  return row?.team_id ?? null;
}

/** Refused unless `staffId` is a teller of the supervisor's team (their staff.team_id, now). */
async function requireTeamTeller(supervisorId: string, staffId: string): Promise<string> {
  const team = await teamOf(supervisorId);
  if (!team) throw new DomainError('errors.appraisal.noTeam', 'denied');
  const [row] = (await db.execute(sql`SELECT 1 FROM staff WHERE id = ${staffId} AND role = 'teller' AND team_id = ${team}`)) as unknown as unknown[];
  if (!row) throw new DomainError('errors.appraisal.notYourTeam', 'denied');
  return team;
}

/**
 * A supervisor recalculates a closed month of a teller of their team, with a reason: the figures counted again, the
 * current weights, the next version. Concurrent recalculations wait on the month's first version (row lock).
 */
export async function recalculate(staffId: string, month: string, supervisorId: string, reason: string): Promise<{ version: number; total: number; weightsVersion: number }> {
  if (!MONTH.test(month)) throw notMonth();
  await requireTeamTeller(supervisorId, staffId);
  return db.transaction(async (tx) => {
    const [first] = (await tx.execute(sql`SELECT 1 FROM appraisal_results WHERE staff_id = ${staffId} AND month = ${month} AND version = 1 FOR UPDATE`)) as unknown as unknown[];
    if (!first) throw new DomainError('errors.appraisal.notClosed');
    const [{ next }] = (await tx.execute(sql`SELECT max(version)::int + 1 AS next FROM appraisal_results WHERE staff_id = ${staffId} AND month = ${month}`)) as unknown as [{ next: number }];
    const { version: weightsVersion, weights } = await currentWeights();
    const mine = (await monthFigures(month, [staffId])).find((t) => t.staffId === staffId);
    if (!mine) throw new DomainError('errors.appraisal.notYourTeam', 'denied');
    const s = stored(mine.figures, weights);
    await tx.insert(appraisalResults).values({ staffId, month, version: next, teamId: mine.teamId, weightsVersion, computedBy: supervisorId, reason, ...s });
    return { version: next, total: Number(s.total), weightsVersion };
  });
}

/**
 * Sets new weights: the next version, used from the next closing or recalculation. Only through an approved
 * configuration change (lib/config-changes), in its transaction; `supervisorId` approved it.
 */
export async function changeWeights(tx: Tx, weights: Weights, note: string, supervisorId: string): Promise<number> {
  try {
    const [row] = (await tx.execute(sql`
      INSERT INTO appraisal_weights (version, weights, note, created_by)
      SELECT coalesce(max(version), 0) + 1, ${JSON.stringify(weights)}::jsonb, ${note}, ${supervisorId} FROM appraisal_weights
      RETURNING version`)) as unknown as { version: number }[];
    return row!.version;
  } catch (err) {
    // Someone else set weights at the same moment: theirs stand; this one is asked again.
    if (violatesUnique(err)) throw new DomainError('errors.appraisal.weightsChanged');
    throw err;
  }
}
