import 'server-only';
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { changeRequestStatus, changeRequestType, channel, freezeStatus, lockStatus, serviceSessionStatus, sessionOutcome, verificationKind, verificationResult } from './enums';
import { customers } from './customers';
import { staff } from './staff';

export const serviceSessions = pgTable(
  'service_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tellerId: uuid('teller_id').notNull().references(() => staff.id),
    channel: channel('channel').notNull(),
    customerId: uuid('customer_id').references(() => customers.id),
    status: serviceSessionStatus('status').notNull().default('open'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    outcome: sessionOutcome('outcome'),
    // 1-5, or null with satisfactionDeclined when the customer declined to rate (or was not there to ask).
    satisfaction: smallint('satisfaction'),
    satisfactionDeclined: boolean('satisfaction_declined').notNull().default(false),
    closedBySystem: boolean('closed_by_system').notNull().default(false),
    // The last hand-over: who passed the contact to the current teller, and their note.
    transferredFromId: uuid('transferred_from_id').references(() => staff.id),
    transferNote: text('transfer_note'),
  },
  (t) => [
    index('service_sessions_teller_idx').on(t.tellerId, t.startedAt),
    index('service_sessions_status_idx').on(t.status, t.endedAt),
    // A customer's contacts, newest first (the customer screen; found by the bench: a scan of every session before).
    index('service_sessions_customer_idx').on(t.customerId, t.startedAt),
    check(
      'service_sessions_end_shape',
      sql`(${t.status} = 'open' AND ${t.endedAt} IS NULL AND ${t.outcome} IS NULL) OR (${t.status} = 'ended' AND ${t.endedAt} IS NOT NULL AND ${t.outcome} IS NOT NULL)`,
    ),
    check(
      'service_sessions_satisfaction',
      sql`(${t.satisfaction} IS NULL OR ${t.satisfaction} BETWEEN 1 AND 5) AND NOT (${t.satisfaction} IS NOT NULL AND ${t.satisfactionDeclined})`,
    ),
  ],
);
export type ServiceSession = typeof serviceSessions.$inferSelect;

/** What happened in a session, in order: the timeline a QC inspector reads. Append-only. */
export const sessionEvents = pgTable(
  'session_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sessionId: uuid('session_id').notNull().references(() => serviceSessions.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => staff.id),
    kind: text('kind').notNull(),
    data: jsonb('data').$type<Record<string, string | number | boolean | null>>().notNull().default({}),
  },
  (t) => [index('session_events_session_idx').on(t.sessionId, t.id)],
);
export type SessionEvent = typeof sessionEvents.$inferSelect;

export const verifications = pgTable(
  'verifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id').notNull().references(() => serviceSessions.id),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    kind: verificationKind('kind').notNull(),
    result: verificationResult('result').notNull(),
    mismatched: text('mismatched').array().notNull().default([]),
    performedBy: uuid('performed_by').notNull().references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('verifications_session_idx').on(t.sessionId, t.createdAt),
    // The board's steps of the day (all of them are in today's sessions: a step is taken in an open session) with their
    // result, read from the index alone.
    index('verifications_created_idx').on(t.createdAt, t.result),
    check('verifications_ladder_step', sql`${t.kind}::text <> 'document'`),
  ],
);
export type Verification = typeof verifications.$inferSelect;

/**
 * A supervisor's risk level override (风险等级调整), decided by another supervisor. (A customer's information changes
 * were requests here too; they are business cases now, and the rows of those before it stay as history.) The
 * database holds maker != checker (CHECK) and one final decision (trigger + the
 * compare-and-set update from 'pending').
 */
