import 'server-only';
import { date, doublePrecision, integer, jsonb, pgTable, timestamp } from 'drizzle-orm/pg-core';

/**
 * The operations board's chart figures of one closed Beijing day (lib/board/rollup.ts), so that a period's charts read
 * a row a day instead of aggregating every session, decision, inspection and complaint of the period on each view.
 * Written by the board roll-up job; a change to a closed day's rows (a backdated complaint, a dispute's final score,
 * a returned case resubmitted) deletes that day's row in a trigger, and the board computes a day without a row live
 * until the job writes it again. Counts are kept in sparse JSON maps (absent key = 0).
 */
export const boardDays = pgTable('board_days', {
  day: date('day', { mode: 'string' }).primaryKey(),
  /** Sessions ended that day by channel and the Beijing hour they started: { phone: { "9": 12 } }. */
  volume: jsonb('volume').$type<Record<string, Record<string, number>>>().notNull(),
  /** Sessions ended that day by handle-time bucket (width_bucket over HANDLE_BUCKETS: "1" = [0, 1) minutes ... "6" = [20, ∞)). */
  handleBuckets: jsonb('handle_buckets').$type<Record<string, number>>().notNull(),
  /** Sessions ended that day by handle time in whole seconds: { "187": 3 } (a period's median is taken over these). */
  handleSeconds: jsonb('handle_seconds').$type<Record<string, number>>().notNull(),
  /** Approval decisions taken that day, with the median and 90th percentile of their turnaround in minutes. */
  decisions: integer('decisions').notNull(),
  turnaroundMedianMinutes: doublePrecision('turnaround_median_minutes'),
  turnaroundP90Minutes: doublePrecision('turnaround_p90_minutes'),
  /** Inspections submitted that day and their average (final) score. */
  inspections: integer('inspections').notNull(),
  averageScore: doublePrecision('average_score'),
  /** Complaints received that day by category. */
  complaints: jsonb('complaints').$type<Record<string, number>>().notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
});
export type BoardDay = typeof boardDays.$inferSelect;
