import 'server-only';
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { serviceSessions } from './service-sessions';
import { staff } from './staff';

/**
 * A scorecard template (质检评分表): what it is called and where it applies (channels and case types; empty lists apply
 * everywhere). Its content lives in versions.
 */
export const scorecardTemplates = pgTable('scorecard_templates', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  channels: text('channels').array().notNull().default(sql`'{}'::text[]`),
  businesses: text('businesses').array().notNull().default(sql`'{}'::text[]`),
  createdBy: uuid('created_by').references(() => staff.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A published version of a template: append-only, and published only by a second person (a QC member or a supervisor
 * other than the one who proposed it). The migrations publish version 1 of the default template (no proposer).
 */
export const scorecardVersions = pgTable(
  'scorecard_versions',
  {
    templateId: uuid('template_id').notNull().references(() => scorecardTemplates.id),
    version: integer('version').notNull(),
    definition: jsonb('definition').notNull(),
    note: text('note').notNull(),
    proposedBy: uuid('proposed_by').references(() => staff.id),
    approvedBy: uuid('approved_by').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.templateId, t.version] }),
    check('scorecard_versions_four_eyes', sql`${t.proposedBy} IS NULL OR (${t.approvedBy} IS NOT NULL AND ${t.approvedBy} <> ${t.proposedBy})`),
    check('scorecard_versions_positive', sql`${t.version} >= 1`),
  ],
);

/** A proposed version, waiting for a second person; one pending per template. */
export const scorecardProposals = pgTable(
  'scorecard_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    templateId: uuid('template_id').notNull().references(() => scorecardTemplates.id),
    // The version it was written on (null for a new template's first version): approval is refused if another was
    // published since.
    baseVersion: integer('base_version'),
    definition: jsonb('definition').notNull(),
    note: text('note').notNull(),
    status: text('status').notNull().default('pending'),
    proposedBy: uuid('proposed_by').notNull().references(() => staff.id),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => staff.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    uniqueIndex('scorecard_proposals_one_pending_idx').on(t.templateId).where(sql`${t.status} = 'pending'`),
    check('scorecard_proposals_status', sql`${t.status} IN ('pending', 'approved', 'rejected')`),
    check('scorecard_proposals_four_eyes', sql`${t.decidedBy} IS NULL OR ${t.decidedBy} <> ${t.proposedBy}`),
    check('scorecard_proposals_decision_shape', sql`(${t.status} = 'pending') = (${t.decidedBy} IS NULL AND ${t.decidedAt} IS NULL)`),
  ],
);

/**
 * One inspection per session; a trigger refuses an inspector who took part in the session. Scored with one published
 * scorecard version, kept for good (old scores never change); a draft may be saved and changed by its inspector until
 * it is submitted, then it is final. (The foundation's fixed scorecard left rows with `scorecard` 'basic-v1' and no
 * version.)
 */