export const changeRequests = pgTable(
  'change_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // The contact the customer asked in; none for a supervisor's risk override, which no customer asks for.
    sessionId: uuid('session_id').references(() => serviceSessions.id),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    type: changeRequestType('type').notNull(),
    oldValueEnc: text('old_value_enc').notNull(),
    newValueEnc: text('new_value_enc').notNull(),
    verificationId: uuid('verification_id').references(() => verifications.id),
    status: changeRequestStatus('status').notNull().default('pending'),
    makerId: uuid('maker_id').notNull().references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    checkerId: uuid('checker_id').references(() => staff.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
    // Why the change is asked for: the customer's reason, or the supervisor's grounds for an override.
    reason: text('reason'),
  },
  (t) => [
    index('change_requests_status_idx').on(t.status, t.createdAt),
    index('change_requests_session_idx').on(t.sessionId),
    // One pending request per customer and business: a second would be decided against a stale "current" value.
    uniqueIndex('change_requests_one_pending_idx').on(t.customerId, t.type).where(sql`${t.status} = 'pending'`),
    // Compared as text: a CHECK may not use an enum value added in the same migration run.
    check('change_requests_session_shape', sql`(${t.sessionId} IS NULL) = (${t.type}::text = 'risk_override')`),
    check('change_requests_maker_not_checker', sql`${t.checkerId} IS NULL OR ${t.checkerId} <> ${t.makerId}`),
    check(
      'change_requests_decision_shape',
      sql`(${t.status} = 'pending' AND ${t.checkerId} IS NULL AND ${t.decidedAt} IS NULL) OR (${t.status} <> 'pending' AND ${t.checkerId} IS NOT NULL AND ${t.decidedAt} IS NOT NULL)`,
    ),
    check('change_requests_rejection_reason', sql`${t.status} <> 'rejected' OR coalesce(length(btrim(${t.decisionReason})), 0) > 0`),
  ],
);
export type ChangeRequest = typeof changeRequests.$inferSelect;

/**
 * Repeated failures at a verification step lock that customer's verification in every session (异常处理) until the
 * lock runs out or a supervisor clears it. One open lock per customer.
 */
export const verificationLocks = pgTable(
  'verification_locks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    step: verificationKind('step').notNull(),
    sessionId: uuid('session_id').notNull().references(() => serviceSessions.id),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }).notNull(),
    status: lockStatus('status').notNull().default('open'),
    clearedBy: uuid('cleared_by').references(() => staff.id),
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('verification_locks_one_open_idx').on(t.customerId).where(sql`${t.status} = 'open'`),
    index('verification_locks_status_idx').on(t.status, t.raisedAt),
    check('verification_locks_clear_shape', sql`(${t.status} = 'open') = (${t.clearedBy} IS NULL AND ${t.clearedAt} IS NULL)`),
  ],
);

/**
 * A supervisor confirmed suspected fraud on a verification exception: the customer's business is frozen until two
 * other decisions release it under dual control — one supervisor asks, a different one approves. The database holds
 * the shapes, requester != approver, one live freeze per customer, and that a released freeze is final.
 */
export const customerFreezes = pgTable(
  'customer_freezes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    lockId: uuid('lock_id').references(() => verificationLocks.id),
    reason: text('reason').notNull(),
    frozenBy: uuid('frozen_by').notNull().references(() => staff.id),
    frozenAt: timestamp('frozen_at', { withTimezone: true }).notNull().defaultNow(),
    status: freezeStatus('status').notNull().default('active'),
    releaseRequestedBy: uuid('release_requested_by').references(() => staff.id),
    releaseRequestedAt: timestamp('release_requested_at', { withTimezone: true }),
    releaseReason: text('release_reason'),
    releasedBy: uuid('released_by').references(() => staff.id),
    releasedAt: timestamp('released_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('customer_freezes_one_live_idx').on(t.customerId).where(sql`${t.status} <> 'released'`),
    index('customer_freezes_status_idx').on(t.status, t.frozenAt),
    check('customer_freezes_reason', sql`length(btrim(${t.reason})) > 0`),
    check(
      'customer_freezes_shape',
      sql`(${t.status} = 'active' AND ${t.releaseRequestedBy} IS NULL AND ${t.releasedBy} IS NULL)
        OR (${t.status} = 'release_pending' AND ${t.releaseRequestedBy} IS NOT NULL AND ${t.releaseRequestedAt} IS NOT NULL AND length(btrim(${t.releaseReason})) > 0 AND ${t.releasedBy} IS NULL)
        OR (${t.status} = 'released' AND ${t.releaseRequestedBy} IS NOT NULL AND ${t.releasedBy} IS NOT NULL AND ${t.releasedAt} IS NOT NULL)`,
    ),
    check('customer_freezes_four_eyes', sql`${t.releasedBy} IS NULL OR ${t.releasedBy} <> ${t.releaseRequestedBy}`),
  ],
);
