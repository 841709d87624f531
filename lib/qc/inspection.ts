import 'server-only';
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { getSessionSummary, summaryColumns, toSummary, type SessionSummary } from '@/db/queries/service-sessions';
import { hasPendingCase, tookPartInSession } from '@/db/queries/inspections';
import { customers, inspections, qcAssignments, serviceSessions, staff } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { loadCalendar } from '@/lib/calendar/store';
import { autoAnswers, autoCheckFactsJson, readAutoAnswers, type AutoAnswer, type AutoCheckFacts } from './auto-checks';
import { afterSubmission, disputeWindowEnd } from './feedback';
import { currentScorecards, pickScorecard, scorecardForSession, scorecardVersion, type PublishedScorecard } from './scorecards';
import { computeScore, itemsOf, parseRatingValue, ratingProblems, type AutoCheck, type ItemRating, type Ratings, type TemplateDefinition } from './template';

/**
 * An inspection from the workspace form: per item `r_<key>` (yes / no / na, or points), `c_<key>` (comment), `p_<key>`
 * (a time in the recording, m:ss) and `o_<key>` (why an answer from the record was overridden). Extra fields are the
 * items'; they are read against the scorecard version, not trusted.
 */
export const inspectionFormSchema = z
  .object({
    sessionId: z.string().uuid('errors.invalid'),
    comment: z.string().trim().max(1000, 'errors.tooLong').optional().default(''),
    intent: z.enum(['submit', 'draft'], { message: 'errors.invalid' }).optional().default('submit'),
  })
  .catchall(z.string().max(1000, 'errors.tooLong'));
export type InspectionForm = z.infer<typeof inspectionFormSchema>;

const PIN = /^(\d{1,3}):([0-5]\d)$/;

/** Reads the form's item fields into ratings, with a field message for each problem; `complete` asks for every item. */
export function readRatings(d: TemplateDefinition, form: Record<string, string | undefined>, autos: Partial<Record<AutoCheck, AutoAnswer>>, complete: boolean): { ratings: Ratings; errors: Record<string, string[]> } {
  const ratings: Ratings = {};
  const errors: Record<string, string[]> = {};
  for (const item of itemsOf(d)) {
    const raw = form[`r_${item.key}`]?.trim();
    const comment = form[`c_${item.key}`]?.trim() || undefined;
    const pin = form[`p_${item.key}`]?.trim();
    const override = form[`o_${item.key}`]?.trim() || undefined;
    // A draft keeps the notes of an item not rated yet; a submission asks for every rating.
    if (!raw && !comment && !pin && !override) continue;
    const value = !raw ? undefined : parseRatingValue(raw);
    if (value === null) {
      errors[`r_${item.key}`] = ['errors.qc.outOfScale'];
      continue;
    }
    const r: ItemRating = value === undefined ? {} : { value };
    if (comment) r.comment = comment;
    if (pin) {
      const m = PIN.exec(pin);
      if (!m) errors[`p_${item.key}`] = ['errors.qc.pin'];
      else r.atMs = (Number(m[1]) * 60 + Number(m[2])) * 1000;
    }
    const auto = item.auto ? autos[item.auto] : undefined;
    if (auto && value !== undefined) {
      r.fromRecord = value === auto.value;
      if (!r.fromRecord) {
        if (override) r.overrideReason = override;
        else if (complete) errors[`o_${item.key}`] = ['errors.qc.overrideReason'];
      }
    }
    ratings[item.key] = r;
  }
  const problems = ratingProblems(d, ratings).filter((p) => complete || p.message !== 'errors.qc.unrated');
  for (const p of problems) {
    if (p.message === 'errors.qc.nothingApplicable' && !complete) continue;
    const field = p.message === 'errors.qc.criticalComment' ? `c_${p.item}` : `r_${p.item}`;
    errors[field] ??= [p.message];
  }
  return { ratings, errors };
}

