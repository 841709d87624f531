import 'server-only';
import { leastLoadedInspector } from '@/db/queries/qc-assignments';
import { eq, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db';
import { cases, complaints, customers, qcAssignments, serviceSessions, staff } from '@/db/schema';
import { idNumberIndex } from '@/db/queries/customers';
import { DomainError } from '@/lib/actions/result';
import { loadCalendar } from '@/lib/calendar/store';
import { beijingDate, endOfBeijingDay } from '@/lib/calendar/working-days';
import { activeStaffOfRole, notifyStaff } from '@/lib/notifications/staff';
import { notifyCustomer } from '@/lib/notify/notify';
import { appendEvent, complaintLink as link, type Actor, type Complaint } from './common';
import { openCompensation } from './compensation';
import { currentPolicy } from './deadline-policy';
import { deadlinesFor } from './deadlines';
import { nextComplaintState, type ComplaintEvent, type ComplaintState } from './lifecycle';
import { beijingInstant, type RecordComplaint } from './schemas';

/**
 * Customer complaints (客户投诉) at work: recorded from a session or on their own, acknowledged when a supervisor
 * assigns a handler (never the staff member complained about) and the customer is told, investigated, resolved with a
 * root cause, then the customer's feedback, then closed; reopened by a supervisor. Every step is an event, timed; the
 * customer hears of acceptance, progress and resolution through the outbox; deadlines are working days on the
 * configured calendar, escalated by a job when breached. A complaint about a session puts that session in QC's hands.
 *
 * This module holds the writes of that lifecycle (record, assign, investigate, note progress, resolve, feedback, close,
 * reopen); the lists and the detail are in lists.ts, the deadline policy and the escalation job in deadline-policy.ts.
 */

const fen = (yuan: number) => Math.round(yuan * 100);

/**
 * Records a complaint. From a session: a teller only from their own, the customer the session's; on its own: the
 * customer named by document number. A supervisor may assign the handler at once (then it is acknowledged).
 */
export async function recordComplaint(by: Actor, v: RecordComplaint, now = new Date()): Promise<{ id: string; ref: string }> {
  const receivedAt = v.receivedAt ? beijingInstant(v.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + 60_000) throw new DomainError('errors.complaints.receivedFuture', 'failed', { receivedAt: ['errors.complaints.receivedFuture'] });
  if (v.handlerId && by.role !== 'supervisor') throw new DomainError('errors.complaints.assignBySupervisor', 'denied', { handlerId: ['errors.complaints.assignBySupervisor'] });
  return db.transaction(async (tx) => {
    let customerId: string;
    let sessionId: string | null = null;
    let subject = v.subjectStaffId ?? null;
    if (v.sessionId) {
      const [s] = await tx.select({ tellerId: serviceSessions.tellerId, customerId: serviceSessions.customerId }).from(serviceSessions).where(eq(serviceSessions.id, v.sessionId));
      if (!s || (by.role === 'teller' && s.tellerId !== by.id)) throw new DomainError('errors.notFound', 'denied');
      if (!s.customerId) throw new DomainError('errors.complaints.sessionWithoutCustomer', 'failed', { sessionId: ['errors.complaints.sessionWithoutCustomer'] });
      customerId = s.customerId;
      sessionId = v.sessionId;
      // About the session: the staff member complained about is its teller; only a supervisor may name another.
      if (by.role !== 'supervisor' || !subject) subject = s.tellerId;
    } else {
      const [c] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.idNumberIndex, idNumberIndex(v.idNumber!))).limit(1);
      if (!c) throw new DomainError('errors.complaints.customerNotFound', 'failed', { idNumber: ['errors.complaints.customerNotFound'] });
      customerId = c.id;
    }
    if (v.caseId) {
      const [c] = await tx.execute<{ customer_id: string }>(sql`SELECT customer_id FROM cases WHERE id = ${v.caseId}`);
      if (!c || c.customer_id !== customerId) throw new DomainError('errors.complaints.caseNotCustomers', 'failed', { caseId: ['errors.complaints.caseNotCustomers'] });
    }
    if (subject) {
      const [s] = await tx.select({ role: staff.role }).from(staff).where(eq(staff.id, subject));
      if (!s) throw new DomainError('errors.complaints.subject', 'failed', { subjectStaffId: ['errors.complaints.subject'] });
    }
    if (v.handlerId && v.handlerId === subject) throw new DomainError('errors.complaints.handlerIsSubject', 'failed', { handlerId: ['errors.complaints.handlerIsSubject'] });

    const [{ version, policy }, calendar] = await Promise.all([currentPolicy(tx), loadCalendar(tx)]);
    const deadlines = deadlinesFor(policy, { category: v.category, severity: v.severity, receivedAt }, calendar);
    // A date the recorder gives (a regulator's referral may set one) only ever shortens the policy's deadline, never to
    // before the acknowledgement's.
    let resolveBy = deadlines.resolveBy;
    if (v.resolveBy) {
      if (v.resolveBy < beijingDate(now)) throw new DomainError('errors.complaints.deadlinePast', 'failed', { resolveBy: ['errors.complaints.deadlinePast'] });
      const given = endOfBeijingDay(v.resolveBy);
      if (given < resolveBy) resolveBy = given < deadlines.acknowledgeBy ? deadlines.acknowledgeBy : given;
    }
    const [row] = await tx
      .insert(complaints)
      .values({
        channel: v.channel,
        customerId,
        sessionId,
        caseId: v.caseId ?? null,
        subjectStaffId: subject,
        category: v.category,
        severity: v.severity,
        content: v.content,
        receivedAt,
        recordedBy: by.id,
        policyVersion: version,
        acknowledgeBy: deadlines.acknowledgeBy,
        resolveBy,
      })
      .returning({ id: complaints.id, ref: complaints.ref });
    await appendEvent(tx, { complaintId: row!.id, kind: 'recorded', to: 'accepted', actorId: by.id, data: { channel: v.channel, category: v.category, severity: v.severity, policy: version } });
    if (sessionId) await sampleForQc(tx, row!.id, sessionId);
    if (v.handlerId) await assignInTx(tx, row!.id, v.handlerId, by);
    else await notifyStaff(tx, await activeStaffOfRole(tx, 'supervisor'), { kind: 'complaintToAssign', params: { ref: row!.ref }, link: link(row!.id) });
    return row!;
  });
}

