import 'server-only';
import { leastLoadedInspector } from '@/db/queries/qc-assignments';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db, type Tx } from '@/db';
import { violatesUnique } from '@/db/errors';
import { inspectionDisputes, inspections, qcAssignments, qcFindings, rectifications, serviceSessions, staff } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { tookPartInSession } from '@/db/queries/inspections';
import { scorecardVersion } from './scorecards';
import { computeScore, fails, fitsScale, inTellersFavour, itemsOf, parseRatingValue, ratingProblems, type ItemRating, type Ratings, type TemplateDefinition, type TemplateItem } from './template';
import { addWorkingDays, beijingDate, workingDaysAfter, type WorkingCalendar } from '@/lib/calendar/working-days';

/**
 * After the score (反馈与整改): the teller acknowledges an inspection, may dispute items within a window of working
 * days; a QC member other than the inspector, or a supervisor, resolves the dispute (the score is recomputed from the
 * re-rated items); failed items become findings, the serious ones rectification tasks the teller answers and a QC
 * member verifies.
 */

export const DISPUTE_WORKING_DAYS = 5;
export const RECTIFY_WORKING_DAYS = 10;
export type Severity = 'low' | 'medium' | 'high' | 'critical';
/** Findings from this severity up open a rectification task. */
export const RECTIFY_FROM: readonly Severity[] = ['high', 'critical'];

/** A failed item's severity: critical items are critical; otherwise by its weight. */
export function severityOf(item: TemplateItem): Severity {
  if (item.critical) return 'critical';
  if (item.weight >= 15) return 'high';
  if (item.weight >= 10) return 'medium';
  return 'low';
}

/**
 * The end of the dispute window of an inspection submitted at `at`: the last moment of its 5th working day after, by
 * the working calendar (loadCalendar), so a holiday does not eat into the teller's days.
 */
export function disputeWindowEnd(at: Date, cal: WorkingCalendar): Date {
  return addWorkingDays(at, DISPUTE_WORKING_DAYS, cal);
}

/**
 * What a submission opens, in its transaction: the re-inspections waiting on the session settled, a finding per failed
 * item, and a rectification task
 * for each serious one (due in working days by the calendar `cal`; the coaching note is the inspector's comment on the item, or on the
 * inspection, or the item's guidance).
 */
export async function afterSubmission(tx: Tx, v: { inspectionId: string; sessionId: string; inspectorId: string; tellerId: string; definition: TemplateDefinition; ratings: Ratings; comment: string; at: Date; cal: WorkingCalendar }): Promise<void> {
  await settleReinspections(tx, v);
  for (const item of itemsOf(v.definition)) {
    const r = v.ratings[item.key];
    if (!r || r.value === undefined || r.value === 'na' || !fails(item, r)) continue;
    const severity = severityOf(item);
    const [finding] = await tx.insert(qcFindings).values({ inspectionId: v.inspectionId, itemKey: item.key, severity }).returning({ id: qcFindings.id });
    if (!RECTIFY_FROM.includes(severity)) continue;
    const note = r.comment || v.comment || item.guidance || item.title;
    await tx.insert(rectifications).values({ findingId: finding!.id, tellerId: v.tellerId, dueDate: workingDaysAfter(v.at, RECTIFY_WORKING_DAYS, v.cal), coachingNote: note });
  }
}

/** A submitted inspection of one of the teller's sessions, with its scorecard version; undefined otherwise. */
async function tellersInspection(inspectionId: string, tellerId: string) {
  const [row] = await db
    .select({ inspection: inspections, tellerId: serviceSessions.tellerId })
    .from(inspections)
    .innerJoin(serviceSessions, eq(serviceSessions.id, inspections.sessionId))
    .where(and(eq(inspections.id, inspectionId), eq(inspections.status, 'submitted')));
  if (!row || row.tellerId !== tellerId) return undefined;
  return row.inspection;
}

export async function acknowledgeInspection(inspectionId: string, tellerId: string): Promise<void> {
  const i = await tellersInspection(inspectionId, tellerId);
  if (!i) throw new DomainError('errors.notFound', 'denied');
  if (i.acknowledgedAt) throw new DomainError('errors.qc.alreadyAcknowledged', 'failed');
  await db.update(inspections).set({ acknowledgedAt: sql`now()` as unknown as Date }).where(and(eq(inspections.id, inspectionId), sql`${inspections.acknowledgedAt} IS NULL`));
}

