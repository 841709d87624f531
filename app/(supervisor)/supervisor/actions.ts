'use server';

import { revalidatePath } from 'next/cache';
import { decideChangeRequest } from '@/db/queries/change-requests';
import { revealCaseValue } from '@/db/queries/cases';
import { withdrawInfoChangesOnFreeze } from '@/lib/customers/info-change';
import { roleAction } from '@/lib/actions/role-action';
import { DomainError, messageWith } from '@/lib/actions/result';
import { caseClaimSchema, caseDecisionSchema } from '@/lib/cases/schemas';
import { claimCase, decideCase } from '@/lib/cases/service';
import { revealCaseValueSchema, revealSchema, riskOverrideSchema, clearLockSchema, confirmFraudSchema, decideReleaseSchema, decideSchema, requestReleaseSchema } from '@/lib/approvals/schemas';
import { decideRelease, freezeFromLock, requestRelease } from '@/db/queries/customer-freezes';
import { addSessionEvent } from '@/db/queries/service-sessions';
import { db } from '@/db';
import { revealCustomerField } from '@/db/queries/customers';
import { clearLock } from '@/db/queries/verification-locks';
import { assessCustomer } from '@/db/queries/risk';
import { requestRiskOverride } from '@/lib/customers/risk-override';

const refusals = {
  not_found: new DomainError('errors.notFound', 'failed'),
  already_decided: new DomainError('errors.alreadyDecided', 'failed'),
  own_request: new DomainError('errors.ownRequest', 'denied'),
  legacy: new DomainError('errors.legacyRequest', 'failed'),
} as const;

export const decideRequestAction = roleAction('changeRequest.decide', decideSchema, async ({ requestId, decision, reason }, user) => {
  const outcome = await decideChangeRequest(requestId, user.id, decision, reason || null);
  if (outcome !== 'decided') throw refusals[outcome];
  revalidatePath('/supervisor');
  revalidatePath(`/supervisor/approvals/${requestId}`);
  revalidatePath('/customers/[id]', 'page');
  return {
    data: { decision },
    entityType: 'change_request',
    entityId: requestId,
    details: { decision },
    message: decision === 'approved' ? 'approvals.approvedDone' : 'approvals.rejectedDone',
  };
});

/** A checker reveals one side of an information change awaiting decision, with a stated reason (audited: who, which case, which side, why). */
export const revealCaseValueAction = roleAction('case.reveal', revealCaseValueSchema, async ({ caseId, side, reason }, user) => {
  const value = await revealCaseValue(caseId, side, user.id);
  if (value === undefined) throw new DomainError('errors.notFound', 'denied');
  return { data: { value }, entityType: 'case', entityId: caseId, details: { side, reason }, message: 'approvals.revealed' };
});

/** Proposes a risk level for a customer; it applies only once another supervisor approves (dual control). */
export const riskOverrideAction = roleAction('customer.riskOverride', riskOverrideSchema, async ({ customerId, level, reason }, user) => {
  const id = await requestRiskOverride(customerId, user.id, level, reason);
  revalidatePath('/supervisor');
  revalidatePath(`/customers/${customerId}`);
  return { data: { id }, entityType: 'change_request', entityId: id, details: { customer: customerId, type: 'risk_override', level }, message: 'customer360.overrideRequested' };
});

/** Clears a verification lock after the supervisor has reviewed the exception; the note says why. */
export const clearLockAction = roleAction('verificationLock.clear', clearLockSchema, async ({ lockId, note }, user) => {
  const cleared = await clearLock(lockId, user.id, note);
  if (!cleared) throw new DomainError('errors.lockNotOpen', 'failed');
  revalidatePath('/supervisor');
  return { data: undefined, entityType: 'customer', entityId: cleared.customerId, details: { lock: lockId }, message: 'approvals.lockCleared' };
});

/** Confirms suspected fraud on an exception: the lock closes and the customer's business is frozen. */
export const confirmFraudAction = roleAction('customerFreeze.confirmFraud', confirmFraudSchema, async ({ lockId, note }, user) => {
  // The freeze, its timeline entry and the customer's new risk assessment (confirmed fraud is a factor) land together.
  const frozen = await db.transaction(async (tx) => {
    const f = await freezeFromLock(tx, lockId, user.id, note);
    if (!f) return undefined;
    await addSessionEvent(tx, f.sessionId, user.id, 'customer.frozen', { note });
    await assessCustomer(tx, f.customerId, 'fraud', user.id);
    return f;
  });
  if (!frozen) throw new DomainError('errors.lockNotOpen', 'failed');
  // An information change asked for before the fraud was seen rests on that verification: it is withdrawn, not left for
  // after a release. (Other business waits: no case of a frozen customer is approved.)
  const withdrawn = await withdrawInfoChangesOnFreeze(frozen.customerId, user.id);
  revalidatePath('/supervisor');
  return { data: undefined, entityType: 'customer', entityId: frozen.customerId, details: { lock: lockId, freeze: frozen.freezeId, withdrawn }, message: 'approvals.frozen' };
});

