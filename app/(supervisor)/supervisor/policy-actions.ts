'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/role-action';
import { decidePolicyProposal, proposePolicy } from '@/lib/cases/policy-change';
import { policyDecisionSchema, policyProposalSchema } from '@/lib/cases/schemas';

/** Proposes a new approval policy version; it applies only when a second person approves it. */
export const proposePolicyAction = roleAction('approvalPolicy.propose', policyProposalSchema, async ({ largeAmount, slaLevel1, slaLevel2, expireAfterMinutes, note }, user) => {
  const id = await proposePolicy(user.id, { largeAmountFen: largeAmount, slaLevel1, slaLevel2, expireAfterMinutes }, note);
  revalidatePath('/supervisor/policy');
  return { data: { id }, entityType: 'approval_policy_proposal', entityId: id, details: { largeAmount, slaLevel1, slaLevel2, expireAfterMinutes }, message: 'policy.proposed' };
});

/** The second person's decision on a proposal: approving publishes it as the next version. */
export const decidePolicyAction = roleAction('approvalPolicy.decide', policyDecisionSchema, async ({ proposalId, decision }, user) => {
  const r = await decidePolicyProposal(proposalId, user.id, decision === 'approve');
  revalidatePath('/supervisor/policy');
  return { data: r, entityType: 'approval_policy_proposal', entityId: proposalId, details: { decision, version: r.version ?? null }, message: decision === 'approve' ? 'policy.published' : 'policy.rejected', messageValues: { version: r.version ?? 0 } };
});