/** The teller disputes items of their inspection, with an explanation, within its window; once per inspection. */
export async function fileDispute(inspectionId: string, tellerId: string, items: string[], explanation: string): Promise<string> {
  const i = await tellersInspection(inspectionId, tellerId);
  if (!i || !i.templateId) throw new DomainError('errors.notFound', 'denied');
  if (!i.disputeUntil || i.disputeUntil.getTime() < Date.now()) throw new DomainError('errors.qc.disputeWindowClosed', 'failed');
  const scorecard = await scorecardVersion(i.templateId, i.templateVersion!);
  const known = new Set(itemsOf(scorecard!.definition).map((x) => x.key));
  if (items.length === 0 || items.some((k) => !known.has(k))) throw new DomainError('errors.qc.disputeItems', 'failed', { items: ['errors.qc.disputeItems'] });
  try {
    const [row] = await db.insert(inspectionDisputes).values({ inspectionId, tellerId, items, explanation, scoreBefore: i.score! }).returning({ id: inspectionDisputes.id });
    return row!.id;
  } catch (err) {
    if (violatesUnique(err, 'inspection_disputes_inspection_id_unique')) throw new DomainError('errors.qc.alreadyDisputed', 'failed');
    throw err;
  }
}

export type Resolution = 'accepted' | 'partial' | 'rejected';


/**
 * Resolves a dispute: the accepted items are re-rated (the new value given for each, on its scale), the score is
 * computed again from the submitted ratings with those replaced, and rectifications whose finding was overturned are
 * withdrawn. Never by the inspector who scored it (nor the teller); the database holds that too.
 */
export async function resolveDispute(disputeId: string, resolverId: string, resolution: Resolution, note: string, newValues: Record<string, string>): Promise<{ scoreBefore: number; scoreAfter: number; inspectionId: string }> {
  return db.transaction(async (tx) => {
    const [d] = await tx.select().from(inspectionDisputes).where(eq(inspectionDisputes.id, disputeId)).for('update');
    if (!d) throw new DomainError('errors.notFound', 'failed');
    if (d.status !== 'open') throw new DomainError('errors.qc.disputeResolved', 'failed');
    const [i] = await tx.select().from(inspections).where(eq(inspections.id, d.inspectionId));
    // Independent of the inspection: not its inspector, not its teller, nobody who took part in the session (the
    // database holds the same).
    if (i!.inspectorId === resolverId || d.tellerId === resolverId || (await tookPartInSession(i!.sessionId, resolverId))) throw new DomainError('errors.qc.ownInspection', 'denied');
    const scorecard = await scorecardVersion(i!.templateId!, i!.templateVersion!);
    const definition = scorecard!.definition;
    const accepted = resolution === 'accepted' ? d.items : resolution === 'partial' ? d.items.filter((k) => newValues[k] !== undefined && newValues[k] !== '') : [];
    if (resolution === 'partial' && (accepted.length === 0 || accepted.length === d.items.length)) {
      throw new DomainError('errors.qc.partialItems', 'failed', { resolution: ['errors.qc.partialItems'] });
    }
    const ratings: Ratings = { ...(i!.ratings as Ratings) };
    const errors: Record<string, string[]> = {};
    for (const key of accepted) {
      const item = itemsOf(definition).find((x) => x.key === key)!;
      const raw = newValues[key];
      const value = raw === undefined ? null : parseRatingValue(raw);
      const valid = value !== null && fitsScale(item, value);
      if (!valid || value === ratings[key]?.value) {
        errors[`r_${key}`] = [!valid ? (raw ? 'errors.qc.outOfScale' : 'errors.qc.rerateRequired') : 'errors.qc.sameRating'];
        continue;
      }
      // Upholding a dispute re-rates the item in the teller's favour, never against them.
      if (!inTellersFavour(item, ratings[key], value)) {
        errors[`r_${key}`] = ['errors.qc.notBetter'];
        continue;
      }
      ratings[key] = { ...ratings[key], value } as ItemRating;
    }
    // The re-rated scorecard must still be a valid one (e.g. not every item N/A).
    for (const p of ratingProblems(definition, ratings)) errors[`r_${p.item}`] ??= [p.message];
    if (Object.keys(errors).length > 0) throw new DomainError('errors.qc.incomplete', 'failed', errors);
    const score = computeScore(definition, ratings);
    const scoreAfter = resolution === 'rejected' ? d.scoreBefore : score.score;
    await tx
      .update(inspectionDisputes)
      .set({ status: resolution, resolverId, resolutionNote: note, acceptedItems: accepted, scoreAfter, resolvedAt: sql`now()` as unknown as Date })
      .where(eq(inspectionDisputes.id, disputeId));
    if (resolution !== 'rejected') {
      await tx.update(inspections).set({ finalScore: score.score, finalCriticalFailure: score.criticalFailure, finalRatings: ratings }).where(eq(inspections.id, i!.id));
      // A finding the dispute overturned (its item no longer fails) no longer asks for rectification.
      const overturned = accepted.filter((k) => !score.failed.includes(k));
      if (overturned.length > 0) {
        const findings = await tx.select({ id: qcFindings.id }).from(qcFindings).where(and(eq(qcFindings.inspectionId, i!.id), inArray(qcFindings.itemKey, overturned)));
        if (findings.length > 0) {
          await tx
            .update(rectifications)
            .set({ status: 'withdrawn' })
            .where(and(inArray(rectifications.findingId, findings.map((f) => f.id)), inArray(rectifications.status, ['open', 'answered', 'reinspecting', 'reopened'])));
        }
      }
    }
    return { scoreBefore: d.scoreBefore, scoreAfter, inspectionId: i!.id };
  });
}

