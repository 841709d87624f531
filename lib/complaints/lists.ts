import 'server-only';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { accounts, cases, complaintEvents, complaints, customers, staff } from '@/db/schema';
import { beijingDate, endOfBeijingDay } from '@/lib/calendar/working-days';
import type { Actor } from './common';
import type { ComplaintState } from './lifecycle';
import { EXACT_TIME, exactTime, realTime, UUID } from '@/db/queries/keyset';

/**
 * The complaints' reads for the screens: one complaint with its record (scoped to who may read it), the lists (open,
 * closed, due today, overdue), and what the forms offer (possible handlers, accounts to credit, a case's state).
 */

/** One complaint for a reader: a supervisor any; a teller one they recorded or handle. */
export async function complaintFor(complaintId: string, by: Actor) {
  const [row] = await db
    .select({ complaint: complaints, customerName: customers.name })
    .from(complaints)
    .innerJoin(customers, eq(customers.id, complaints.customerId))
    .where(eq(complaints.id, complaintId));
  if (!row) return undefined;
  const c = row.complaint;
  if (by.role !== 'supervisor' && c.handlerId !== by.id && c.recordedBy !== by.id) return undefined;
  // The staff member complained about, who recorded it, follows its progress but not the investigation's record.
  const restricted = c.subjectStaffId === by.id;
  const events = await db
    .select({ seq: complaintEvents.seq, kind: complaintEvents.kind, fromState: complaintEvents.fromState, toState: complaintEvents.toState, note: complaintEvents.note, data: complaintEvents.data, at: complaintEvents.at, actorName: staff.displayName })
    .from(complaintEvents)
    .leftJoin(staff, eq(staff.id, complaintEvents.actorId))
    .where(eq(complaintEvents.complaintId, complaintId))
    .orderBy(complaintEvents.seq);
  const names = await db.execute<{ id: string; display_name: string }>(sql`
    SELECT id, display_name FROM staff WHERE id IN (${sql.join([c.handlerId, c.subjectStaffId, c.recordedBy, c.assignedBy].filter((x): x is string => !!x).map((x) => sql`${x}`), sql`, `)})`);
  const name = (id: string | null) => (id ? (names.find((n) => n.id === id)?.display_name ?? null) : null);
  return {
    ...c,
    ...(restricted ? { rootCause: null, actionTaken: null, feedbackNote: null } : {}),
    restricted,
    customerName: row.customerName,
    handlerName: name(c.handlerId),
    subjectName: name(c.subjectStaffId),
    recordedByName: name(c.recordedBy),
    events: restricted ? events.map((e) => ({ ...e, note: null })) : events,
  };
}

export type ComplaintFilter = { state?: 'open' | 'closed' | 'all'; due?: 'today' | 'overdue'; mine?: boolean; category?: string };

/** A page of the complaint list: 50 rows, and "more" after them. */
export const COMPLAINTS_PAGE = 50;

const CURSOR = new RegExp(`^([01])\\|(${EXACT_TIME})\\|(${EXACT_TIME})\\|(${UUID})$`);

type ComplaintCursor = { open: boolean; resolveBy: string; receivedAt: string; id: string };

/** Reads a cursor made by listComplaints (a row's "open|resolve_by|received_at|id"); anything else is no cursor. */
export function parseComplaintCursor(value: string | null | undefined): ComplaintCursor | undefined {
  const m = typeof value === 'string' ? value.match(CURSOR) : null;
  if (!m || !realTime(m[2]!) || !realTime(m[3]!)) return undefined;
  return { open: m[1] === '1', resolveBy: m[2]!, receivedAt: m[3]!, id: m[4]! };
}

export type ComplaintRow = {
  id: string;
  ref: string;
  state: ComplaintState;
  channel: string;
  category: string;
  severity: string;
  received_at: Date;
  acknowledged_at: Date | null;
  acknowledge_by: Date;
  resolve_by: Date;
  customer_name: string;
  handler_name: string | null;
  subject_name: string | null;
  escalated: boolean;
  upheld: boolean | null;
  /** Where the next page starts when this row is the last of one (listComplaints' `after`). */
  cursor: string;
};

/**
 * Complaints for a list: a supervisor's all (or the ones they handle), a teller's those they handle or recorded; open
 * ones by their resolve-by time, the soonest first. "Due today" and "overdue" are by the Beijing day.
 *
 * Paged by keyset: `after` is the cursor of the previous page's last row (a malformed one is ignored: the first page).
 * The order (still worked on first, resolve_by, received_at newest first, id) mixes directions, so no single row
 * comparison follows it; the rows after the cursor are instead the rest of its group (the same "still worked on",
 * from its resolve_by on: an index range of complaints_open_order_idx, ties filtered) and, after the worked-on group,
 * the other group from its start (a second range). Each part is read in the index's order and stops at the page.
 */
