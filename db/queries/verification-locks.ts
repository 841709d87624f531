import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db';
import { customers, serviceSessions, staff, verificationLocks, verifications } from '@/db/schema';
import { maskIdNumber } from '@/lib/customers/id-number';

// A ladder step failed too often, or a document suspected forged at review ('document').
type Kind = 'basic' | 'password' | 'otp' | 'confirmation' | 'document';

/** The customer's lock in force now, if any. */
export async function activeLock(conn: DbOrTx, customerId: string): Promise<{ id: string; lockedUntil: Date } | undefined> {
  const [row] = await conn
    .select({ id: verificationLocks.id, lockedUntil: verificationLocks.lockedUntil })
    .from(verificationLocks)
    .where(and(eq(verificationLocks.customerId, customerId), eq(verificationLocks.status, 'open'), sql`${verificationLocks.lockedUntil} > now()`));
  return row;
}

export async function lockCustomerRow(conn: DbOrTx, customerId: string): Promise<void> {
  await conn.execute(sql`SELECT id FROM customers WHERE id = ${customerId} FOR NO KEY UPDATE`);
}

export async function isVerificationLocked(customerId: string, conn: DbOrTx = db): Promise<boolean> {
  return !!(await activeLock(conn, customerId));
}

/**
 * Failures at a step for this customer, in any session, within the window and since the last lock was raised
 * (failures that already caused a lock do not count twice).
 */
export async function recentFailures(conn: DbOrTx, customerId: string, kind: Kind, windowMinutes: number): Promise<number> {
  const [row] = await conn.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM ${verifications} v
    WHERE v.customer_id = ${customerId} AND v.kind = ${kind} AND v.result = 'fail'
      AND v.created_at > now() - make_interval(mins => ${windowMinutes})
      AND v.created_at > coalesce((SELECT max(raised_at) FROM ${verificationLocks} l WHERE l.customer_id = ${customerId}), '-infinity')`);
  return Number(row?.n ?? 0);
}

/** Raises the lock (a lock that has run out is closed first, so a new one can be raised). */
export async function raiseLock(conn: DbOrTx, v: { customerId: string; step: Kind; sessionId: string; minutes: number }): Promise<string | undefined> {
  await conn
    .update(verificationLocks)
    .set({ status: 'cleared', clearedAt: sql`now()`, note: 'expired' })
    .where(and(eq(verificationLocks.customerId, v.customerId), eq(verificationLocks.status, 'open'), sql`${verificationLocks.lockedUntil} <= now()`));
  const rows = await conn
    .insert(verificationLocks)
    .values({ customerId: v.customerId, step: v.step, sessionId: v.sessionId, lockedUntil: sql`now() + make_interval(mins => ${v.minutes})` })
    .onConflictDoNothing()
    .returning({ id: verificationLocks.id });
  return rows[0]?.id;
}

/**
 * A document suspected forged: the customer's business stops until a supervisor clears it or confirms fraud — it does
 * not run out. An open lock of the customer (a failed step) becomes this exception; otherwise one is raised.
 */
export async function raiseDocumentException(conn: DbOrTx, v: { customerId: string; sessionId: string }): Promise<string> {
  await lockCustomerRow(conn, v.customerId);
  const [open] = await conn
    .update(verificationLocks)
    .set({ step: 'document', lockedUntil: sql`'infinity'::timestamptz` })
    .where(and(eq(verificationLocks.customerId, v.customerId), eq(verificationLocks.status, 'open')))
    .returning({ id: verificationLocks.id });
  if (open) return open.id;
  const [row] = await conn.insert(verificationLocks).values({ customerId: v.customerId, step: 'document', sessionId: v.sessionId, lockedUntil: sql`'infinity'::timestamptz` }).returning({ id: verificationLocks.id });
  return row!.id;
}

export type OpenLock = { id: string; step: Kind; raisedAt: Date; lockedUntil: Date; customerName: string; customerIdMasked: string; tellerName: string };

/** The supervisor's exception queue: open locks, oldest first. */
export async function listOpenLocks(): Promise<OpenLock[]> {
  const rows = await db
    .select({
      id: verificationLocks.id,
      step: verificationLocks.step,
      raisedAt: verificationLocks.raisedAt,
      lockedUntil: verificationLocks.lockedUntil,
      customerName: customers.name,
      idLast4: customers.idNumberLast4,
      tellerName: staff.displayName,
    })
    .from(verificationLocks)
    .innerJoin(customers, eq(customers.id, verificationLocks.customerId))
    .innerJoin(serviceSessions, eq(serviceSessions.id, verificationLocks.sessionId))
    .innerJoin(staff, eq(staff.id, serviceSessions.tellerId))
    .where(eq(verificationLocks.status, 'open'))
    .orderBy(asc(verificationLocks.raisedAt));
  return rows.map(({ idLast4, ...r }) => ({ ...r, customerIdMasked: maskIdNumber(idLast4) }));
}

export async function clearLock(id: string, supervisorId: string, note: string): Promise<{ customerId: string } | undefined> {
  const [row] = await db
    .update(verificationLocks)
    .set({ status: 'cleared', clearedBy: supervisorId, clearedAt: sql`now()`, note })
    .where(and(eq(verificationLocks.id, id), eq(verificationLocks.status, 'open')))
    .returning({ customerId: verificationLocks.customerId });
  return row;
}