export type Workspace = { scorecard: PublishedScorecard; autos: Record<AutoCheck, AutoAnswer>; inspection: typeof inspections.$inferSelect | undefined };

/** What the inspection workspace needs: the scorecard (the draft's version, or the one that applies), the answers from the record, any inspection. */
export async function inspectionWorkspace(sessionId: string): Promise<Workspace | undefined> {
  const [inspection] = await db.select().from(inspections).where(eq(inspections.sessionId, sessionId));
  const scorecard = inspection?.templateId ? await scorecardVersion(inspection.templateId, inspection.templateVersion!) : await scorecardForSession(sessionId);
  if (!scorecard) return undefined;
  return { scorecard, autos: await autoAnswers(sessionId), inspection };
}

export type InspectionView = {
  session: SessionSummary;
  inspection: typeof inspections.$inferSelect | undefined;
  /** The viewer took part in the session (took_part_in_session): they may not inspect it. */
  ownSession: boolean;
  /** Who the session is assigned to for inspection, if anyone. */
  assignee: { id: string; name: string } | undefined;
  /** The viewer is to score it blind in an open calibration round (calibratingBlind). */
  blind: boolean;
  autos: Record<AutoCheck, AutoAnswer>;
};

/**
 * What the inspection workspace shows of a session for `viewerId`, in one statement: the session (getSessionSummary),
 * its inspection, whether the viewer took part, its assignee, whether the viewer calibrates it blind, and the answers
 * from the record (autoAnswers). Undefined when there is no such session.
 */
export async function inspectionView(sessionId: string, viewerId: string): Promise<InspectionView | undefined> {
  const [row] = await db
    .select({
      ...summaryColumns,
      inspection: getTableColumns(inspections),
      ownSession: sql<boolean>`took_part_in_session(${serviceSessions.id}, ${viewerId}::uuid)`,
      assignee: sql<{ id: string; name: string } | null>`(SELECT json_build_object('id', a_s.id, 'name', a_s.display_name) FROM qc_assignments a JOIN staff a_s ON a_s.id = a.inspector_id WHERE a.session_id = ${serviceSessions.id})`,
      blind: sql<boolean>`EXISTS (
        SELECT 1 FROM calibration_sessions cs JOIN calibration_rounds r ON r.id = cs.round_id AND r.closed_at IS NULL
        JOIN calibration_members m ON m.round_id = cs.round_id AND m.inspector_id = ${viewerId}
        WHERE cs.session_id = ${serviceSessions.id}
          AND NOT EXISTS (SELECT 1 FROM calibration_scores cc WHERE cc.round_id = cs.round_id AND cc.session_id = cs.session_id AND cc.inspector_id = ${viewerId}))`,
      facts: sql<AutoCheckFacts>`${autoCheckFactsJson(sql`${serviceSessions.id}`)}`,
    })
    .from(serviceSessions)
    .innerJoin(staff, eq(staff.id, serviceSessions.tellerId))
    .leftJoin(customers, eq(customers.id, serviceSessions.customerId))
    .leftJoin(inspections, eq(inspections.sessionId, serviceSessions.id))
    .where(eq(serviceSessions.id, sessionId))
    .limit(1);
  if (!row) return undefined;
  const { inspection, ownSession, assignee, blind, facts, ...summary } = row;
  return { session: toSummary(summary), inspection: inspection ?? undefined, ownSession, assignee: assignee ?? undefined, blind, autos: readAutoAnswers(facts) };
}

/**
 * The workspace's scorecard: the version its inspection was started on, or the one that applies to the session (by
 * its channel and the business of its cases, as scorecardForSession picks it).
 */
export async function workspaceScorecard(inspection: InspectionView['inspection'], channel: string, cases: Promise<readonly { type: string }[]>): Promise<PublishedScorecard | undefined> {
  if (inspection?.templateId) return scorecardVersion(inspection.templateId, inspection.templateVersion!);
  const [all, list] = await Promise.all([currentScorecards(), cases]);
  return pickScorecard(all, channel, [...new Set(list.map((c) => c.type))]);
}

