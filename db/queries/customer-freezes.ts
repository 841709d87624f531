import 'server-only';
import { alias } from 'drizzle-orm/pg-core';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db';
import { violatesUnique } from '@/db/errors';
import { customerFreezes, customers, staff, verificationLocks } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { maskIdNumber } from '@/lib/customers/id-number';
import { lockCustomerRow } from './verification-locks';

/** The customer's live freeze (active or awaiting its release decision), if any. */
export async function liveFreeze(conn: DbOrTx, customerId: string): Promise<{ id: string; status: 'active' | 'release_pending' | 'released' } | undefined> {
  const [row] = await conn
    .select({ id: customerFreezes.id, status: customerFreezes.status })
    .from(customerFreezes)
    .where(and(eq(customerFreezes.customerId, customerId), ne(customerFreezes.status, 'released')));
  return row;
}

/**
 * Confirms suspected fraud on an open verification exception: the lock is closed with the supervisor's note and the
 * customer is frozen, in one step. Undefined when the lock is no longer open.
 */
export async function freezeFromLock(conn: DbOrTx, lockId: string, supervisorId: string, note: string): Promise<{ freezeId: string; customerId: string; sessionId: string } | undefined> {
  const [lock] = await conn
    .update(verificationLocks)
    .set({ status: 'cleared', clearedBy: supervisorId, clearedAt: sql`now()`, note: `fraud: ${note}` })
    .where(and(eq(verificationLocks.id, lockId), eq(verificationLocks.status, 'open')))
    .returning({ customerId: verificationLocks.customerId, sessionId: verificationLocks.sessionId });
  if (!lock) return undefined;
  // The same lock an approval takes: a mobile change cannot be approved in the moment the customer is frozen.
  await lockCustomerRow(conn, lock.customerId);
  try {
    const [row] = await conn.insert(customerFreezes).values({ customerId: lock.customerId, lockId, reason: note, frozenBy: supervisorId }).returning({ id: customerFreezes.id });
    return { freezeId: row!.id, customerId: lock.customerId, sessionId: lock.sessionId };
  } catch (err) {
    if (violatesUnique(err, 'customer_freezes_one_live_idx')) throw new DomainError('errors.alreadyFrozen', 'failed');
    throw err;
  }
}

/** Asks for release (the maker's side). Only an active freeze. */
export async function requestRelease(conn: DbOrTx, freezeId: string, supervisorId: string, reason: string): Promise<{ customerId: string } | undefined> {
  const [row] = await conn
    .update(customerFreezes)
    .set({ status: 'release_pending', releaseRequestedBy: supervisorId, releaseRequestedAt: sql`now()`, releaseReason: reason })
    .where(and(eq(customerFreezes.id, freezeId), eq(customerFreezes.status, 'active')))
    .returning({ customerId: customerFreezes.customerId });
  return row;
}

export type ReleaseOutcome = { outcome: 'decided'; customerId: string } | { outcome: 'not_pending' | 'own_request' };

/**
 * Decides a pending release (the checker's side), exactly once, never by the supervisor who asked: a compare-and-set
 * from release_pending, with the database's CHECK behind it. Rejecting puts the freeze back to active.
 */
export async function decideRelease(conn: DbOrTx, freezeId: string, supervisorId: string, approve: boolean): Promise<ReleaseOutcome> {
  const [row] = await conn
    .update(customerFreezes)
    .set(
      approve
        ? { status: 'released', releasedBy: supervisorId, releasedAt: sql`now()` }
        : { status: 'active', releaseRequestedBy: null, releaseRequestedAt: null, releaseReason: null },
    )
    .where(and(eq(customerFreezes.id, freezeId), eq(customerFreezes.status, 'release_pending'), ne(customerFreezes.releaseRequestedBy, supervisorId)))
    .returning({ customerId: customerFreezes.customerId });
  if (row) return { outcome: 'decided', customerId: row.customerId };
  const [current] = await conn.select({ status: customerFreezes.status, by: customerFreezes.releaseRequestedBy }).from(customerFreezes).where(eq(customerFreezes.id, freezeId));
  return { outcome: current?.status === 'release_pending' && current.by === supervisorId ? 'own_request' : 'not_pending' };
}

const frozenBy = alias(staff, 'frozen_by');
const requestedBy = alias(staff, 'requested_by');

/** The supervisors' list of frozen customers, oldest first. */
export async function listLiveFreezes() {
  const rows = await db
    .select({
      id: customerFreezes.id,
      status: customerFreezes.status,
      reason: customerFreezes.reason,
      frozenAt: customerFreezes.frozenAt,
      frozenByName: frozenBy.displayName,
      releaseReason: customerFreezes.releaseReason,
      releaseRequestedById: customerFreezes.releaseRequestedBy,
      releaseRequestedByName: requestedBy.displayName,
      customerName: customers.name,
      idLast4: customers.idNumberLast4,
    })
    .from(customerFreezes)
    .innerJoin(customers, eq(customers.id, customerFreezes.customerId))
    .innerJoin(frozenBy, eq(frozenBy.id, customerFreezes.frozenBy))
    .leftJoin(requestedBy, eq(requestedBy.id, customerFreezes.releaseRequestedBy))
    .where(ne(customerFreezes.status, 'released'))
    .orderBy(asc(customerFreezes.frozenAt));
  return rows.map(({ idLast4, ...r }) => ({ ...r, customerIdMasked: maskIdNumber(idLast4) }));
}