/**
 * A complaint about a session puts the session in QC's hands: assigned (reason 'complaint') to the least loaded
 * inspector who took no part in it, unless it is already assigned or inspected.
 */
async function sampleForQc(tx: Tx, complaintId: string, sessionId: string): Promise<void> {
  const [already] = await tx.execute<{ yes: boolean }>(sql`
    SELECT EXISTS (SELECT 1 FROM qc_assignments WHERE session_id = ${sessionId}) OR EXISTS (SELECT 1 FROM inspections WHERE session_id = ${sessionId} AND status = 'submitted') AS yes`);
  const [s] = await tx.select({ status: serviceSessions.status }).from(serviceSessions).where(eq(serviceSessions.id, sessionId));
  if (already?.yes || s?.status !== 'ended') {
    await appendEvent(tx, { complaintId, kind: 'qc_sampled', actorId: null, data: { session: sessionId, assigned: false, reason: already?.yes ? 'already' : 'not_ended' } });
    return;
  }
  const inspectorId = await leastLoadedInspector(tx, sessionId);
  if (!inspectorId) return;
  // A plan's draw or another complaint may assign it at the same moment: the first assignment stands.
  const [assigned] = await tx
    .insert(qcAssignments)
    .values({ sessionId, inspectorId, reason: 'complaint', riskReasons: ['complaint'] })
    .onConflictDoNothing({ target: qcAssignments.sessionId })
    .returning({ id: qcAssignments.id });
  await appendEvent(tx, { complaintId, kind: 'qc_sampled', actorId: null, data: assigned ? { session: sessionId, assigned: true, inspector: inspectorId } : { session: sessionId, assigned: false, reason: 'already' } });
}

/** The complaint, locked, if the actor may work on it: a supervisor any; a teller one they handle. */
async function forWork(tx: Tx, complaintId: string, by: Actor): Promise<Complaint> {
  const [row] = await tx.select().from(complaints).where(eq(complaints.id, complaintId)).for('update');
  if (!row || (by.role !== 'supervisor' && row.handlerId !== by.id)) throw new DomainError('errors.notFound', 'denied');
  if (row.subjectStaffId === by.id) throw new DomainError('errors.complaints.ownComplaint', 'denied');
  return row;
}