export const inspections = pgTable(
  'inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id').notNull().unique().references(() => serviceSessions.id),
    inspectorId: uuid('inspector_id').notNull().references(() => staff.id),
    // The inspected teller, so a teller's inspections are read by an index instead of through every session: the
    // session's teller (0056: the database fills it in when a writer leaves it out, refuses any other, never changes it).
    tellerId: uuid('teller_id').notNull().references(() => staff.id),
    scorecard: text('scorecard').notNull(),
    templateId: uuid('template_id'),
    templateVersion: integer('template_version'),
    ratings: jsonb('ratings').$type<Record<string, unknown>>().notNull(),
    score: integer('score'),
    criticalFailure: boolean('critical_failure').notNull().default(false),
    status: text('status').notNull().default('submitted'),
    comment: text('comment').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    // After the score (反馈与整改): the teller acknowledges it, may dispute items until dispute_until (working days
    // from submission), and a resolved dispute sets the final score and ratings (the submitted ones stay as they were).
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    disputeUntil: timestamp('dispute_until', { withTimezone: true }),
    finalScore: integer('final_score'),
    finalCriticalFailure: boolean('final_critical_failure'),
    finalRatings: jsonb('final_ratings'),
  },
  (t) => [
    foreignKey({ columns: [t.templateId, t.templateVersion], foreignColumns: [scorecardVersions.templateId, scorecardVersions.version], name: 'inspections_scorecard_version_fk' }),
    index('inspections_inspector_idx').on(t.inspectorId, t.status),
    // Inspections submitted in a period (quality reports, the board's QC trend, the monthly appraisal).
    index('inspections_submitted_idx').on(t.submittedAt).where(sql`${t.status} = 'submitted'`),
    // A teller's submitted inspections, newest first (read backwards): by submission (the teller's quality page) and by
    // creation (the workbench's scores).
    index('inspections_teller_idx').on(t.tellerId, t.submittedAt).where(sql`${t.status} = 'submitted'`),
    index('inspections_teller_created_idx').on(t.tellerId, t.createdAt).where(sql`${t.status} = 'submitted'`),
    check('inspections_score_range', sql`${t.score} BETWEEN 0 AND 100`),
    check('inspections_status', sql`${t.status} IN ('draft', 'submitted')`),
    check('inspections_version_shape', sql`(${t.templateId} IS NULL) = (${t.templateVersion} IS NULL)`),
    // A submitted inspection on a scorecard version has its dispute window; only a submitted one has an
    // acknowledgement or a final score.
    check(
      'inspections_feedback_shape',
      sql`(${t.templateId} IS NULL OR (${t.status} = 'submitted') = (${t.disputeUntil} IS NOT NULL)) AND (${t.status} = 'submitted' OR (${t.acknowledgedAt} IS NULL AND ${t.finalScore} IS NULL AND ${t.finalCriticalFailure} IS NULL AND ${t.finalRatings} IS NULL))`,
    ),
    // A submitted inspection has its score; a draft has none yet.
    check('inspections_submitted_shape', sql`(${t.status} = 'submitted') = (${t.score} IS NOT NULL) AND (${t.status} = 'submitted') = (${t.submittedAt} IS NOT NULL OR ${t.templateId} IS NULL)`),
  ],
);
export type Inspection = typeof inspections.$inferSelect;

/**
 * A sampling plan (质检计划): which sessions get inspected in a period — a percentage or a count per teller per week or
 * month, higher for tellers in their first weeks — plus the risk rules that always add a session.
 */
export const qcPlans = pgTable(
  'qc_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull().unique(),
    period: text('period').notNull(),
    rateKind: text('rate_kind').notNull(),
    rateValue: integer('rate_value').notNull(),
    newTellerWeeks: integer('new_teller_weeks').notNull().default(4),
    newTellerRate: integer('new_teller_rate').notNull(),
    // { failedVerification, rejectedApproval, fundsOverFen, shortHandleSeconds, longHandleSeconds, lowSatisfaction }
    risk: jsonb('risk').notNull(),
    active: boolean('active').notNull().default(true),
    updatedBy: uuid('updated_by').references(() => staff.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('qc_plans_period', sql`${t.period} IN ('week', 'month')`),
    check('qc_plans_rate_kind', sql`${t.rateKind} IN ('percent', 'count')`),
    check('qc_plans_rates', sql`${t.rateValue} >= 0 AND ${t.newTellerRate} >= ${t.rateValue} AND ${t.newTellerWeeks} >= 0 AND (${t.rateKind} <> 'percent' OR ${t.newTellerRate} <= 100)`),
  ],
);

/** One draw of a plan for a period, with the seed that reproduces it; a period is drawn once. */
export const qcDraws = pgTable(
  'qc_draws',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id').notNull().references(() => qcPlans.id),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
    seed: text('seed').notNull(),
    // What it drew from, so the draw can be reproduced from its seed: the plan as it stood, each teller's rate and the
    // candidate sessions with their risk reasons.
    input: jsonb('input').notNull(),
    candidates: integer('candidates').notNull(),
    drawn: integer('drawn').notNull(),
    unassigned: integer('unassigned').notNull().default(0),
    drawnBy: uuid('drawn_by').references(() => staff.id),
    drawnAt: timestamp('drawn_at', { withTimezone: true }).notNull().defaultNow(),
    // The part of the period it drew from: sessions ended in [covered_from, covered_to). A period drawn early (the
    // week so far) is drawn on from where it stopped; the draws of one period never overlap.
    coveredFrom: timestamp('covered_from', { withTimezone: true }).notNull(),
    coveredTo: timestamp('covered_to', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('qc_draws_covered_idx').on(t.planId, t.coveredFrom),
    index('qc_draws_period_idx').on(t.planId, t.periodStart),
    check('qc_draws_period', sql`${t.periodEnd} > ${t.periodStart}`),
    check('qc_draws_covered', sql`${t.coveredFrom} >= ${t.periodStart} AND ${t.coveredTo} <= ${t.periodEnd} AND ${t.coveredTo} > ${t.coveredFrom}`),
  ],
);

