'use server';

import { revalidatePath } from 'next/cache';
import { decideChangeRequest } from '@/db/queries/change-requests';
import { roleAction } from '@/lib/actions/role-action';
import { DomainError } from '@/lib/actions/result';
import { clearLockSchema, decideSchema } from '@/lib/approvals/schemas';
import { clearLock } from '@/db/queries/verification-locks';

const refusals = {
  not_found: new DomainError('errors.notFound', 'failed'),
  already_decided: new DomainError('errors.alreadyDecided', 'failed'),
  own_request: new DomainError('errors.ownRequest', 'denied'),
} as const;

export const decideRequestAction = roleAction('changeRequest.decide', decideSchema, async ({ requestId, decision, reason }, user) => {
  const outcome = await decideChangeRequest(requestId, user.id, decision, reason || null);
  if (outcome !== 'decided') throw refusals[outcome];
  revalidatePath('/supervisor');
  revalidatePath(`/supervisor/approvals/${requestId}`);
  return {
    data: { decision },
    entityType: 'change_request',
    entityId: requestId,
    details: { decision },
    message: decision === 'approved' ? 'approvals.approvedDone' : 'approvals.rejectedDone',
  };
});

/** Clears a verification lock after the supervisor has reviewed the exception; the note says why. */
export const clearLockAction = roleAction('verificationLock.clear', clearLockSchema, async ({ lockId, note }, user) => {
  const cleared = await clearLock(lockId, user.id, note);
  if (!cleared) throw new DomainError('errors.lockNotOpen', 'failed');
  revalidatePath('/supervisor');
  return { data: undefined, entityType: 'customer', entityId: cleared.customerId, details: { lock: lockId }, message: 'approvals.lockCleared' };
});
