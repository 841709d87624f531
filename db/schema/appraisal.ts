import 'server-only';
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { staff } from './staff';

/** The appraisal weights (考核权重), versioned and append-only; a month is scored with the latest at its closing. */
export const appraisalWeights = pgTable('appraisal_weights', {
  version: integer('version').primaryKey(),
  weights: jsonb('weights').notNull(),
  note: text('note').notNull(),
  createdBy: uuid('created_by').references(() => staff.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A staff member's appraisal for a month (月度绩效): the figures and the weighted total, as the month closed (version 1,
 * by the job) and as each audited recalculation (a later version, with its reason). Append-only: a closed month keeps
 * its figures; the latest version stands.
 */
export const appraisalResults = pgTable(
  'appraisal_results',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id').notNull().references(() => staff.id),
    month: text('month').notNull(),
    version: integer('version').notNull(),
    teamId: uuid('team_id'),
    figures: jsonb('figures').notNull(),
    weightsVersion: integer('weights_version').notNull().references(() => appraisalWeights.version),
    total: numeric('total', { precision: 6, scale: 2 }).notNull(),
    computedBy: uuid('computed_by').references(() => staff.id),
    reason: text('reason'),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('appraisal_results_version_idx').on(t.staffId, t.month, t.version),
    index('appraisal_results_month_idx').on(t.month, t.teamId),
    check('appraisal_results_month', sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check('appraisal_results_recalculation', sql`${t.version} = 1 OR (${t.computedBy} IS NOT NULL AND length(btrim(coalesce(${t.reason}, ''))) > 0)`),
  ],
);
