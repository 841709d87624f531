import 'server-only';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db';
import { customers, serviceSessions, sessionEvents, staff, verifications } from '@/db/schema';
import { maskIdNumber } from '@/lib/customers/id-number';
import type { Step } from '@/lib/sessions/ladder';
import { appendAudit } from './audit';

export type Channel = 'phone' | 'video' | 'chat';
export type SessionSummary = {
  id: string;
  channel: Channel;
  status: 'open' | 'ended';
  outcome: SessionOutcome | null;
  transferNote: string | null;
  transferredFromName: string | null;
  startedAt: Date;
  endedAt: Date | null;
  customerName: string | null;
  customerId: string | null;
  customerIdMasked: string | null;
  tellerId: string;
  tellerName: string;
};

export const summaryColumns = {
  id: serviceSessions.id,
  channel: serviceSessions.channel,
  status: serviceSessions.status,
  outcome: serviceSessions.outcome,
  transferNote: serviceSessions.transferNote,
  transferredFromName: sql<string | null>`(SELECT display_name FROM staff f WHERE f.id = ${serviceSessions.transferredFromId})`,
  startedAt: serviceSessions.startedAt,
  endedAt: serviceSessions.endedAt,
  customerId: serviceSessions.customerId,
  customerName: customers.name,
  customerIdLast4: customers.idNumberLast4,
  tellerId: serviceSessions.tellerId,
  tellerName: staff.displayName,
};

export function toSummary(r: Omit<SessionSummary, 'customerIdMasked'> & { customerIdLast4: string | null }): SessionSummary {
  const { customerIdLast4, ...rest } = r;
  return { ...rest, customerIdMasked: customerIdLast4 ? maskIdNumber(customerIdLast4) : null };
}

function summaries() {
  return db
    .select(summaryColumns)
    .from(serviceSessions)
    .innerJoin(staff, eq(staff.id, serviceSessions.tellerId))
    .leftJoin(customers, eq(customers.id, serviceSessions.customerId));
}

export async function addSessionEvent(conn: DbOrTx, sessionId: string, actorId: string | null, kind: string, data: Record<string, string | number | boolean | null> = {}): Promise<void> {
  await conn.insert(sessionEvents).values({ sessionId, actorId, kind, data });
}

export async function startServiceSession(tellerId: string, channel: Channel): Promise<string> {
  // The session and its first timeline entry land together.
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(serviceSessions).values({ tellerId, channel }).returning({ id: serviceSessions.id });
    await addSessionEvent(tx, row!.id, tellerId, 'session.started', { channel });
    return row!.id;
  });
}

export async function listTellerSessions(tellerId: string, limit = 30): Promise<SessionSummary[]> {
  const rows = await summaries().where(eq(serviceSessions.tellerId, tellerId)).orderBy(desc(serviceSessions.startedAt)).limit(limit);
  return rows.map(toSummary);
}

/** A teller sees only their own sessions: the scope is part of the WHERE clause. */
export async function getTellerSession(sessionId: string, tellerId: string): Promise<SessionSummary | undefined> {
  const [row] = await summaries()
    .where(and(eq(serviceSessions.id, sessionId), eq(serviceSessions.tellerId, tellerId)))
    .limit(1);
  return row && toSummary(row);
}

export type ConsoleSession = SessionSummary & {
  /** Open sessions only (false once ended): a keypad prompt for the ladder's password step, one for a new card's password. */
  keypadPromptLive: boolean;
  cardPromptLive: boolean;
  /** Open sessions only (empty once ended): the active tellers and supervisors it may be handed to, by role and username. */
  transferTargets: { id: string; displayName: string; role: 'teller' | 'supervisor' }[];
};

const livePrompt = (purpose: 'verify' | 'set_card_password') =>
  sql<boolean>`(${serviceSessions.status} = 'open' AND EXISTS (SELECT 1 FROM password_prompts p WHERE p.session_id = ${serviceSessions.id} AND p.purpose = ${purpose} AND p.answered_at IS NULL AND p.superseded_at IS NULL AND p.expires_at > now()))`;

