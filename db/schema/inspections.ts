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
  },
  (t) => [
    foreignKey({ columns: [t.templateId, t.templateVersion], foreignColumns: [scorecardVersions.templateId, scorecardVersions.version], name: 'inspections_scorecard_version_fk' }),
    index('inspections_inspector_idx').on(t.inspectorId, t.status),
    check('inspections_score_range', sql`${t.score} BETWEEN 0 AND 100`),
    check('inspections_status', sql`${t.status} IN ('draft', 'submitted')`),
    check('inspections_version_shape', sql`(${t.templateId} IS NULL) = (${t.templateVersion} IS NULL)`),
    // A submitted inspection has its score; a draft has none yet.
    check('inspections_submitted_shape', sql`(${t.status} = 'submitted') = (${t.score} IS NOT NULL) AND (${t.status} = 'submitted') = (${t.submittedAt} IS NOT NULL OR ${t.templateId} IS NULL)`),
  ],
);
export type Inspection = typeof inspections.$inferSelect;
