import 'server-only';
import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { db } from '@/db';
import { customers, inspections, serviceSessions, staff } from '@/db/schema';

export type InspectableSession = { id: string; channel: string; tellerName: string; customerName: string | null; startedAt: Date; endedAt: Date | null };

/** Ended sessions without an inspection, leaving out any the inspector took part in. */
export async function listSessionsToInspect(inspectorId: string, limit = 50): Promise<InspectableSession[]> {
  return db
    .select({
      id: serviceSessions.id,
      channel: serviceSessions.channel,
      tellerName: staff.displayName,
      customerName: customers.name,
      startedAt: serviceSessions.startedAt,
      endedAt: serviceSessions.endedAt,
    })
    .from(serviceSessions)
    .innerJoin(staff, eq(staff.id, serviceSessions.tellerId))
    .leftJoin(customers, eq(customers.id, serviceSessions.customerId))
    .leftJoin(inspections, eq(inspections.sessionId, serviceSessions.id))
    .where(
      and(
        eq(serviceSessions.status, 'ended'),
        // Not assigned to another inspector.
        sql`NOT EXISTS (SELECT 1 FROM qc_assignments a WHERE a.session_id = ${serviceSessions.id} AND a.inspector_id <> ${inspectorId})`,
        // Not inspected yet, or a draft of this inspector's own.
        or(isNull(inspections.id), and(eq(inspections.status, 'draft'), eq(inspections.inspectorId, inspectorId))),
        sql`NOT took_part_in_session(${serviceSessions.id}, ${inspectorId}::uuid)`,
        // A session whose case still awaits its decision is not finished business yet.
        sql`NOT EXISTS (SELECT 1 FROM cases c WHERE c.session_id = ${serviceSessions.id} AND c.state = 'pending_approval')`,
      ),
    )
    .orderBy(desc(serviceSessions.endedAt))
    .limit(limit);
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

/** A teller's submitted inspections, newest first (a draft is the inspector's own until it is submitted). */
export async function listTellerScores(tellerId: string, limit = 20): Promise<TellerScore[]> {
  const rows = await db
    .select({ sessionId: inspections.sessionId, score: inspections.score, criticalFailure: inspections.criticalFailure, comment: inspections.comment, createdAt: inspections.createdAt, channel: serviceSessions.channel })
    .from(inspections)
    .innerJoin(serviceSessions, eq(serviceSessions.id, inspections.sessionId))
    .where(and(eq(serviceSessions.tellerId, tellerId), eq(inspections.status, 'submitted')))
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
