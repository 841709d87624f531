'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { roleAction } from '@/lib/actions/role-action';
import { DomainError } from '@/lib/actions/result';
import { decidePurge, proposePurge } from '@/lib/documents/retention';

const proposeSchema = z.object({
  customerId: z.string().uuid('errors.invalid'),
  reason: z.string().trim().min(2, 'errors.changeReasonRequired').max(200, 'errors.tooLong'),
});
const decideSchema = z.object({ purgeId: z.string().uuid('errors.invalid'), decision: z.enum(['approve', 'reject'], { message: 'errors.invalid' }) });

/** An admin proposes deleting a customer's documents whose retention period is over. */
export const proposePurgeAction = roleAction('document.purgePropose', proposeSchema, async ({ customerId, reason }, user) => {
  const id = await proposePurge(user.id, customerId, reason);
  revalidatePath('/admin/retention');
  return { data: { id }, entityType: 'document_purge', entityId: id, details: { customer: customerId, reason }, message: 'retention.proposed' };
});

/** A second admin approves (and so carries out) or rejects a proposed deletion. */
export const decidePurgeAction = roleAction('document.purgeDecide', decideSchema, async ({ purgeId, decision }, user) => {
  const r = await decidePurge(user.id, purgeId, decision);
  const refusals = { not_found: ['errors.notFound', 'failed'], own_proposal: ['errors.ownPurge', 'denied'], decided: ['errors.purgeDecided', 'failed'], retention_runs: ['errors.relationshipOpen', 'failed'] } as const;
  if (r.outcome !== 'approved' && r.outcome !== 'rejected') throw new DomainError(refusals[r.outcome][0], refusals[r.outcome][1]);
  revalidatePath('/admin/retention');
  return {
    data: undefined,
    entityType: 'document_purge',
    entityId: purgeId,
    details: { decision, documents: r.outcome === 'approved' ? r.documents : 0 },
    message: r.outcome === 'approved' ? 'retention.purged' : 'retention.rejected',
    messageValues: { count: r.outcome === 'approved' ? r.documents : 0 },
  };
});
