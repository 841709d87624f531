'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/role-action';
import { accountClosureSchema, caseRefSchema, documentReviewSchema, passwordResetPromptSchema, passwordResetSchema, limitChangeSchema, openAccountSchema, payoutSchema, transferSchema } from '@/lib/cases/schemas';
import { submitAccountClosure, submitLimitChange, submitOpenAccount, submitPayout } from '@/lib/cases/account-business';
import type { OpenedCase } from '@/lib/cases/case-core';
import { promptPasswordReset, submitPasswordReset } from '@/lib/cases/password-reset';
import { reviewCaseDocument } from '@/lib/documents/service';
import { makerActs, submitTransfer } from '@/lib/cases/service';
import { DomainError } from '@/lib/actions/result';
import { cardBlockSchema, cardInSessionSchema, cardUnfreezeSchema, openCardSchema } from '@/lib/cards/schemas';
import { promptCardActivation, submitCardBlock, submitCardUnfreeze, submitOpenCard } from '@/lib/cards/service';
import { birthDateChangeSchema, documentChangeSchema, nameChangeSchema } from '@/lib/customers/change-schemas';
import { requestBirthDateChange, requestDocumentChange, requestMobileChange, requestNameChange } from '@/lib/customers/info-change';
import { changeMobileSchema } from '@/lib/sessions/schemas';

/** A transfer from the customer's account: one case per idempotency key, submitted for approval as the policy says. */
export const transferAction = roleAction('case.transfer', transferSchema, async ({ sessionId, amount, ...input }, user) =>
  caseOutcome(await submitTransfer(sessionId, user.id, { ...input, amountFen: amount }), sessionId, { amount }),
);

/** A debit card application on one of the customer's accounts: a case for a supervisor (remote card opening). */
export const openCardAction = roleAction('case.openCard', openCardSchema, async ({ sessionId, ...input }, user) =>
  caseOutcome(await submitOpenCard(sessionId, user.id, input), sessionId, { delivery: input.delivery }),
);

/** A card reported lost, frozen or closed at the customer's request: effective at once. */
export const cardBlockAction = roleAction('case.cardBlock', cardBlockSchema, async ({ sessionId, ...input }, user) => {
  const r = await submitCardBlock(sessionId, user.id, input);
  const done = ({ lost: 'cards.reportedLost', freeze: 'cards.frozen', close: 'cards.closed' } as const)[input.kind];
  return caseOutcome(r, sessionId, { card: input.cardId, kind: input.kind }, r.state === 'completed' ? done : undefined);
});

/** Unfreezing a frozen card: a case for a supervisor. */
export const cardUnfreezeAction = roleAction('case.cardUnfreeze', cardUnfreezeSchema, async ({ sessionId, ...input }, user) =>
  caseOutcome(await submitCardUnfreeze(sessionId, user.id, input), sessionId, { card: input.cardId }),
);

/** Card activation: the telephony system asks the customer to key a new card password, twice. */
export const cardActivationPromptAction = roleAction('card.activationPrompt', cardInSessionSchema, async ({ sessionId, cardId }, user) => {
  const promptId = await promptCardActivation(sessionId, user.id, cardId);
  revalidatePath(`/teller/sessions/${sessionId}`);
  return { data: { promptId }, entityType: 'card', entityId: cardId, details: { session: sessionId }, message: 'cards.activationPrompted' };
});

/**
 * What a submitted case tells the teller — done at once, waiting for its documents, submitted for approval at its
 * level, or already submitted under this key — and the audit row's details; the screens that show it refresh.
 */
function caseOutcome(r: OpenedCase, sessionId: string, details: Record<string, unknown>, message?: string) {
  revalidatePath(`/teller/sessions/${sessionId}`);
  revalidatePath('/supervisor');
  return {
    data: { id: r.id, state: r.state },
    entityType: 'case',
    entityId: r.id,
    details: { session: sessionId, level: r.level, existing: r.existing, ...details },
    message:
      message ??
      (r.existing ? 'cases.alreadySubmitted' : r.state === 'completed' ? 'cases.executed' : r.state === 'executed' ? 'cases.accepted' : r.state === 'documents' ? 'cases.documentsNeeded' : 'cases.submitted'),
    messageValues: { level: r.level },
  };
}

/** Identity information changes (信息变更): each a case, decided by a supervisor as the approval policy says. */
export const requestMobileChangeAction = roleAction('changeRequest.create', changeMobileSchema, async ({ sessionId, ...input }, user) =>
  caseOutcome(await requestMobileChange(sessionId, user.id, input), sessionId, { type: 'change_mobile' }),
);