/**
 * A session to inspect and the inspector it is for: drawn by a plan (at random or by a risk rule), added by hand with a
 * reason, or a re-inspection. One per session; never an inspector who took part in it (trigger).
 */
export const qcAssignments = pgTable(
  'qc_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id').notNull().unique().references(() => serviceSessions.id),
    inspectorId: uuid('inspector_id').notNull().references(() => staff.id),
    drawId: uuid('draw_id').references(() => qcDraws.id),
    reason: text('reason').notNull(),
    riskReasons: text('risk_reasons').array().notNull().default(sql`'{}'::text[]`),
    note: text('note'),
    assignedBy: uuid('assigned_by').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    // When the session's inspection was submitted: set by the database in the submission's own statement (0056), so
    // an inspector's open assignments are read by an index instead of past every finished one.
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    index('qc_assignments_inspector_idx').on(t.inspectorId, t.createdAt),
    index('qc_assignments_open_idx').on(t.inspectorId, t.createdAt, t.id).where(sql`${t.doneAt} IS NULL`),
    check('qc_assignments_reason', sql`${t.reason} IN ('random', 'risk', 'manual', 'reinspection', 'complaint')`),
    // A drawn session names its draw; one added by hand names who added it and why.
    check('qc_assignments_shape', sql`(${t.reason} IN ('random', 'risk')) = (${t.drawId} IS NOT NULL) AND (${t.reason} <> 'manual' OR (${t.assignedBy} IS NOT NULL AND coalesce(length(btrim(${t.note})), 0) > 0))`),
  ],
);

/**
 * A teller's dispute of items of an inspection (申诉), resolved by a QC member other than the inspector or by a
 * supervisor: accepted (every disputed item re-rated), partially accepted (some) or rejected, with a reason; the score
 * before and after. One per inspection, filed within its window, final once resolved.
 */
export const inspectionDisputes = pgTable(
  'inspection_disputes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id').notNull().unique().references(() => inspections.id),
    tellerId: uuid('teller_id').notNull().references(() => staff.id),
    items: text('items').array().notNull(),
    explanation: text('explanation').notNull(),
    status: text('status').notNull().default('open'),
    resolverId: uuid('resolver_id').references(() => staff.id),
    resolutionNote: text('resolution_note'),
    acceptedItems: text('accepted_items').array().notNull().default(sql`'{}'::text[]`),
    scoreBefore: integer('score_before').notNull(),
    scoreAfter: integer('score_after'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    index('inspection_disputes_open_idx').on(t.status, t.createdAt),
    check('inspection_disputes_status', sql`${t.status} IN ('open', 'accepted', 'partial', 'rejected')`),
    check('inspection_disputes_items', sql`cardinality(${t.items}) > 0 AND length(btrim(${t.explanation})) > 0`),
    check(
      'inspection_disputes_resolution_shape',
      sql`(${t.status} = 'open') = (${t.resolverId} IS NULL AND ${t.resolvedAt} IS NULL AND ${t.scoreAfter} IS NULL) AND (${t.status} = 'open' OR length(btrim(coalesce(${t.resolutionNote}, ''))) > 0)`,
    ),
    check(
      'inspection_disputes_accepted_items',
      sql`${t.acceptedItems} <@ ${t.items} AND CASE ${t.status} WHEN 'accepted' THEN ${t.acceptedItems} @> ${t.items} WHEN 'partial' THEN cardinality(${t.acceptedItems}) BETWEEN 1 AND cardinality(${t.items}) - 1 ELSE cardinality(${t.acceptedItems}) = 0 END`,
    ),
    check('inspection_disputes_rejected_score', sql`${t.status} <> 'rejected' OR ${t.scoreAfter} = ${t.scoreBefore}`),
  ],
);

/** A failed item of a submitted inspection (问题), with its severity; append-only. */
export const qcFindings = pgTable(
  'qc_findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id').notNull().references(() => inspections.id),
    itemKey: text('item_key').notNull(),
    severity: text('severity').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('qc_findings_item_idx').on(t.inspectionId, t.itemKey), check('qc_findings_severity', sql`${t.severity} IN ('low', 'medium', 'high', 'critical')`)],
);