/** The teller answers a rectification task (what they changed, what they learned). */
export async function respondRectification(rectificationId: string, tellerId: string, response: string): Promise<void> {
  const [row] = await db
    .update(rectifications)
    .set({ status: 'answered', response, respondedAt: sql`now()` as unknown as Date })
    .where(and(eq(rectifications.id, rectificationId), eq(rectifications.tellerId, tellerId), inArray(rectifications.status, ['open', 'reopened'])))
    .returning({ id: rectifications.id });
  if (row) return;
  const [current] = await db.select({ tellerId: rectifications.tellerId }).from(rectifications).where(eq(rectifications.id, rectificationId));
  if (!current || current.tellerId !== tellerId) throw new DomainError('errors.notFound', 'denied');
  throw new DomainError('errors.qc.rectificationState', 'failed');
}

/**
 * A QC member verifies an answered rectification, reopens it with a note, or verifies it by re-inspection (复检): the
 * teller's next session to end is drawn for inspection, and that inspection's rating of the item decides.
 */
export async function verifyRectification(rectificationId: string, qcId: string, outcome: 'verified' | 'reopened' | 'reinspect', note: string): Promise<void> {
  const now = sql`now()` as unknown as Date;
  const set =
    outcome === 'verified'
      ? { status: 'verified', verifiedBy: qcId, verifiedAt: now, verificationNote: note || null }
      : outcome === 'reopened'
        ? { status: 'reopened', verificationNote: note }
        : { status: 'reinspecting', verificationNote: note || null, reinspectRequestedBy: qcId, reinspectAfter: now, reinspectSessionId: null, reinspectInspectionId: null, reinspectResult: null };
  const [row] = await db.update(rectifications).set(set).where(and(eq(rectifications.id, rectificationId), eq(rectifications.status, 'answered'))).returning({ id: rectifications.id });
  if (!row) {
    const [current] = await db.select({ id: rectifications.id }).from(rectifications).where(eq(rectifications.id, rectificationId));
    throw current ? new DomainError('errors.qc.rectificationState', 'failed') : new DomainError('errors.notFound', 'failed');
  }
  if (outcome === 'reinspect') await drawReinspections();
}

/**
 * Draws the sessions re-inspections wait for: for each rectification being verified by re-inspection and not yet
 * given a session, the teller's first session ended after the request and not yet inspected. It goes to the inspector
 * who asked for it, or (when they took part in it or have left) to the least loaded inspector who did not; a session
 * already assigned keeps its inspector. Run by the sampling job every few minutes and at each request. Returns how
 * many rectifications were given a session.
 */
