import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db';
import { violatesUnique } from '@/db/errors';
import { approvalPolicies, approvalPolicyProposals, staff } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { approvalPolicySchema, type ApprovalPolicy } from './approval-policy';
import { currentApprovalPolicy } from './case-core';

/** The knobs the policy screen offers: the two-supervisor amount band, the SLA per level, and the expiry. */
export type PolicyKnobs = { largeAmountFen: number; slaLevel1: number; slaLevel2: number; expireAfterMinutes: number };

/** The current policy with the knobs applied: the large-amount band of every rule that has one moves together. */
export function withKnobs(policy: ApprovalPolicy, k: PolicyKnobs): ApprovalPolicy {
  return approvalPolicySchema.parse({
    ...policy,
    rules: policy.rules.map((r) => (r.when.minAmountFen !== undefined ? { ...r, when: { ...r.when, minAmountFen: k.largeAmountFen } } : r)),
    slaMinutes: { 1: k.slaLevel1, 2: k.slaLevel2 },
    expireAfterMinutes: k.expireAfterMinutes,
  });
}

/** Proposes a new version on top of the current one; one proposal waits at a time. */
export async function proposePolicy(proposerId: string, knobs: PolicyKnobs, note: string): Promise<string> {
  return db.transaction(async (tx) => {
    const { version, policy } = await currentApprovalPolicy(tx);
    let next: ApprovalPolicy;
    try {
      next = withKnobs(policy, knobs);
    } catch {
      throw new DomainError('errors.policyInvalid', 'failed', { expireAfterMinutes: ['errors.policyExpiryTooShort'] });
    }
    try {
      const [row] = await tx.insert(approvalPolicyProposals).values({ baseVersion: version, policy: next, note, proposedBy: proposerId }).returning({ id: approvalPolicyProposals.id });
      return row!.id;
    } catch (err) {
      if (violatesUnique(err, 'approval_policy_proposals_one_pending_idx')) throw new DomainError('errors.policyProposalPending', 'failed');
      throw err;
    }
  });
}

/**
 * A second person decides a proposal. Approval publishes it as the next version — refused if another version was
 * published meanwhile (the proposal was judged against a policy that no longer applies).
 */
export async function decidePolicyProposal(proposalId: string, deciderId: string, approve: boolean): Promise<{ version?: number }> {
  return db.transaction(async (tx) => {
    const [p] = await tx.select().from(approvalPolicyProposals).where(eq(approvalPolicyProposals.id, proposalId)).for('update');
    if (!p) throw new DomainError('errors.notFound', 'failed');
    if (p.status !== 'pending') throw new DomainError('errors.alreadyDecided', 'failed');
    if (p.proposedBy === deciderId) throw new DomainError('errors.ownProposal', 'denied');
    await tx.update(approvalPolicyProposals).set({ status: approve ? 'approved' : 'rejected', decidedBy: deciderId, decidedAt: sql`now()` }).where(and(eq(approvalPolicyProposals.id, proposalId), eq(approvalPolicyProposals.status, 'pending')));
    if (!approve) return {};
    const { version } = await currentApprovalPolicy(tx);
    if (version !== p.baseVersion) throw new DomainError('errors.policyChanged', 'failed');
    await tx.insert(approvalPolicies).values({ version: version + 1, policy: p.policy, note: p.note, proposedBy: p.proposedBy, approvedBy: deciderId });
    return { version: version + 1 };
  });
}

const decider = alias(staff, 'decider');

export async function listPolicyProposals(limit = 20) {
  return db
    .select({
      id: approvalPolicyProposals.id,
      baseVersion: approvalPolicyProposals.baseVersion,
      policy: approvalPolicyProposals.policy,
      note: approvalPolicyProposals.note,
      status: approvalPolicyProposals.status,
      proposedBy: approvalPolicyProposals.proposedBy,
      proposerName: staff.displayName,
      proposedAt: approvalPolicyProposals.proposedAt,
      deciderName: decider.displayName,
    })
    .from(approvalPolicyProposals)
    .innerJoin(staff, eq(staff.id, approvalPolicyProposals.proposedBy))
    .leftJoin(decider, eq(decider.id, approvalPolicyProposals.decidedBy))
    .orderBy(desc(approvalPolicyProposals.proposedAt))
    .limit(limit);
}

export async function listPolicyVersions(limit = 20) {
  return db.select({ version: approvalPolicies.version, note: approvalPolicies.note, createdAt: approvalPolicies.createdAt }).from(approvalPolicies).orderBy(desc(approvalPolicies.version)).limit(limit);
}
