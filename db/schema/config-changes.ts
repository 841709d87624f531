import 'server-only';
import { sql } from 'drizzle-orm';
import { check, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { staff } from './staff';

/**
 * A configuration change awaiting its second person (配置变更复核): the complaint deadline policy, a day of the
 * working calendar, the appraisal weights or a QC sampling plan takes effect only when someone other than its
 * proposer, of the role that may make it, approves it. `target` names what it changes (the day, the plan; '' for
 * the policy and the weights); `payload` holds the checked new value and the state it was written on (the policy or
 * weights version, the day as it was, the plan's last change), so an approval of something overtaken is refused.
 * One change waits per kind and target. Append-only but for its one decision (a trigger holds it).
 */
export const configChanges = pgTable(
  'config_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    target: text('target').notNull().default(''),
    payload: jsonb('payload').notNull(),
    note: text('note').notNull(),
    status: text('status').notNull().default('pending'),
    proposedBy: uuid('proposed_by').notNull().references(() => staff.id),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => staff.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    // One waits per kind and target; it also serves each screen's list of what waits.
    uniqueIndex('config_changes_one_pending_idx').on(t.kind, t.target).where(sql`${t.status} = 'pending'`),
    check('config_changes_kind', sql`${t.kind} IN ('complaint_policy', 'calendar', 'appraisal_weights', 'qc_plan')`),
    check('config_changes_status', sql`${t.status} IN ('pending', 'approved', 'rejected')`),
    check('config_changes_target', sql`length(${t.target}) <= 64`),
    check('config_changes_payload', sql`jsonb_typeof(${t.payload}) = 'object'`),
    check('config_changes_note', sql`length(btrim(${t.note})) BETWEEN 1 AND 500`),
    check('config_changes_four_eyes', sql`${t.decidedBy} IS NULL OR ${t.decidedBy} <> ${t.proposedBy}`),
    // Pending exactly when nobody has decided; a rejection says why.
    check(
      'config_changes_decision_shape',
      sql`(${t.status} = 'pending') = (${t.decidedBy} IS NULL AND ${t.decidedAt} IS NULL) AND (${t.status} <> 'pending' OR ${t.decisionNote} IS NULL) AND (${t.status} <> 'rejected' OR length(btrim(coalesce(${t.decisionNote}, ''))) > 0)`,
    ),
  ],
);

export type ConfigChange = typeof configChanges.$inferSelect;
export type NewConfigChange = typeof configChanges.$inferInsert;