export async function drawReinspections(): Promise<number> {
  return db.transaction(async (tx) => {
    const waiting = await tx.execute<{ id: string; requested_by: string; session_id: string | null; assigned: boolean }>(sql`
      SELECT r.id, r.reinspect_requested_by AS requested_by, n.id AS session_id,
        EXISTS (SELECT 1 FROM qc_assignments a WHERE a.session_id = n.id) AS assigned
      FROM rectifications r
      LEFT JOIN LATERAL (
        SELECT s.id FROM service_sessions s
        WHERE s.teller_id = r.teller_id AND s.status = 'ended' AND s.ended_at > r.reinspect_after
          AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.session_id = s.id AND i.status = 'submitted')
        ORDER BY s.ended_at, s.id LIMIT 1) n ON true
      WHERE r.status = 'reinspecting' AND r.reinspect_session_id IS NULL
      FOR UPDATE OF r SKIP LOCKED`);
    let given = 0;
    for (const w of waiting) {
      if (!w.session_id) continue;
      if (!w.assigned) {
        const inspectorId = await leastLoadedInspector(tx, w.session_id, w.requested_by);
        if (!inspectorId) continue;
        await tx.insert(qcAssignments).values({ sessionId: w.session_id, inspectorId, reason: 'reinspection' }).onConflictDoNothing({ target: qcAssignments.sessionId });
      }
      await tx.update(rectifications).set({ reinspectSessionId: w.session_id }).where(eq(rectifications.id, w.id));
      given++;
    }
    return given;
  });
}

/**
 * What a submitted inspection says about the re-inspections waiting on its session: the finding's item passed → the
 * rectification is verified by this inspector; failed → reopened; not rated or not applicable → the next session after
 * this one is drawn instead.
 */
async function settleReinspections(tx: Tx, v: { inspectionId: string; sessionId: string; inspectorId: string; definition: TemplateDefinition; ratings: Ratings }): Promise<void> {
  const waiting = await tx
    .select({ id: rectifications.id, itemKey: qcFindings.itemKey, endedAt: serviceSessions.endedAt })
    .from(rectifications)
    .innerJoin(qcFindings, eq(qcFindings.id, rectifications.findingId))
    .innerJoin(serviceSessions, eq(serviceSessions.id, rectifications.reinspectSessionId))
    .where(and(eq(rectifications.reinspectSessionId, v.sessionId), eq(rectifications.status, 'reinspecting')));
  const items = new Map(itemsOf(v.definition).map((i) => [i.key, i]));
  for (const w of waiting) {
    const item = items.get(w.itemKey);
    const r = v.ratings[w.itemKey];
    if (!item || !r || r.value === undefined || r.value === 'na') {
      await tx.update(rectifications).set({ reinspectSessionId: null, reinspectAfter: w.endedAt }).where(eq(rectifications.id, w.id));
      continue;
    }
    const passed = !fails(item, r);
    await tx
      .update(rectifications)
      .set(
        passed
          ? { status: 'verified', verifiedBy: v.inspectorId, verifiedAt: sql`now()` as unknown as Date, reinspectInspectionId: v.inspectionId, reinspectResult: 'passed' }
          : { status: 'reopened', reinspectInspectionId: v.inspectionId, reinspectResult: 'failed' },
      )
      .where(eq(rectifications.id, w.id));
  }
}

const sessionTeller = alias(staff, 'session_teller');
const inspector = alias(staff, 'inspector');

/**
 * A teller's submitted inspections, newest first: score (final after a dispute), acknowledgement, dispute, window. By
 * the inspection's own teller (inspections_teller_idx).
 */