export const requestNameChangeAction = roleAction('changeRequest.name', nameChangeSchema, async ({ sessionId, ...input }, user) =>
  caseOutcome(await requestNameChange(sessionId, user.id, input), sessionId, { type: 'change_name' }),
);

export const requestDocumentChangeAction = roleAction('changeRequest.document', documentChangeSchema, async ({ sessionId, ...input }, user) =>
  caseOutcome(await requestDocumentChange(sessionId, user.id, input), sessionId, { type: 'change_document' }),
);

export const requestBirthDateChangeAction = roleAction('changeRequest.birthDate', birthDateChangeSchema, async ({ sessionId, ...input }, user) =>
  caseOutcome(await requestBirthDateChange(sessionId, user.id, input), sessionId, { type: 'change_birth_date' }),
);

export const openAccountAction = roleAction('case.openAccount', openAccountSchema, async ({ sessionId, ...input }, user) =>
  caseOutcome(await submitOpenAccount(sessionId, user.id, input), sessionId, { accountKind: input.accountKind }),
);

export const payoutAction = roleAction('case.payout', payoutSchema, async ({ sessionId, amount, ...input }, user) =>
  caseOutcome(await submitPayout(sessionId, user.id, { ...input, amountFen: amount }), sessionId, { amount, branch: input.branch }),
);

export const limitChangeAction = roleAction('case.limitChange', limitChangeSchema, async ({ sessionId, limit, ...input }, user) =>
  caseOutcome(await submitLimitChange(sessionId, user.id, { ...input, limitFen: limit }), sessionId, { limit }),
);

export const accountClosureAction = roleAction('case.accountClosure', accountClosureSchema, async ({ sessionId, ...input }, user) =>
  caseOutcome(await submitAccountClosure(sessionId, user.id, input), sessionId, {}),
);

/** The maker's own acts on a case: resubmit after correction, or withdraw. */
function makerAction(name: 'case.resubmit' | 'case.cancel' | 'case.reopenDocuments', act: 'resubmit' | 'cancel' | 'reopen') {
  return roleAction(name, caseRefSchema, async ({ caseId }, user) => {
    const r = await makerActs(caseId, user.id, act);
    if (r.outcome === 'not_found') throw new DomainError('errors.notFound', 'failed');
    if (r.outcome === 'not_maker') throw new DomainError('errors.notYourCase', 'denied');
    if (r.outcome === 'not_allowed') throw new DomainError('errors.caseState', 'failed');
    revalidatePath('/teller/sessions/[id]', 'page');
    revalidatePath('/supervisor');
    return { data: { state: r.state }, entityType: 'case', entityId: caseId, details: { state: r.state }, message: ({ resubmit: 'cases.resubmitted', cancel: 'cases.cancelled', reopen: 'cases.reopened' } as const)[act] };
  });
}

export const resubmitCaseAction = makerAction('case.resubmit', 'resubmit');
export const cancelCaseAction = makerAction('case.cancel', 'cancel');
export const reopenDocumentsAction = makerAction('case.reopenDocuments', 'reopen');

/** A password reset: a case for a supervisor; once approved the old password no longer works. */
export const passwordResetAction = roleAction('case.passwordReset', passwordResetSchema, async ({ sessionId, idempotencyKey }, user) =>
  caseOutcome(await submitPasswordReset(sessionId, user.id, { idempotencyKey }), sessionId, {}),
);

/** After an approved reset: the telephony system asks the customer to key a new password, twice. */
export const passwordResetPromptAction = roleAction('password.resetPrompt', passwordResetPromptSchema, async ({ sessionId, caseId }, user) => {
  await promptPasswordReset(sessionId, user.id, caseId);
  revalidatePath(`/teller/sessions/${sessionId}`);
  return { data: undefined, entityType: 'case', entityId: caseId, details: { session: sessionId }, message: 'cases.resetPrompted' };
});

/** The case's teller reviews one document: accepted, or rejected with a reason (the customer is asked to supplement). */
export const reviewDocumentAction = roleAction('document.review', documentReviewSchema, async ({ documentId, decision, reasonCode, note, validFrom, validUntil }, user) => {
  const r = await reviewCaseDocument({ documentId, tellerId: user.id, decision, reasonCode: reasonCode || undefined, note, validFrom, validUntil });
  revalidatePath('/teller/sessions/[id]', 'page');
  revalidatePath('/supervisor');
  return {
    data: r,
    entityType: 'case_document',
    entityId: documentId,
    details: { decision, reasonCode: reasonCode || null, caseState: r.state },
    message: decision === 'reject' ? 'documents.rejected' : r.complete ? (r.state === 'pending_approval' ? 'documents.completeSubmitted' : 'documents.complete') : 'documents.accepted',
  };
});