function stepTo(row: Complaint, event: ComplaintEvent): ComplaintState {
  const to = nextComplaintState(row.state as ComplaintState, event);
  if (!to) throw new DomainError('errors.complaints.state', 'failed');
  return to;
}

async function assignInTx(tx: Tx, complaintId: string, handlerId: string, by: Actor): Promise<void> {
  const [row] = await tx.select().from(complaints).where(eq(complaints.id, complaintId)).for('update');
  if (!row) throw new DomainError('errors.notFound', 'failed');
  if (row.subjectStaffId === by.id) throw new DomainError('errors.complaints.ownComplaint', 'denied');
  if (row.state === 'closed') throw new DomainError('errors.complaints.state', 'failed');
  if (row.sessionId && (await tx.execute<{ yes: boolean }>(sql`SELECT took_part_in_session(${row.sessionId}, ${handlerId}) AS yes`))[0]?.yes) {
    throw new DomainError('errors.complaints.handlerTookPart', 'failed', { handlerId: ['errors.complaints.handlerTookPart'] });
  }
  if (handlerId === row.subjectStaffId) throw new DomainError('errors.complaints.handlerIsSubject', 'failed', { handlerId: ['errors.complaints.handlerIsSubject'] });
  const [h] = await tx.select({ role: staff.role, active: staff.active }).from(staff).where(eq(staff.id, handlerId));
  if (!h || !h.active || (h.role !== 'teller' && h.role !== 'supervisor')) throw new DomainError('errors.complaints.handler', 'failed', { handlerId: ['errors.complaints.handler'] });
  const first = row.acknowledgedAt === null;
  await tx
    .update(complaints)
    .set({ handlerId, assignedBy: by.id, ...(first ? { acknowledgedAt: sql`now()` as unknown as Date } : {}) })
    .where(eq(complaints.id, complaintId));
  await appendEvent(tx, { complaintId, kind: first ? 'acknowledged' : 'reassigned', actorId: by.id, data: { handler: handlerId, previous: row.handlerId } });
  await notifyStaff(tx, [handlerId], { kind: 'complaintAssigned', params: { ref: row.ref }, link: link(complaintId) });
  // The customer is told once that the complaint is accepted, with its reference and when it will be resolved.
  if (first) await notifyCustomer(tx, { customerId: row.customerId, sessionId: row.sessionId, template: 'complaintAccepted', params: { ref: row.ref, date: beijingDate(row.resolveBy) }, channels: ['sms', 'email', 'in_app'] });
}

/** A supervisor assigns (or reassigns) the handler; the first assignment acknowledges the complaint. */
export async function assignHandler(complaintId: string, handlerId: string, by: Actor): Promise<void> {
  await db.transaction((tx) => assignInTx(tx, complaintId, handlerId, by));
}

/** Moves a complaint one step along its lifecycle, with the event, what the step records, and what the customer hears. */
async function step(
  complaintId: string,
  by: Actor,
  event: ComplaintEvent,
  v: {
    note?: string | null;
    data?: Record<string, unknown>;
    set?: Partial<typeof complaints.$inferInsert>;
    tell?: 'complaintProgress' | 'complaintResolved';
    params?: Record<string, string>;
    // More work in the step's transaction, before the complaint moves (a compensation case); what it returns is set too.
    within?: (tx: Tx, row: Complaint) => Promise<Partial<typeof complaints.$inferInsert>>;
  },
): Promise<ComplaintState> {
  return db.transaction(async (tx) => {
    const row = await forWork(tx, complaintId, by);
    if (event !== 'reopen' && !row.handlerId) throw new DomainError('errors.complaints.notAcknowledged', 'failed');
    const to = stepTo(row, event);
    const more = v.within ? await v.within(tx, row) : {};
    await tx.update(complaints).set({ ...v.set, ...more, state: to }).where(eq(complaints.id, complaintId));
    await appendEvent(tx, { complaintId, kind: event, from: row.state as ComplaintState, to, actorId: by.id, note: v.note, data: v.data });
    if (v.tell) await notifyCustomer(tx, { customerId: row.customerId, sessionId: row.sessionId, template: v.tell, params: { ref: row.ref, ...v.params }, channels: ['sms', 'email', 'in_app'] });
    return to;
  });
}

export function startInvestigation(complaintId: string, by: Actor, note?: string) {
  return step(complaintId, by, 'investigate', { note, tell: 'complaintProgress' });
}

