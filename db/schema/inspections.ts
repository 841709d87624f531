import 'server-only';
import { check, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { serviceSessions } from './service-sessions';
import { staff } from './staff';

/** One inspection per session; a trigger refuses an inspector who took part in the session. */
export const inspections = pgTable(
  'inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id').notNull().unique().references(() => serviceSessions.id),
    inspectorId: uuid('inspector_id').notNull().references(() => staff.id),
    scorecard: text('scorecard').notNull(),
    ratings: jsonb('ratings').$type<Record<string, boolean>>().notNull(),
    score: integer('score').notNull(),
    comment: text('comment').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('inspections_score_range', sql`${t.score} BETWEEN 0 AND 100`)],
);
export type Inspection = typeof inspections.$inferSelect;
