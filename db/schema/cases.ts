import 'server-only';
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from './customers';
import { serviceSessions } from './service-sessions';
import { staff } from './staff';

/**
 * The approval policy (授权策略): versioned and append-only; a version applies only once a second person approved it
 * (four-eyes on configuration). Each case records the version that judged it.
 */
export const approvalPolicies = pgTable(
  'approval_policies',
  {
    version: integer('version').primaryKey(),
    policy: jsonb('policy').notNull(),
    note: text('note').notNull(),
    proposedBy: uuid('proposed_by').references(() => staff.id),
    approvedBy: uuid('approved_by').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('approval_policies_four_eyes', sql`${t.proposedBy} IS NULL OR (${t.approvedBy} IS NOT NULL AND ${t.approvedBy} <> ${t.proposedBy})`)],
);

/** The allowed (from, to) state pairs, mirrored from lib/cases/state-machine.ts; a trigger refuses any other update. */
export const caseTransitions = pgTable('case_transitions', { fromState: text('from_state').notNull(), event: text('event').notNull(), toState: text('to_state').notNull() }, (t) => [
  primaryKey({ columns: [t.fromState, t.event] }),
]);

/**
 * A case (业务工单): one business for one customer, made by a teller in a session, judged by the approval policy and
 * decided by supervisors. The payload (which may name third parties, e.g. a payee) is sealed; the amount is kept
 * apart for the queue's order. One case per maker and idempotency key; one live case per target.
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').notNull(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    sessionId: uuid('session_id').references(() => serviceSessions.id),
    makerId: uuid('maker_id').notNull().references(() => staff.id),
    state: text('state').notNull().default('draft'),
    payloadEnc: text('payload_enc').notNull(),
    summary: jsonb('summary').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    requiredLevel: smallint('required_level').notNull(),
    policyVersion: integer('policy_version').notNull().references(() => approvalPolicies.version),
    policyRules: text('policy_rules').array().notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    // A hash of what was submitted under the key: the same key with other input is refused, not answered with this case.
    inputHash: text('input_hash'),
    // What the case acts on (e.g. an account for a closure, a card for a limit change): one live case per target.
    target: text('target'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    slaDueAt: timestamp('sla_due_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    // "I'm on it" (认领): visible to the other supervisors, who may still decide.
    // The document checklist version it was opened with, and what that version required of it (资料清单).
    checklistVersion: integer('checklist_version'),
    requiredDocuments: text('required_documents').array().notNull().default(sql`'{}'::text[]`),
    // The approval round: a case returned for correction and resubmitted is decided afresh in the next round.
    round: smallint('round').notNull().default(1),
    claimedBy: uuid('claimed_by').references(() => staff.id),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    executedAt: timestamp('executed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('cases_idempotency_idx').on(t.makerId, t.idempotencyKey),
    uniqueIndex('cases_one_live_per_target_idx')
      .on(t.target)
      .where(sql`${t.target} IS NOT NULL AND ${t.state} NOT IN ('completed', 'rejected', 'cancelled', 'expired')`),
    index('cases_queue_idx').on(t.state, t.slaDueAt, t.id),
    index('cases_customer_idx').on(t.customerId, t.createdAt),
    // A session's cases (its console, the ladder's "used up by an identity change" rule, QC's finished-business check).
    index('cases_session_idx').on(t.sessionId, t.createdAt),
    // Decisions over a period (the board's approval turnaround).
    index('cases_decided_idx').on(t.decidedAt).where(sql`${t.decidedAt} IS NOT NULL`),
    // The board's oldest pending approval: the first entry, not every pending case's row.
    index('cases_pending_submitted_idx').on(t.submittedAt).where(sql`${t.state} = 'pending_approval'`),
    check('cases_level', sql`${t.requiredLevel} BETWEEN 0 AND 2`),
    // Who a customer is never changes on one person's word (lib/cases/approval-policy.ts FOUR_EYES_ALWAYS).
    check('cases_identity_change_dual_control', sql`${t.type} NOT IN ('change_mobile', 'change_name', 'change_document', 'change_birth_date') OR ${t.requiredLevel} >= 1`),
    check('cases_round', sql`${t.round} >= 1`),
    check('cases_claim_shape', sql`(${t.claimedBy} IS NULL) = (${t.claimedAt} IS NULL)`),
    check('cases_amount', sql`${t.amountFen} IS NULL OR ${t.amountFen} > 0`),
    // Money never moves without a supervisor, whatever a policy version says.
    check('cases_fund_movement_dual_control', sql`${t.type} NOT IN ('transfer_internal', 'transfer_external', 'payout', 'compensation') OR ${t.requiredLevel} >= 1`),
  ],
);

/**
 * Each supervisor's decision on a case, in its approval round. The database holds: never the maker; at level 2 two
 * different approvers (one row per approver and round); at most one refusal per round; and only while the case awaits
 * approval, in the case's current round.
 */
export const caseDecisions = pgTable(
  'case_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    approverId: uuid('approver_id').notNull().references(() => staff.id),
    round: smallint('round').notNull().default(1),
    decision: text('decision').notNull(),
    reasonCode: text('reason_code'),
    opinion: text('opinion'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The decision's place in its round (1, 2, …), numbered by the guard trigger from the decisions it can see: two
     * transactions deciding on stale snapshots take the same place and the unique index refuses the second.
     */
    slot: smallint('slot').notNull().default(0),
  },
  (t) => [
    uniqueIndex('case_decisions_one_per_approver_idx').on(t.caseId, t.round, t.approverId),
    uniqueIndex('case_decisions_slot_idx').on(t.caseId, t.round, t.slot),
    check('case_decisions_slot', sql`${t.slot} >= 1`),
    uniqueIndex('case_decisions_one_refusal_idx').on(t.caseId, t.round).where(sql`${t.decision} <> 'approve'`),
    check('case_decisions_decision', sql`${t.decision} IN ('approve', 'reject', 'return')`),
    check('case_decisions_refusal_reason', sql`${t.decision} = 'approve' OR (${t.reasonCode} IS NOT NULL AND length(btrim(coalesce(${t.opinion}, ''))) > 0)`),
  ],
);

/** The case timeline: every transition and decision, append-only. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    kind: text('kind').notNull(),
    actorId: uuid('actor_id').references(() => staff.id),
    data: jsonb('data').notNull().default({}),
    // The clock, not the transaction's start: the several events of one transaction keep their order on the timeline.
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.createdAt)],
);

/**
 * A proposed change of the approval policy (four-eyes on configuration): it applies only when someone other than its
 * proposer approves it, and then as the next version on top of the one it was based on.
 */
export const approvalPolicyProposals = pgTable(
  'approval_policy_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    baseVersion: integer('base_version').notNull().references(() => approvalPolicies.version),
    policy: jsonb('policy').notNull(),
    note: text('note').notNull(),
    status: text('status').notNull().default('pending'),
    proposedBy: uuid('proposed_by').notNull().references(() => staff.id),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => staff.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('approval_policy_proposals_one_pending_idx').on(t.status).where(sql`${t.status} = 'pending'`),
    check('approval_policy_proposals_status', sql`${t.status} IN ('pending', 'approved', 'rejected')`),
    check('approval_policy_proposals_four_eyes', sql`${t.decidedBy} IS NULL OR ${t.decidedBy} <> ${t.proposedBy}`),
    check('approval_policy_proposals_decision_shape', sql`(${t.status} = 'pending') = (${t.decidedBy} IS NULL AND ${t.decidedAt} IS NULL)`),
  ],
);
