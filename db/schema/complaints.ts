import 'server-only';
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases';
import { customers } from './customers';
import { serviceSessions } from './service-sessions';
import { staff } from './staff';

/**
 * The complaint deadline policy (投诉处理时限), versioned and append-only: the latest applies to complaints recorded
 * from then on; each complaint keeps the version it was timed by. Version 1 (acknowledge in 1 working day, resolve
 * in 15) comes with the migrations.
 */
export const complaintPolicies = pgTable('complaint_policies', {
  version: integer('version').primaryKey(),
  policy: jsonb('policy').notNull(),
  note: text('note').notNull(),
  createdBy: uuid('created_by').references(() => staff.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A customer complaint (客户投诉), from recording to closure: 受理 (accepted; acknowledged when a handler is assigned
 * and the customer told) → 调查 (investigating) → 处理 (resolved: root cause, action, compensation, upheld or not) →
 * 反馈 (the customer's feedback on the handling) → 办结 (closed); reopened back to investigating. Its deadlines are set
 * when it is recorded, in working days. The handler is never the staff member complained about.
 */
export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ref: text('ref').notNull().unique().default(sql`'TS' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(nextval('complaint_ref_seq')::text, 5, '0')`),
    channel: text('channel').notNull(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    sessionId: uuid('session_id').references(() => serviceSessions.id),
    caseId: uuid('case_id').references(() => cases.id),
    subjectStaffId: uuid('subject_staff_id').references(() => staff.id),
    category: text('category').notNull(),
    severity: text('severity').notNull(),
    content: text('content').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by').notNull().references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    state: text('state').notNull().default('accepted'),
    handlerId: uuid('handler_id').references(() => staff.id),
    assignedBy: uuid('assigned_by').references(() => staff.id),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    policyVersion: integer('policy_version').notNull().references(() => complaintPolicies.version),
    acknowledgeBy: timestamp('acknowledge_by', { withTimezone: true }).notNull(),
    resolveBy: timestamp('resolve_by', { withTimezone: true }).notNull(),
    acknowledgeEscalatedAt: timestamp('acknowledge_escalated_at', { withTimezone: true }),
    resolveEscalatedAt: timestamp('resolve_escalated_at', { withTimezone: true }),
    rootCause: text('root_cause'),
    actionTaken: text('action_taken'),
    upheld: boolean('upheld'),
    compensationFen: bigint('compensation_fen', { mode: 'number' }),
    compensationCaseId: uuid('compensation_case_id').references(() => cases.id),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    satisfaction: smallint('satisfaction'),
    feedbackNote: text('feedback_note'),
    feedbackAt: timestamp('feedback_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('complaints_open_idx').on(t.state, t.resolveBy),
    index('complaints_handler_idx').on(t.handlerId, t.state),
    index('complaints_customer_idx').on(t.customerId),
    index('complaints_session_idx').on(t.sessionId),
    index('complaints_subject_idx').on(t.subjectStaffId, t.receivedAt),
    index('complaints_received_idx').on(t.receivedAt),
    // A teller's list (those they recorded) and the unacknowledged ones by their deadline (the overdue view, the board).
    index('complaints_recorded_idx').on(t.recordedBy, t.state),
    index('complaints_unacknowledged_idx').on(t.acknowledgeBy).where(sql`${t.acknowledgedAt} IS NULL`),
    // The open list in its own order (lib/complaints/lists.ts listComplaints): the ones still being worked first, by
    // deadline, newest received first. Found by the bench: every open complaint was read and sorted for each page.
    index('complaints_open_order_idx')
      .on(sql`(${t.state} IN ('accepted', 'investigating')) DESC`, t.resolveBy, t.receivedAt.desc().nullsFirst())
      .where(sql`${t.state} IN ('accepted', 'investigating', 'resolved', 'feedback')`),
    check('complaints_channel', sql`${t.channel} IN ('phone', 'online', 'email', 'letter', 'regulator')`),
    check('complaints_category', sql`${t.category} IN ('service_attitude', 'wrong_operation', 'delay', 'fees', 'information_security', 'other')`),
    check('complaints_severity', sql`${t.severity} IN ('low', 'medium', 'high')`),
    check('complaints_state', sql`${t.state} IN ('accepted', 'investigating', 'resolved', 'feedback', 'closed')`),
    check('complaints_content', sql`length(btrim(${t.content})) BETWEEN 1 AND 4000`),
    check('complaints_handler_not_subject', sql`${t.handlerId} IS NULL OR ${t.subjectStaffId} IS NULL OR ${t.handlerId} <> ${t.subjectStaffId}`),
    check('complaints_deadlines', sql`${t.acknowledgeBy} > ${t.receivedAt} AND ${t.resolveBy} >= ${t.acknowledgeBy}`),
    check('complaints_acknowledged', sql`(${t.handlerId} IS NULL) = (${t.acknowledgedAt} IS NULL) AND (${t.state} = 'accepted' OR ${t.handlerId} IS NOT NULL)`),
    check(
      'complaints_resolution',
      sql`(${t.state} IN ('resolved', 'feedback', 'closed')) = (${t.resolvedAt} IS NOT NULL) AND (${t.resolvedAt} IS NULL OR (length(btrim(coalesce(${t.rootCause}, ''))) > 0 AND length(btrim(coalesce(${t.actionTaken}, ''))) > 0 AND ${t.upheld} IS NOT NULL))`,
    ),
    check('complaints_compensation', sql`${t.compensationFen} IS NULL OR ${t.compensationFen} > 0`),
    check('complaints_feedback', sql`(${t.state} IN ('feedback', 'closed')) = (${t.feedbackAt} IS NOT NULL) AND (${t.feedbackAt} IS NULL OR ${t.satisfaction} BETWEEN 1 AND 5)`),
    check('complaints_closed', sql`(${t.state} = 'closed') = (${t.closedAt} IS NOT NULL)`),
  ],
);

/** Every step of a complaint, timed and append-only: recorded, assigned, each transition, progress told, escalations. */
export const complaintEvents = pgTable(
  'complaint_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    complaintId: uuid('complaint_id').notNull().references(() => complaints.id),
    kind: text('kind').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    actorId: uuid('actor_id').references(() => staff.id),
    note: text('note'),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
  },
  (t) => [index('complaint_events_complaint_idx').on(t.complaintId, t.seq)],
);
