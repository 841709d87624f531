import 'server-only';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { db } from '@/db';
import { customers, inspections, serviceSessions, staff } from '@/db/schema';
import { exactTime, parseTimeIdCursor } from './keyset';

/** cursor: where the next page starts when this session is the last of one (listSessionsToInspect's `after`). */
export type InspectableSession = { id: string; channel: string; tellerName: string; customerName: string | null; startedAt: Date; endedAt: Date | null; cursor: string };

/** A page of the QC queue's "Other sessions to inspect". */
export const SESSIONS_TO_INSPECT_PAGE = 50;

/** Reads a cursor made by listSessionsToInspect (a session's ended_at to the microsecond and id); anything else is no cursor. */
export function parseSessionCursor(value: string | null | undefined): { endedAt: string; id: string } | undefined {
  const c = parseTimeIdCursor(value);
  return c && { endedAt: c.at, id: c.id };
}

/**
 * Ended sessions without an inspection and not assigned to anyone (the inspector's own assignments are their list),
 * newest first, leaving out any the inspector took part in. The cheap conditions
 * (each an index lookup) pick the candidates in order first; took_part_in_session, a dozen lookups of its own, runs only
 * on those and only until the page is full. OFFSET 0 keeps the candidates a subquery of their own: PostgreSQL neither
 * merges it into the outer query nor moves the outer condition into it (found by the bench: otherwise the planner may
 * call the function for every ended session and sort them all). The page size is written into the statement, so even
 * the plan PostgreSQL keeps for the prepared statement knows it is a page (with a parameter it guesses a tenth of the
 * sessions, and joins the customers by reading them all). Paged by keyset on (ended_at, id), both newest first: `after`
 * is the previous page's last cursor (a malformed one is ignored: the first page); service_sessions_status_idx serves
 * the ended_at bound, the id breaks ties among sessions ended at the same instant.
 */
export async function listSessionsToInspect(inspectorId: string, page: { after?: string | null; limit?: number } = {}): Promise<InspectableSession[]> {
  const limit = Math.max(1, Math.trunc(page.limit ?? SESSIONS_TO_INSPECT_PAGE));
  const after = parseSessionCursor(page.after);
  const rows = await db.execute<{ id: string; channel: string; teller_name: string; customer_name: string | null; started_at: string; ended_at: string | null; cursor: string }>(sql`
    SELECT p.id, p.channel::text AS channel, t.display_name AS teller_name, c.name AS customer_name, p.started_at, p.ended_at,
      ${exactTime(sql`p.ended_at`)} || '|' || p.id AS cursor
    FROM (
      SELECT candidates.* FROM (
        SELECT s.id, s.channel, s.teller_id, s.customer_id, s.started_at, s.ended_at
        FROM service_sessions s
        WHERE s.status = 'ended'
          ${after ? sql`AND (s.ended_at, s.id) < (${after.endedAt}::timestamptz, ${after.id}::uuid)` : sql``}
          -- Not assigned to an inspector (this one's are on their own list).
          AND NOT EXISTS (SELECT 1 FROM qc_assignments a WHERE a.session_id = s.id)
          -- Not inspected yet, or a draft of this inspector's own.
          AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.session_id = s.id AND NOT (i.status = 'draft' AND i.inspector_id = ${inspectorId}))
          -- A session whose case still awaits its decision is not finished business yet.
          AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.session_id = s.id AND k.state = 'pending_approval')
        ORDER BY s.ended_at DESC, s.id DESC
        OFFSET 0
      ) candidates
      WHERE NOT took_part_in_session(candidates.id, ${inspectorId}::uuid)
      LIMIT ${sql.raw(String(limit))}
    ) p
    JOIN staff t ON t.id = p.teller_id
    LEFT JOIN customers c ON c.id = p.customer_id
    ORDER BY p.ended_at DESC, p.id DESC`);
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    tellerName: r.teller_name,
    customerName: r.customer_name,
    // As drizzle reads a timestamptz (the raw query gets the driver's text).
    startedAt: new Date(r.started_at),
    endedAt: r.ended_at === null ? null : new Date(r.ended_at),
    cursor: r.cursor,
  }));
}

/**
 * True when the staff member took part in the session: its teller, anyone on its timeline, the maker or a checker of one
 * of its cases or requests — the database's own definition (took_part_in_session), which its triggers hold.
 */
export async function tookPartInSession(sessionId: string, staffId: string): Promise<boolean> {
  const [row] = await db.execute<{ took: boolean }>(sql`SELECT took_part_in_session(${sessionId}::uuid, ${staffId}::uuid) AS took`);
  return !!row?.took;
}

export async function getInspection(sessionId: string) {
  const [row] = await db
    .select({ id: inspections.id, status: inspections.status, score: inspections.score, criticalFailure: inspections.criticalFailure, comment: inspections.comment, createdAt: inspections.createdAt, inspectorName: staff.displayName })
    .from(inspections)
    .innerJoin(staff, eq(staff.id, inspections.inspectorId))
    .where(eq(inspections.sessionId, sessionId))
    .limit(1);
  return row;
}

export type TellerScore = { sessionId: string; score: number; criticalFailure: boolean; comment: string; createdAt: Date; channel: string };

/**
 * A teller's submitted inspections, newest first (a draft is the inspector's own until it is submitted); by the
 * inspection's own teller (inspections_teller_created_idx).
 */
export async function listTellerScores(tellerId: string, limit = 20): Promise<TellerScore[]> {
  const rows = await db
    .select({ sessionId: inspections.sessionId, score: inspections.score, criticalFailure: inspections.criticalFailure, comment: inspections.comment, createdAt: inspections.createdAt, channel: serviceSessions.channel })
    .from(inspections)
    .innerJoin(serviceSessions, eq(serviceSessions.id, inspections.sessionId))
    .where(and(eq(inspections.tellerId, tellerId), eq(inspections.status, 'submitted')))
    .orderBy(desc(inspections.createdAt))
    .limit(limit);
  return rows.map((r) => ({ ...r, score: r.score ?? 0 }));
}

export async function hasPendingCase(sessionId: string): Promise<boolean> {
  const rows = await db.execute(sql`SELECT 1 FROM cases WHERE session_id = ${sessionId} AND state = 'pending_approval' LIMIT 1`);
  return rows.length > 0;
}

/** The most recent ended sessions, inspected or not: calibrating on a session already inspected is the useful case. */
export async function recentEndedSessions(limit = 100) {
  return db
    .select({ id: serviceSessions.id, tellerName: staff.displayName, customerName: customers.name, endedAt: serviceSessions.endedAt })
    .from(serviceSessions)
    .innerJoin(staff, eq(staff.id, serviceSessions.tellerId))
    .leftJoin(customers, eq(customers.id, serviceSessions.customerId))
    .where(eq(serviceSessions.status, 'ended'))
    .orderBy(desc(serviceSessions.endedAt), desc(serviceSessions.id))
    .limit(limit);
}

/** The active QC inspectors, by name. */
export async function activeInspectors() {
  return db
    .select({ id: staff.id, name: staff.displayName })
    .from(staff)
    .where(and(eq(staff.role, 'qc'), eq(staff.active, true)))
    .orderBy(asc(staff.displayName));
}

/** Who a session is assigned to for inspection, if anyone. */
export async function assigneeOf(sessionId: string): Promise<{ id: string; name: string } | undefined> {
  const [row] = await db.execute<{ id: string; name: string }>(sql`
    SELECT s.id, s.display_name AS name FROM qc_assignments a JOIN staff s ON s.id = a.inspector_id WHERE a.session_id = ${sessionId}`);
  return row;
}