/**
 * A rectification task (整改) opened by a serious finding: the teller answers by the due date, a QC member verifies it
 * or reopens it; withdrawn when a dispute overturns its finding.
 */
export const rectifications = pgTable(
  'rectifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    findingId: uuid('finding_id').notNull().unique().references(() => qcFindings.id),
    tellerId: uuid('teller_id').notNull().references(() => staff.id),
    dueDate: text('due_date').notNull(),
    coachingNote: text('coaching_note').notNull(),
    status: text('status').notNull().default('open'),
    response: text('response'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    verifiedBy: uuid('verified_by').references(() => staff.id),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    verificationNote: text('verification_note'),
    // Verification by re-inspection (复检): the next session the teller ends after `reinspect_after` is drawn for
    // inspection; that inspection's rating of the finding's item verifies the rectification or reopens it.
    reinspectRequestedBy: uuid('reinspect_requested_by').references(() => staff.id),
    reinspectAfter: timestamp('reinspect_after', { withTimezone: true }),
    reinspectSessionId: uuid('reinspect_session_id').references(() => serviceSessions.id),
    reinspectInspectionId: uuid('reinspect_inspection_id').references(() => inspections.id),
    reinspectResult: text('reinspect_result'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('rectifications_teller_idx').on(t.tellerId, t.status),
    index('rectifications_reinspect_idx').on(t.reinspectSessionId),
    check('rectifications_reinspect_shape', sql`(${t.status} <> 'reinspecting' OR (${t.reinspectAfter} IS NOT NULL AND ${t.reinspectRequestedBy} IS NOT NULL AND ${t.reinspectResult} IS NULL)) AND (${t.reinspectResult} IS NULL OR (${t.reinspectResult} IN ('passed', 'failed') AND ${t.reinspectInspectionId} IS NOT NULL))`),
    index('rectifications_due_idx').on(t.status, t.dueDate),
    check('rectifications_status', sql`${t.status} IN ('open', 'answered', 'reinspecting', 'verified', 'reopened', 'withdrawn')`),
    check('rectifications_due_date', sql`${t.dueDate} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`),
    check('rectifications_note', sql`length(btrim(${t.coachingNote})) > 0`),
    check('rectifications_answer_shape', sql`${t.status} NOT IN ('answered', 'verified') OR (${t.response} IS NOT NULL AND ${t.respondedAt} IS NOT NULL)`),
    check('rectifications_verified_shape', sql`(${t.status} = 'verified') = (${t.verifiedBy} IS NOT NULL AND ${t.verifiedAt} IS NOT NULL)`),
  ],
);

/**
 * A calibration round (质检校准): several inspectors score the same sessions blind, on one scorecard version, to see
 * how far they agree. Calibration scores never count toward a teller's quality.
 */
export const calibrationRounds = pgTable('calibration_rounds', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  templateId: uuid('template_id').notNull(),
  templateVersion: integer('template_version').notNull(),
  createdBy: uuid('created_by').notNull().references(() => staff.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
}, (t) => [
  foreignKey({ columns: [t.templateId, t.templateVersion], foreignColumns: [scorecardVersions.templateId, scorecardVersions.version], name: 'calibration_rounds_version_fk' }),
  check('calibration_rounds_name', sql`length(btrim(${t.name})) > 0`),
]);

export const calibrationSessions = pgTable(
  'calibration_sessions',
  {
    roundId: uuid('round_id').notNull().references(() => calibrationRounds.id),
    sessionId: uuid('session_id').notNull().references(() => serviceSessions.id),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.sessionId] })],
);

export const calibrationMembers = pgTable(
  'calibration_members',
  {
    roundId: uuid('round_id').notNull().references(() => calibrationRounds.id),
    inspectorId: uuid('inspector_id').notNull().references(() => staff.id),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.inspectorId] })],
);

/** One member's blind score of one session of a round; final once given. */
export const calibrationScores = pgTable(
  'calibration_scores',
  {
    roundId: uuid('round_id').notNull().references(() => calibrationRounds.id),
    sessionId: uuid('session_id').notNull().references(() => serviceSessions.id),
    inspectorId: uuid('inspector_id').notNull().references(() => staff.id),
    ratings: jsonb('ratings').notNull(),
    score: integer('score').notNull(),
    criticalFailure: boolean('critical_failure').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.sessionId, t.inspectorId] }), check('calibration_scores_range', sql`${t.score} BETWEEN 0 AND 100`)],
);