/**
 * The session console's session in one statement: the teller's own session (the scope is part of the WHERE clause, as
 * in getTellerSession) with its live keypad prompts and whom it may be handed to (listTransferTargets).
 */
export async function getConsoleSession(sessionId: string, tellerId: string): Promise<ConsoleSession | undefined> {
  const [row] = await db
    .select({
      ...summaryColumns,
      keypadPromptLive: livePrompt('verify'),
      cardPromptLive: livePrompt('set_card_password'),
      transferTargets: sql<ConsoleSession['transferTargets']>`(CASE WHEN ${serviceSessions.status} = 'open' THEN (
        SELECT coalesce(json_agg(json_build_object('id', t.id, 'displayName', t.display_name, 'role', t.role) ORDER BY t.role, t.username), '[]'::json)
        FROM staff t WHERE t.role IN ('teller', 'supervisor') AND t.active) ELSE '[]'::json END)`,
    })
    .from(serviceSessions)
    .innerJoin(staff, eq(staff.id, serviceSessions.tellerId))
    .leftJoin(customers, eq(customers.id, serviceSessions.customerId))
    .where(and(eq(serviceSessions.id, sessionId), eq(serviceSessions.tellerId, tellerId)))
    .limit(1);
  if (!row) return undefined;
  const { keypadPromptLive, cardPromptLive, transferTargets, ...summary } = row;
  return { ...toSummary(summary), keypadPromptLive, cardPromptLive, transferTargets };
}

export async function getSessionSummary(sessionId: string): Promise<SessionSummary | undefined> {
  const [row] = await summaries().where(eq(serviceSessions.id, sessionId)).limit(1);
  return row && toSummary(row);
}

export async function isOpenTellerSession(sessionId: string, tellerId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: serviceSessions.id })
    .from(serviceSessions)
    .where(and(eq(serviceSessions.id, sessionId), eq(serviceSessions.tellerId, tellerId), eq(serviceSessions.status, 'open')));
  return !!row;
}

/** Locks the teller's own open session for a write; undefined when it is not theirs or not open. */
export async function lockOpenTellerSession(tx: DbOrTx, sessionId: string, tellerId: string): Promise<{ id: string; customerId: string | null } | undefined> {
  const [row] = await tx
    .select({ id: serviceSessions.id, customerId: serviceSessions.customerId })
    .from(serviceSessions)
    .where(and(eq(serviceSessions.id, sessionId), eq(serviceSessions.tellerId, tellerId), eq(serviceSessions.status, 'open')))
    // NO KEY UPDATE: serialises every change to the session, yet lets other transactions insert rows that reference
    // it (their foreign-key check takes KEY SHARE), so a decision writing a session event cannot deadlock with it.
    .for('no key update');
  return row;
}

/** Identifies the customer once: a session's customer is never swapped after the fact. */
/** Hands the (locked, open) session to another teller. */
export async function transferServiceSession(tx: DbOrTx, sessionId: string, fromId: string, toId: string, note: string): Promise<void> {
  await tx.update(serviceSessions).set({ tellerId: toId, transferredFromId: fromId, transferNote: note }).where(eq(serviceSessions.id, sessionId));
}

export async function setSessionCustomer(tx: DbOrTx, sessionId: string, customerId: string): Promise<boolean> {
  const rows = await tx
    .update(serviceSessions)
    .set({ customerId })
    .where(and(eq(serviceSessions.id, sessionId), isNull(serviceSessions.customerId)))
    .returning({ id: serviceSessions.id });
  return rows.length === 1;
}

export type SessionOutcome = 'resolved' | 'transferred' | 'dropped' | 'abandoned';

/** satisfaction: 1-5, or null when the customer declined to rate. */
export async function endServiceSession(tx: DbOrTx, sessionId: string, outcome: SessionOutcome, satisfaction: number | null): Promise<void> {
  await tx
    .update(serviceSessions)
    .set({ status: 'ended', endedAt: sql`now()`, outcome, satisfaction, satisfactionDeclined: satisfaction === null })
    .where(eq(serviceSessions.id, sessionId));
}