export async function listTellerInspections(tellerId: string, limit = 30) {
  return db
    .select({
      id: inspections.id,
      sessionId: inspections.sessionId,
      channel: serviceSessions.channel,
      startedAt: serviceSessions.startedAt,
      score: inspections.score,
      finalScore: inspections.finalScore,
      criticalFailure: inspections.criticalFailure,
      finalCriticalFailure: inspections.finalCriticalFailure,
      ratings: inspections.ratings,
      finalRatings: inspections.finalRatings,
      comment: inspections.comment,
      templateId: inspections.templateId,
      templateVersion: inspections.templateVersion,
      submittedAt: inspections.submittedAt,
      acknowledgedAt: inspections.acknowledgedAt,
      disputeUntil: inspections.disputeUntil,
      inspectorName: inspector.displayName,
      disputeStatus: inspectionDisputes.status,
      disputeItems: inspectionDisputes.items,
      disputeExplanation: inspectionDisputes.explanation,
      disputeNote: inspectionDisputes.resolutionNote,
      disputeAccepted: inspectionDisputes.acceptedItems,
    })
    .from(inspections)
    .innerJoin(serviceSessions, eq(serviceSessions.id, inspections.sessionId))
    .innerJoin(inspector, eq(inspector.id, inspections.inspectorId))
    .leftJoin(inspectionDisputes, eq(inspectionDisputes.inspectionId, inspections.id))
    .where(and(eq(inspections.tellerId, tellerId), eq(inspections.status, 'submitted')))
    .orderBy(desc(inspections.submittedAt))
    .limit(limit);
}

/** Open disputes, oldest first, with the inspection and who filed it; the viewer's own inspections are marked. */
export async function listOpenDisputes(limit = 50) {
  return db
    .select({
      id: inspectionDisputes.id,
      inspectionId: inspections.id,
      sessionId: inspections.sessionId,
      items: inspectionDisputes.items,
      explanation: inspectionDisputes.explanation,
      scoreBefore: inspectionDisputes.scoreBefore,
      createdAt: inspectionDisputes.createdAt,
      tellerName: sessionTeller.displayName,
      inspectorId: inspections.inspectorId,
      inspectorName: inspector.displayName,
      templateId: inspections.templateId,
      templateVersion: inspections.templateVersion,
      ratings: inspections.ratings,
    })
    .from(inspectionDisputes)
    .innerJoin(inspections, eq(inspections.id, inspectionDisputes.inspectionId))
    .innerJoin(sessionTeller, eq(sessionTeller.id, inspectionDisputes.tellerId))
    .innerJoin(inspector, eq(inspector.id, inspections.inspectorId))
    .where(eq(inspectionDisputes.status, 'open'))
    .orderBy(asc(inspectionDisputes.createdAt))
    .limit(limit);
}

/** Rectification tasks: a teller's own, or (for QC and supervisors) those answered and those overdue. */
export async function listRectifications(filter: { tellerId?: string; status?: string[]; overdue?: boolean }, limit = 100) {
  const today = beijingDate(new Date());
  const conditions = [
    filter.tellerId ? eq(rectifications.tellerId, filter.tellerId) : undefined,
    filter.status ? inArray(rectifications.status, filter.status) : undefined,
    filter.overdue ? and(inArray(rectifications.status, ['open', 'reopened']), sql`${rectifications.dueDate} < ${today}`) : undefined,
  ];
  return db
    .select({
      id: rectifications.id,
      status: rectifications.status,
      dueDate: rectifications.dueDate,
      coachingNote: rectifications.coachingNote,
      response: rectifications.response,
      verificationNote: rectifications.verificationNote,
      reinspectSessionId: rectifications.reinspectSessionId,
      reinspectResult: rectifications.reinspectResult,
      itemKey: qcFindings.itemKey,
      severity: qcFindings.severity,
      inspectionId: qcFindings.inspectionId,
      sessionId: inspections.sessionId,
      templateId: inspections.templateId,
      templateVersion: inspections.templateVersion,
      tellerName: sessionTeller.displayName,
      createdAt: rectifications.createdAt,
    })
    .from(rectifications)
    .innerJoin(qcFindings, eq(qcFindings.id, rectifications.findingId))
    .innerJoin(inspections, eq(inspections.id, qcFindings.inspectionId))
    .innerJoin(sessionTeller, eq(sessionTeller.id, rectifications.tellerId))
    .where(and(...conditions))
    .orderBy(asc(rectifications.dueDate), asc(rectifications.createdAt))
    .limit(limit);
}