/** One supervisor asks for a freeze to be released; a different one decides (dual control). */
export const requestReleaseAction = roleAction('customerFreeze.requestRelease', requestReleaseSchema, async ({ freezeId, reason }, user) => {
  const row = await requestRelease(db, freezeId, user.id, reason);
  if (!row) throw new DomainError('errors.freezeNotActive', 'failed');
  revalidatePath('/supervisor');
  return { data: undefined, entityType: 'customer', entityId: row.customerId, details: { freeze: freezeId }, message: 'approvals.releaseRequested' };
});

export const decideReleaseAction = roleAction('customerFreeze.decideRelease', decideReleaseSchema, async ({ freezeId, decision }, user) => {
  const r = await decideRelease(db, freezeId, user.id, decision === 'approved');
  if (r.outcome !== 'decided') throw r.outcome === 'own_request' ? new DomainError('errors.ownRelease', 'denied') : new DomainError('errors.releaseNotPending', 'failed');
  revalidatePath('/supervisor');
  return { data: { decision }, entityType: 'customer', entityId: r.customerId, details: { freeze: freezeId, decision }, message: decision === 'approved' ? 'approvals.released' : 'approvals.releaseRejected' };
});

/**
 * Reveals one masked personal field to a supervisor who states why. The audit row names who, whose data, which field
 * and the reason; never the value.
 */
export const revealFieldAction = roleAction('customer.reveal', revealSchema, async ({ customerId, field, reason }, user) => {
  const value = await revealCustomerField(customerId, field, user.id);
  if (value === undefined) throw new DomainError('errors.notFound', 'denied');
  return { data: { value }, entityType: 'customer', entityId: customerId, details: { field, reason }, message: 'approvals.revealed' };
});

/** One supervisor's decision on a case: approve (the last required approval executes it), reject or return. */
export const decideCaseAction = roleAction('case.decide', caseDecisionSchema, async ({ caseId, decision, reasonCode, opinion }, user) => {
  const r = await decideCase(caseId, user.id, decision, reasonCode || null, opinion || null);
  if (r.outcome === 'not_found') throw new DomainError('errors.notFound', 'failed');
  if (r.outcome === 'own_case') throw new DomainError('errors.ownRequest', 'denied');
  if (r.outcome === 'already_approved_by_you') throw new DomainError('errors.alreadyApprovedByYou', 'denied');
  if (r.outcome === 'insufficient_funds') throw new DomainError('errors.insufficientFundsNow', 'failed');
  // The sweep marks it expired (a write here would roll back with the refusal).
  if (r.outcome === 'expired') throw new DomainError('errors.caseExpired', 'failed');
  if (r.outcome === 'frozen') throw new DomainError('errors.customerFrozen', 'denied');
  if (r.outcome === 'account_unavailable') throw new DomainError('errors.caseTargetChanged', 'failed');
  if (r.outcome === 'document_taken') throw new DomainError('errors.documentTaken', 'failed');
  if (r.outcome === 'changed_since') throw new DomainError('errors.infoChangedSince', 'failed');
  if (r.outcome === 'already_decided') {
    throw new DomainError(messageWith('errors.caseDecided', { by: r.by ?? '—', state: r.state }), 'failed');
  }
  revalidatePath('/supervisor');
  revalidatePath(`/supervisor/cases/${caseId}`);
  revalidatePath('/teller/sessions/[id]', 'page');
  revalidatePath('/customers/[id]', 'page');
  return {
    data: { state: r.state, approvals: r.approvals, required: r.required },
    entityType: 'case',
    entityId: caseId,
    details: { decision, reasonCode: reasonCode || null, approvals: r.approvals, required: r.required, state: r.state },
    message: r.state === 'pending_approval' ? 'cases.firstApproval' : r.state === 'completed' ? 'cases.approvedExecuted' : r.state === 'executed' ? 'cases.approvedInProgress' : decision === 'reject' ? 'cases.rejected' : 'cases.returned',
    messageValues: { approvals: r.approvals, required: r.required },
  };
});

/** Claims a pending case for oneself ("I'm on it"), or releases one's claim. */
export const claimCaseAction = roleAction('case.claim', caseClaimSchema, async ({ caseId, claim }, user) => {
  const r = await claimCase(caseId, user.id, claim);
  if (r.outcome !== 'claimed' && r.outcome !== 'released') {
    const refusal = { not_found: ['errors.notFound', 'failed'], own_case: ['errors.ownRequest', 'denied'], not_pending: ['errors.caseState', 'failed'], not_yours: ['errors.claimNotYours', 'failed'] } as const;
    throw new DomainError(refusal[r.outcome][0], refusal[r.outcome][1]);
  }
  revalidatePath('/supervisor');
  revalidatePath(`/supervisor/cases/${caseId}`);
  return { data: undefined, entityType: 'case', entityId: caseId, details: { claim, previous: r.previous }, message: r.outcome === 'claimed' ? 'cases.claimed' : 'cases.released' };
});
