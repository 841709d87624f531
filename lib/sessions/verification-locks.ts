import 'server-only';
import type { Tx } from '@/db';
import { appendAudit } from '@/db/queries/audit';
import { addSessionEvent } from '@/db/queries/service-sessions';
import { activeLock, lockCustomerRow, raiseLock, recentFailures } from '@/db/queries/verification-locks';
import { liveFreeze } from '@/db/queries/customer-freezes';
import { assessCustomer } from '@/db/queries/risk';
import { DomainError } from '@/lib/actions/result';

export const LOCK_AFTER_FAILURES = 3;
const lockMinutes = () => Number(process.env.VERIFICATION_LOCK_MINUTES ?? 30);

/** Verification of a locked customer is refused in every session until the lock runs out or is cleared. */
export async function assertNotLocked(tx: Tx, customerId: string): Promise<void> {
  if (await activeLock(tx, customerId)) throw new DomainError('errors.customerLocked', 'denied');
}


/**
 * After a failed step: the third failure at that step (across sessions, within the lock window) locks the customer's
 * verification and puts an exception in the supervisors' queue. Returns whether this failure raised the lock.
 */
export async function afterFailedStep(tx: Tx, v: { customerId: string; kind: 'basic' | 'password' | 'otp' | 'confirmation'; sessionId: string; tellerId: string }): Promise<boolean> {
  // Serialises failures of the same customer in different sessions, so the third one is always counted as third.
  await lockCustomerRow(tx, v.customerId);
  if ((await recentFailures(tx, v.customerId, v.kind, lockMinutes())) < LOCK_AFTER_FAILURES) return false;
  const lockId = await raiseLock(tx, { customerId: v.customerId, step: v.kind, sessionId: v.sessionId, minutes: lockMinutes() });
  if (!lockId) return false;
  await addSessionEvent(tx, v.sessionId, null, 'verification.locked', { step: v.kind });
  // Repeated failures are a risk factor: the customer is assessed again with this lock counted.
  await assessCustomer(tx, v.customerId, 'verification_lock', null);
  await appendAudit({ actorId: null, actorRole: null, action: 'verification.lock_raised', outcome: 'ok', entityType: 'customer', entityId: v.customerId, details: { lock: lockId, step: v.kind, session: v.sessionId, teller: v.tellerId } }, tx);
  return true;
}

/** Business for a customer under a fraud freeze is refused, in every session, until the freeze is released. */
export async function assertNotFrozen(tx: Tx, customerId: string): Promise<void> {
  if (await liveFreeze(tx, customerId)) throw new DomainError('errors.customerFrozen', 'denied');
}