export async function listComplaints(by: Actor, f: ComplaintFilter = {}, page: { after?: string | null; limit?: number } = {}, now = new Date()): Promise<ComplaintRow[]> {
  const limit = Math.max(1, Math.trunc(page.limit ?? COMPLAINTS_PAGE));
  const after = parseComplaintCursor(page.after);
  const today = beijingDate(now);
  const endToday = endOfBeijingDay(today).toISOString();
  const conditions = [
    by.role === 'supervisor' ? (f.mine ? sql`c.handler_id = ${by.id}` : sql`true`) : sql`(c.handler_id = ${by.id} OR c.recorded_by = ${by.id})`,
    // The open ones named state by state, so the (state, resolve_by) index finds them without reading the closed.
    f.state === 'closed' ? sql`c.state = 'closed'` : f.state === 'all' ? sql`true` : sql`c.state IN ('accepted', 'investigating', 'resolved', 'feedback')`,
    f.due === 'today' ? sql`c.state IN ('accepted', 'investigating') AND c.resolve_by >= ${now.toISOString()}::timestamptz AND c.resolve_by <= ${endToday}::timestamptz` : sql`true`,
    f.due === 'overdue'
      ? sql`((c.state IN ('accepted', 'investigating') AND c.resolve_by < ${now.toISOString()}::timestamptz) OR (c.acknowledged_at IS NULL AND c.acknowledge_by < ${now.toISOString()}::timestamptz))`
      : sql`true`,
    f.category ? sql`c.category = ${f.category}` : sql`true`,
  ];
  const where = sql.join(conditions, sql` AND `);
  // The index's first column, written as the index has it. "Not worked on" is `< true`: PostgreSQL would turn a NOT
  // (or `= false`) of it into state <> ALL (...), which no longer names the index's column.
  const worked = sql`(c.state IN ('accepted', 'investigating'))`;
  const order = sql`${worked} DESC, c.resolve_by, c.received_at DESC, c.id`;
  const columns = sql`c.id, c.ref, c.state, c.channel, c.category, c.severity, c.received_at, c.acknowledged_at, c.acknowledge_by, c.resolve_by, c.customer_id, c.handler_id, c.subject_staff_id,
      c.acknowledge_escalated_at, c.resolve_escalated_at, c.upheld, ${worked} AS worked`;
  const part = (condition: SQL) => sql`(SELECT ${columns} FROM complaints c WHERE ${where} AND ${condition} ORDER BY ${order} LIMIT ${limit})`;
  const rows = !after
    ? part(sql`true`)
    : sql`${part(
        sql`${after.open ? worked : sql`${worked} < true`} AND c.resolve_by >= ${after.resolveBy}::timestamptz
          AND (c.resolve_by > ${after.resolveBy}::timestamptz OR c.received_at < ${after.receivedAt}::timestamptz OR (c.received_at = ${after.receivedAt}::timestamptz AND c.id > ${after.id}::uuid))`,
      )}${after.open ? sql` UNION ALL ${part(sql`${worked} < true`)}` : sql``}`;
  return db.execute<ComplaintRow>(sql`
    SELECT p.id, p.ref, p.state, p.channel, p.category, p.severity, p.received_at, p.acknowledged_at, p.acknowledge_by, p.resolve_by,
      cu.name AS customer_name, h.display_name AS handler_name, s.display_name AS subject_name,
      (p.acknowledge_escalated_at IS NOT NULL OR p.resolve_escalated_at IS NOT NULL) AS escalated, p.upheld,
      concat_ws('|', CASE WHEN p.worked THEN '1' ELSE '0' END, ${exactTime(sql`p.resolve_by`)}, ${exactTime(sql`p.received_at`)}, p.id) AS cursor
    FROM (${rows}) p JOIN customers cu ON cu.id = p.customer_id
    LEFT JOIN staff h ON h.id = p.handler_id LEFT JOIN staff s ON s.id = p.subject_staff_id
    ORDER BY p.worked DESC, p.resolve_by, p.received_at DESC, p.id
    LIMIT ${limit}`);
}

/** Staff a complaint may be handled by: active tellers and supervisors (the subject is refused when chosen). */
export async function possibleHandlers() {
  return db
    .select({ id: staff.id, name: staff.displayName, role: staff.role })
    .from(staff)
    .where(and(eq(staff.active, true), sql`${staff.role} IN ('teller', 'supervisor')`))
    .orderBy(staff.role, staff.displayName);
}

/** The customer's active accounts a compensation may be credited to (numbers shown by their last four only). */
export async function customerAccountsToCredit(customerId: string) {
  return db.select({ id: accounts.id, number: accounts.number, kind: accounts.kind }).from(accounts).where(and(eq(accounts.customerId, customerId), eq(accounts.status, 'active'))).orderBy(accounts.number);
}

/** A case's state (for the complaint's compensation line). */
export async function caseState(caseId: string): Promise<string | undefined> {
  const [row] = await db.select({ state: cases.state }).from(cases).where(eq(cases.id, caseId));
  return row?.state;
}