/**
 * When a teller's last sign-in ends (sign-out, idle timeout, expiry, account change), the contacts they left open are
 * closed by the system as abandoned, on the timeline and in the audit trail. Another live sign-in keeps them open.
 */
export async function closeAbandonedServiceSessions(conn: DbOrTx, staffId: string, reason: string): Promise<string[]> {
  const rows = await conn
    .update(serviceSessions)
    .set({ status: 'ended', endedAt: sql`now()`, outcome: 'abandoned', satisfactionDeclined: true, closedBySystem: true })
    .where(
      and(
        eq(serviceSessions.tellerId, staffId),
        eq(serviceSessions.status, 'open'),
        sql`NOT EXISTS (SELECT 1 FROM staff_sessions s WHERE s.staff_id = ${staffId} AND s.ended_at IS NULL)`,
      ),
    )
    .returning({ id: serviceSessions.id });
  for (const { id } of rows) {
    await addSessionEvent(conn, id, null, 'session.closed_by_system', { reason });
    await appendAudit({ actorId: null, actorRole: null, action: 'session.auto_close', outcome: 'ok', entityType: 'service_session', entityId: id, details: { reason, teller: staffId } }, conn);
  }
  return rows.map((r) => r.id);
}

export async function insertVerification(
  tx: DbOrTx,
  v: { sessionId: string; customerId: string; kind: Step; result: 'pass' | 'fail'; mismatched?: string[]; performedBy: string },
): Promise<string> {
  const [row] = await tx.insert(verifications).values(v).returning({ id: verifications.id });
  return row!.id;
}

export type TimelineEntry = { id: number; at: Date; kind: string; actorName: string | null; data: Record<string, string | number | boolean | null> };

export async function getSessionTimeline(sessionId: string): Promise<TimelineEntry[]> {
  const rows = await db
    .select({ id: sessionEvents.id, at: sessionEvents.at, kind: sessionEvents.kind, actorName: staff.displayName, data: sessionEvents.data })
    .from(sessionEvents)
    .leftJoin(staff, eq(staff.id, sessionEvents.actorId))
    .where(eq(sessionEvents.sessionId, sessionId))
    .orderBy(asc(sessionEvents.id));
  return rows;
}

export type LiveSession = {
  id: string;
  channel: Channel;
  startedAt: Date;
  tellerName: string;
  customerName: string | null;
  customerIdMasked: string | null;
  passedSteps: string[];
  failedSteps: string[];
};

/** Every open session on the floor with its verification state: the supervisors' live board. */
export async function listLiveSessions(): Promise<LiveSession[]> {
  const rows = await db.execute<{
    id: string; channel: Channel; started_at: Date; teller_name: string; customer_name: string | null; id_last4: string | null; passed: string[] | null; failed: string[] | null;
  }>(sql`
    SELECT s.id, s.channel, s.started_at, t.display_name AS teller_name, c.name AS customer_name, c.id_number_last4 AS id_last4,
      (SELECT array_agg(DISTINCT v.kind::text) FROM verifications v WHERE v.session_id = s.id AND v.result = 'pass') AS passed,
      (SELECT array_agg(DISTINCT v.kind::text) FROM verifications v WHERE v.session_id = s.id AND v.result = 'fail') AS failed
    FROM service_sessions s
    JOIN staff t ON t.id = s.teller_id
    LEFT JOIN customers c ON c.id = s.customer_id
    WHERE s.status = 'open'
    ORDER BY s.started_at`);
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    startedAt: new Date(r.started_at),
    tellerName: r.teller_name,
    customerName: r.customer_name,
    customerIdMasked: r.id_last4 ? maskIdNumber(r.id_last4) : null,
    passedSteps: r.passed ?? [],
    failedSteps: r.failed ?? [],
  }));
}