/** A progress note on the record; the customer is told when the handler says so. */
export async function noteProgress(complaintId: string, by: Actor, note: string, tellCustomer: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await forWork(tx, complaintId, by);
    if (row.state !== 'investigating') throw new DomainError('errors.complaints.state', 'failed');
    await appendEvent(tx, { complaintId, kind: 'progress', actorId: by.id, note, data: { told: tellCustomer } });
    if (tellCustomer) await notifyCustomer(tx, { customerId: row.customerId, sessionId: row.sessionId, template: 'complaintProgress', params: { ref: row.ref }, channels: ['sms', 'email', 'in_app'] });
  });
}

/**
 * The resolution: root cause, action, upheld or not; a compensation opens its dual-control case (made by the one who
 * resolves, credited to the customer's account once a supervisor approves), named on the complaint.
 */
export async function resolveComplaint(complaintId: string, by: Actor, v: { rootCause: string; actionTaken: string; upheld: boolean; compensationYuan?: number; compensationAccountId?: string }) {
  const compensationFen = v.compensationYuan === undefined ? null : fen(v.compensationYuan);
  return step(complaintId, by, 'resolve', {
    data: { upheld: v.upheld, compensationFen },
    // A compensation paid before a reopening stays on the record unless a new one replaces it.
    set: { rootCause: v.rootCause, actionTaken: v.actionTaken, upheld: v.upheld, resolvedAt: sql`now()` as unknown as Date },
    tell: 'complaintResolved',
    within: async (tx, row) => {
      if (!compensationFen) return {};
      const opened = await openCompensation(tx, { complaintId, complaintRef: row.ref, customerId: row.customerId, makerId: by.id, accountId: v.compensationAccountId!, amountFen: compensationFen });
      await appendEvent(tx, { complaintId, kind: 'compensation', actorId: by.id, data: { case: opened.id, amountFen: compensationFen } });
      return { compensationFen, compensationCaseId: opened.id };
    },
  });
}

export function recordFeedback(complaintId: string, by: Actor, v: { satisfaction: number; note?: string }) {
  return step(complaintId, by, 'record_feedback', { note: v.note, data: { satisfaction: v.satisfaction }, set: { satisfaction: v.satisfaction, feedbackNote: v.note ?? null, feedbackAt: sql`now()` as unknown as Date } });
}

/** A compensation case still on its way (not completed, refused, cancelled or expired) holds the complaint open. */
async function compensationLive(tx: Tx, row: Complaint): Promise<boolean> {
  if (!row.compensationCaseId) return false;
  const [c] = await tx.select({ state: cases.state }).from(cases).where(eq(cases.id, row.compensationCaseId));
  return !!c && !['completed', 'rejected', 'cancelled', 'expired'].includes(c.state);
}

/** Closing (办结) waits for the compensation, if any, to be decided and executed. */
export function closeComplaint(complaintId: string, by: Actor) {
  return step(complaintId, by, 'close', {
    set: { closedAt: sql`now()` as unknown as Date },
    within: async (tx, row) => {
      if (await compensationLive(tx, row)) throw new DomainError('errors.complaints.compensationPending', 'failed');
      return {};
    },
  });
}

/** A supervisor reopens a resolved or closed complaint with a reason and a new resolve-by date (not in the past). */
export function reopenComplaint(complaintId: string, by: Actor, v: { reason: string; resolveBy: string }, now = new Date()) {
  if (v.resolveBy < beijingDate(now)) throw new DomainError('errors.complaints.deadlinePast', 'failed', { resolveBy: ['errors.complaints.deadlinePast'] });
  return step(complaintId, by, 'reopen', {
    note: v.reason,
    data: { resolveBy: v.resolveBy },
    set: { resolveEscalatedAt: null, resolvedAt: null, feedbackAt: null, satisfaction: null, closedAt: null },
    within: async (tx, row) => {
      // A compensation still awaiting its decision is decided first (approved or refused), not left behind.
      if (await compensationLive(tx, row)) throw new DomainError('errors.complaints.compensationPending', 'failed');
      // Never before the acknowledgement's deadline (the database holds that order).
      const given = endOfBeijingDay(v.resolveBy);
      return { resolveBy: given < row.acknowledgeBy ? row.acknowledgeBy : given };
    },
  });
}