/**
 * Saves a draft or submits an inspection. Only an ended session with no case awaiting its decision, by an inspector
 * who took no part in it (the database holds that too); a draft stays its inspector's; a submitted inspection is final
 * (the database refuses any change). The score is computed here from the items.
 */
export async function saveInspection(inspectorId: string, form: Omit<InspectionForm, 'intent'>, submit: boolean): Promise<{ id: string; score: number | null; criticalFailure: boolean }> {
  const { sessionId, comment, ...fields } = form;
  const session = await getSessionSummary(sessionId);
  if (!session) throw new DomainError('errors.notFound', 'failed');
  if (session.status !== 'ended') throw new DomainError('errors.sessionNotEnded', 'failed');
  if (await tookPartInSession(sessionId, inspectorId)) throw new DomainError('errors.ownSession', 'denied');
  if (await hasPendingCase(sessionId)) throw new DomainError('errors.pendingDecision', 'failed');
  // A session assigned to an inspector is theirs to inspect (the database holds it too).
  const [assigned] = await db.select({ inspectorId: qcAssignments.inspectorId }).from(qcAssignments).where(eq(qcAssignments.sessionId, sessionId));
  if (assigned && assigned.inspectorId !== inspectorId) throw new DomainError('errors.qc.assignedToOther', 'denied');
  const ws = await inspectionWorkspace(sessionId);
  if (!ws) throw new DomainError('errors.qc.noScorecard', 'failed');
  if (ws.inspection?.status === 'submitted') throw new DomainError('errors.alreadyInspected', 'failed');
  if (ws.inspection && ws.inspection.inspectorId !== inspectorId) throw new DomainError('errors.qc.notYourInspection', 'denied');
  const { ratings, errors } = readRatings(ws.scorecard.definition, fields as Record<string, string>, ws.autos, submit);
  if (Object.keys(errors).length > 0) throw new DomainError(submit ? 'errors.qc.incomplete' : 'errors.invalid', 'failed', errors);
  const score = submit ? computeScore(ws.scorecard.definition, ratings) : null;
  // The dispute window and rectification due dates count working days by the configured calendar, read once.
  const at = new Date();
  const cal = await loadCalendar();
  const values = {
    ratings,
    comment,
    status: submit ? 'submitted' : 'draft',
    score: score?.score ?? null,
    criticalFailure: score?.criticalFailure ?? false,
    submittedAt: submit ? (sql`now()` as unknown as Date) : null,
    // The teller may dispute it until the end of its window (working days from now).
    disputeUntil: submit ? disputeWindowEnd(at, cal) : null,
  };
  // The inspection and, when it is submitted, what it opens (the dispute window, findings, rectifications) land together.
  const id = await db.transaction(async (tx) => {
    let written: string | undefined;
    if (ws.inspection) {
      const [row] = await tx
        .update(inspections)
        .set(values)
        .where(and(eq(inspections.id, ws.inspection.id), eq(inspections.status, 'draft'), eq(inspections.inspectorId, inspectorId)))
        .returning({ id: inspections.id });
      written = row?.id;
    } else {
      const [row] = await tx
        .insert(inspections)
        .values({ sessionId, inspectorId, tellerId: session.tellerId, scorecard: `${ws.scorecard.templateId}@${ws.scorecard.version}`, templateId: ws.scorecard.templateId, templateVersion: ws.scorecard.version, ...values })
        .onConflictDoNothing({ target: inspections.sessionId })
        .returning({ id: inspections.id });
      written = row?.id;
    }
    if (!written) throw new DomainError('errors.alreadyInspected', 'failed');
    if (submit) await afterSubmission(tx, { inspectionId: written, sessionId, inspectorId, tellerId: session.tellerId, definition: ws.scorecard.definition, ratings, comment, at, cal });
    return written;
  });
  return { id, score: values.score, criticalFailure: values.criticalFailure };
}
