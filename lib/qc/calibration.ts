import 'server-only';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { db } from '@/db';
import { tookPartInSession } from '@/db/queries/inspections';
import { violatesUnique } from '@/db/errors';
import { calibrationMembers, calibrationRounds, calibrationScores, calibrationSessions, serviceSessions, staff } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { deviationsFromMedian, itemAgreement, krippendorffAlphaInterval, median } from './agreement';
import { autoAnswers } from './auto-checks';
import { readRatings } from './inspection';
import { currentScorecards, scorecardVersion, type PublishedScorecard } from './scorecards';
import { computeScore, type Ratings } from './template';

/**
 * Calibration rounds (质检校准): several inspectors score the same sessions blind on one scorecard version; the round
 * reports each inspector's deviation from the median, per-item agreement and Krippendorff's alpha (interval) over the
 * scores. A member sees the others' scores only once they have scored every session of the round, or it is closed.
 * Calibration scores never count toward a teller's quality.
 */

export async function createRound(creatorId: string, v: { name: string; templateId: string; sessionIds: string[]; memberIds: string[] }): Promise<string> {
  const scorecard = (await currentScorecards()).find((s) => s.templateId === v.templateId);
  if (!scorecard) throw new DomainError('errors.notFound', 'failed', { templateId: ['errors.qc.noScorecard'] });
  return db.transaction(async (tx) => {
    const sessions = await tx.select({ id: serviceSessions.id, status: serviceSessions.status }).from(serviceSessions).where(inArray(serviceSessions.id, v.sessionIds));
    if (sessions.length !== v.sessionIds.length || sessions.some((s) => s.status !== 'ended')) throw new DomainError('errors.qc.calibrationSessions', 'failed', { sessionIds: ['errors.qc.calibrationSessions'] });
    const members = await tx.select({ id: staff.id }).from(staff).where(and(inArray(staff.id, v.memberIds), eq(staff.role, 'qc'), eq(staff.active, true)));
    if (members.length !== v.memberIds.length) throw new DomainError('errors.qc.calibrationMembers', 'failed', { memberIds: ['errors.qc.calibrationMembers'] });
    // Every member must be able to score every session blind: none took part in one, nor inspected it.
    const conflicts = await tx.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM unnest(ARRAY[${sql.join(v.sessionIds.map((i) => sql`${i}::uuid`), sql`, `)}]) s(id)
      CROSS JOIN unnest(ARRAY[${sql.join(v.memberIds.map((i) => sql`${i}::uuid`), sql`, `)}]) m(id)
      WHERE took_part_in_session(s.id, m.id) OR EXISTS (SELECT 1 FROM inspections i WHERE i.session_id = s.id AND i.inspector_id = m.id)`);
    if (conflicts[0]!.n > 0) throw new DomainError('errors.qc.memberTookPart', 'failed', { memberIds: ['errors.qc.memberTookPart'] });
    const [round] = await tx.insert(calibrationRounds).values({ name: v.name, templateId: scorecard.templateId, templateVersion: scorecard.version, createdBy: creatorId }).returning({ id: calibrationRounds.id });
    await tx.insert(calibrationSessions).values(v.sessionIds.map((sessionId) => ({ roundId: round!.id, sessionId })));
    await tx.insert(calibrationMembers).values(v.memberIds.map((inspectorId) => ({ roundId: round!.id, inspectorId })));
    return round!.id;
  });
}

async function roundOf(roundId: string) {
  const [round] = await db.select().from(calibrationRounds).where(eq(calibrationRounds.id, roundId));
  if (!round) return undefined;
  const scorecard = (await scorecardVersion(round.templateId, round.templateVersion))!;
  return { round, scorecard };
}

/** A member's blind score of one session of the round, computed on the server; final once given. */
export async function scoreCalibration(roundId: string, inspectorId: string, sessionId: string, fields: Record<string, string>): Promise<number> {
  const r = await roundOf(roundId);
  if (!r) throw new DomainError('errors.notFound', 'failed');
  if (r.round.closedAt) throw new DomainError('errors.qc.roundClosed', 'failed');
  const [member] = await db.select().from(calibrationMembers).where(and(eq(calibrationMembers.roundId, roundId), eq(calibrationMembers.inspectorId, inspectorId)));
  const [inRound] = await db.select().from(calibrationSessions).where(and(eq(calibrationSessions.roundId, roundId), eq(calibrationSessions.sessionId, sessionId)));
  if (!member || !inRound) throw new DomainError('errors.notFound', 'denied');
  // The database refuses it too; here it gets its own message.
  if (await tookPartInSession(sessionId, inspectorId)) throw new DomainError('errors.ownSession', 'denied');
  const { ratings, errors } = readRatings(r.scorecard.definition, fields, await autoAnswers(sessionId), true);
  if (Object.keys(errors).length > 0) throw new DomainError('errors.qc.incomplete', 'failed', errors);
  const score = computeScore(r.scorecard.definition, ratings);
  try {
    await db.insert(calibrationScores).values({ roundId, sessionId, inspectorId, ratings, score: score.score, criticalFailure: score.criticalFailure });
  } catch (err) {
    if (violatesUnique(err, 'calibration_scores_round_id_session_id_inspector_id_pk')) throw new DomainError('errors.qc.alreadyScored', 'failed');
    throw err;
  }
  return score.score;
}

/** Closes a round (its creator): no more scores; the report is open to every inspector. */
export async function closeRound(roundId: string, by: string): Promise<void> {
  const [row] = await db
    .update(calibrationRounds)
    .set({ closedAt: sql`now()` as unknown as Date })
    .where(and(eq(calibrationRounds.id, roundId), eq(calibrationRounds.createdBy, by), sql`${calibrationRounds.closedAt} IS NULL`))
    .returning({ id: calibrationRounds.id });
  if (!row) throw new DomainError('errors.qc.roundNotClosable', 'failed');
}

export async function listRounds(limit = 20) {
  return db
    .select({
      id: calibrationRounds.id,
      name: calibrationRounds.name,
      createdAt: calibrationRounds.createdAt,
      closedAt: calibrationRounds.closedAt,
      creatorName: staff.displayName,
      sessions: sql<number>`(SELECT count(*)::int FROM calibration_sessions s WHERE s.round_id = "calibration_rounds"."id")`,
      members: sql<number>`(SELECT count(*)::int FROM calibration_members m WHERE m.round_id = "calibration_rounds"."id")`,
      scores: sql<number>`(SELECT count(*)::int FROM calibration_scores c WHERE c.round_id = "calibration_rounds"."id")`,
    })
    .from(calibrationRounds)
    .innerJoin(staff, eq(staff.id, calibrationRounds.createdBy))
    .orderBy(desc(calibrationRounds.createdAt))
    .limit(limit);
}

export type RoundView = {
  round: typeof calibrationRounds.$inferSelect;
  scorecard: PublishedScorecard;
  sessions: { id: string; tellerName: string; customerName: string | null; startedAt: Date }[];
  members: { id: string; name: string }[];
  /** Scores the viewer may see: their own always; everyone's once they have scored all, or the round is closed. */
  scores: { sessionId: string; inspectorId: string; score: number; criticalFailure: boolean; ratings: Ratings }[];
  reportVisible: boolean;
  report?: { alpha: number | null; deviations: Record<string, number>; agreement: Record<string, number>; medians: Record<string, number> };
};

export async function roundView(roundId: string, viewerId: string): Promise<RoundView | undefined> {
  const r = await roundOf(roundId);
  if (!r) return undefined;
  const sessions = await db.execute<{ id: string; teller_name: string; customer_name: string | null; started_at: Date }>(sql`
    SELECT s.id, t.display_name AS teller_name, c.name AS customer_name, s.started_at FROM calibration_sessions cs
    JOIN service_sessions s ON s.id = cs.session_id JOIN staff t ON t.id = s.teller_id LEFT JOIN customers c ON c.id = s.customer_id
    WHERE cs.round_id = ${roundId} ORDER BY s.started_at, s.id`);
  const members = await db.select({ id: staff.id, name: staff.displayName }).from(calibrationMembers).innerJoin(staff, eq(staff.id, calibrationMembers.inspectorId)).where(eq(calibrationMembers.roundId, roundId)).orderBy(asc(staff.displayName));
  const all = await db.select().from(calibrationScores).where(eq(calibrationScores.roundId, roundId));
  const mine = all.filter((s) => s.inspectorId === viewerId);
  const isMember = members.some((m) => m.id === viewerId);
  const reportVisible = !!r.round.closedAt || (isMember && mine.length === sessions.length);
  const visible = reportVisible ? all : mine;
  const view: RoundView = {
    round: r.round,
    scorecard: r.scorecard,
    sessions: sessions.map((s) => ({ id: s.id, tellerName: s.teller_name, customerName: s.customer_name, startedAt: new Date(s.started_at) })),
    members,
    scores: visible.map((s) => ({ sessionId: s.sessionId, inspectorId: s.inspectorId, score: s.score, criticalFailure: s.criticalFailure, ratings: s.ratings as Ratings })),
    reportVisible,
  };
  if (reportVisible) {
    const units = view.sessions.map((s) => members.map((m) => all.find((x) => x.sessionId === s.id && x.inspectorId === m.id)?.score ?? null));
    const medians: Record<string, number> = {};
    for (const s of view.sessions) {
      const v = all.filter((x) => x.sessionId === s.id).map((x) => x.score);
      if (v.length) medians[s.id] = median(v);
    }
    view.report = {
      alpha: krippendorffAlphaInterval(units),
      deviations: Object.fromEntries(deviationsFromMedian(all.map((x) => ({ sessionId: x.sessionId, inspectorId: x.inspectorId, score: x.score })))),
      agreement: Object.fromEntries(
        itemAgreement(all.flatMap((x) => Object.entries(x.ratings as Ratings).filter(([, v]) => v.value !== undefined).map(([item, v]) => ({ sessionId: x.sessionId, item, value: v.value as string | number })))),
      ),
      medians,
    };
  }
  return view;
}

/** Whether the viewer is to score this session blind in an open round and has not yet: its inspection stays hidden. */
export async function calibratingBlind(sessionId: string, viewerId: string): Promise<boolean> {
  const rows = await db.execute(sql`
    SELECT 1 FROM calibration_sessions cs JOIN calibration_rounds r ON r.id = cs.round_id AND r.closed_at IS NULL
    JOIN calibration_members m ON m.round_id = cs.round_id AND m.inspector_id = ${viewerId}
    WHERE cs.session_id = ${sessionId}
      AND NOT EXISTS (SELECT 1 FROM calibration_scores c WHERE c.round_id = cs.round_id AND c.session_id = cs.session_id AND c.inspector_id = ${viewerId})
    LIMIT 1`);
  return rows.length > 0;
}
