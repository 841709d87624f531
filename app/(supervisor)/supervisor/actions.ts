'use server';

import { revalidatePath } from 'next/cache';
import { decideChangeRequest } from '@/db/queries/change-requests';
import { roleAction } from '@/lib/actions/role-action';
import { DomainError } from '@/lib/actions/result';
import { decideSchema } from '@/lib/approvals/schemas';

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
