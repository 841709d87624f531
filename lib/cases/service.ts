import 'server-only';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db';
import { internalAccountId, postTransaction } from '@/db/queries/ledger';
import { accounts, caseDecisions, caseEvents, cases, documentSupplements, staff } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { decryptPii } from '@/lib/crypto/pii';
import { formatFen, type Business } from './approval-policy';
import { executeCompensation } from '@/lib/complaints/compensation';
import { type CaseState } from './state-machine';
import { CaseNotExecutable, executeCardCase } from '@/lib/cards/service';
import { assertCanDebit, executeAccountCase } from './account-business';
import { executePasswordReset } from './password-reset';
import { ChangedSince, DocumentTaken, executeInfoChange } from '@/lib/customers/info-change';
import { caseSubmission, DOCUMENTS_EXPIRE_DAYS, RETURNED_EXPIRE_DAYS, move, proceedFromReady, type Submit } from './case-core';
import { passesLuhn } from '@/lib/accounts/luhn';
import { notifyCustomer } from '@/lib/notify/notify';
import { liveFreeze } from '@/db/queries/customer-freezes';
import { addSessionEvent } from '@/db/queries/service-sessions';
import { activeLock, lockCustomerRow } from '@/db/queries/verification-locks';

export type TransferInput = { fromAccountId: string; toAccountNumber: string; payeeName?: string; amountFen: number; memo?: string; idempotencyKey: string };
type TransferPayload = { kind: 'transfer_internal' | 'transfer_external'; fromAccountId: string; toAccountId?: string; toAccountNumber: string; payeeName?: string; memo?: string };

/**
 * A transfer from the customer's account (转账), made by the teller in the session: to another account of this bank by
 * its number, or to an external account by number and name. Judged by the approval policy: submitted for approval at
 * the level it requires, or executed at once when it requires none. One case per idempotency key: a double click, a
 * retry or a second tab gets the same case back.
 */
export const submitTransfer: Submit<Omit<TransferInput, 'idempotencyKey'>> = caseSubmission(
  'transfer',
  'fund_movement',
  (i) => [i.fromAccountId, i.toAccountNumber, i.payeeName ?? '', i.amountFen, i.memo ?? ''],
  async (tx, customerId, input) => {
    const [from] = await tx.select().from(accounts).where(and(eq(accounts.id, input.fromAccountId), eq(accounts.customerId, customerId))).for('no key update');
    if (!from) throw new DomainError('errors.accountNotCustomers', 'failed', { fromAccountId: ['errors.accountNotCustomers'] });
    if (from.status !== 'active') throw new DomainError('errors.accountNotActive', 'failed', { fromAccountId: ['errors.accountNotActive'] });
    if (from.number === input.toAccountNumber) throw new DomainError('errors.sameAccount', 'failed', { toAccountNumber: ['errors.sameAccount'] });
    assertCanDebit(from, input.amountFen);
    const [to] = await tx.select().from(accounts).where(eq(accounts.number, input.toAccountNumber));
    // Our own account numbers (17 digits from 3101) carry a check digit: a typo must not turn into a payment to
    // "another bank" through clearing.
    if (!to && /^3101\d{13}$/.test(input.toAccountNumber)) {
      const message = passesLuhn(input.toAccountNumber) ? 'errors.ourAccountNotFound' : 'errors.accountCheckDigit';
      throw new DomainError(message, 'failed', { toAccountNumber: [message] });
    }
    if (to && (to.kind === 'internal' || to.status !== 'active')) throw new DomainError('errors.accountNotActive', 'failed', { toAccountNumber: ['errors.payeeAccountNotActive'] });
    if (!to && !input.payeeName) throw new DomainError('errors.payeeNameRequired', 'failed', { payeeName: ['errors.payeeNameRequired'] });
    const business: Business = to ? 'transfer_internal' : 'transfer_external';
    const payload: TransferPayload = { kind: business, fromAccountId: from.id, toAccountId: to?.id, toAccountNumber: input.toAccountNumber, payeeName: input.payeeName, memo: input.memo };
    return {
      type: business,
      payload,
      summary: { fromLast4: from.number.slice(-4), toLast4: input.toAccountNumber.slice(-4), payeeName: input.payeeName ?? null, internal: !!to },
      amountFen: input.amountFen,
    };
  },
  executeCase,
);


/**
 * Executes an approved case in the caller's transaction — the same one as the final approval, so a case is never
 * approved without its effect. The ledger posts at most once per case (unique index), so execution is idempotent.
 */
/** What an approved case does, by its type; in the approval's transaction. */
export async function executeCase(tx: Tx, caseId: string, actorId: string | null): Promise<CaseState> {
  const [row] = await tx.select({ type: cases.type }).from(cases).where(eq(cases.id, caseId));
  switch (row?.type as Business | undefined) {
    case 'transfer_internal':
    case 'transfer_external':
      return executeTransfer(tx, caseId, actorId);
    case 'open_card':
    case 'card_loss':
    case 'unfreeze':
      return executeCardCase(tx, caseId, actorId);
    case 'password_reset':
      return executePasswordReset(tx, caseId, actorId);
    case 'open_account':
    case 'payout':
    case 'limit_change':
    case 'account_closure':
      return executeAccountCase(tx, caseId, actorId);
    case 'change_mobile':
    case 'change_name':
    case 'change_document':
    case 'change_birth_date':
      return executeInfoChange(tx, caseId, actorId);
    case 'compensation':
      return executeCompensation(tx, caseId, actorId);
    default:
      throw new Error(`execute: no execution for case type ${row?.type}`);
  }
}

/** A transfer's execution: one balanced posting, the customer told. */
async function executeTransfer(tx: Tx, caseId: string, actorId: string | null): Promise<CaseState> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
  if (!row || row.state !== 'approved') throw new Error('execute: the case is not approved');
  const payload = JSON.parse(decryptPii(row.payloadEnc)) as TransferPayload;
  const amount = row.amountFen!;
  const counterpart = payload.kind === 'transfer_internal' ? payload.toAccountId! : await internalAccountId(tx, 'clearing');
  // What held at submission is checked again at execution, under the accounts' row locks (taken in id order, the order
  // every posting takes them): both accounts usable, the debit account still the customer's.
  const ids = [payload.fromAccountId, counterpart].sort();
  const locked = await tx.select({ id: accounts.id, status: accounts.status, customerId: accounts.customerId }).from(accounts).where(sql`${accounts.id} IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`).orderBy(accounts.id).for('no key update');
  const fromRow = locked.find((a) => a.id === payload.fromAccountId);
  const toRow = locked.find((a) => a.id === counterpart);
  if (!fromRow || fromRow.status !== 'active' || fromRow.customerId !== row.customerId || !toRow || toRow.status !== 'active') throw new AccountUnavailable();
  const ledgerId = await postTransaction(tx, {
    kind: 'transfer',
    caseId,
    description: payload.kind === 'transfer_internal' ? '行内转账 Internal transfer' : '跨行转账 External transfer',
    createdBy: actorId,
    legs: [
      { accountId: payload.fromAccountId, amount: -amount },
      { accountId: counterpart, amount },
    ],
  });
  const c = { id: caseId, state: 'approved' as CaseState };
  await move(tx, c, 'execute', actorId, { ledger: ledgerId }, { executedAt: sql`now()` as unknown as Date });
  const summary = row.summary as { fromLast4: string };
  await notifyCustomer(tx, { customerId: row.customerId, sessionId: row.sessionId, template: 'transferDone', params: { amount: formatFen(amount), last4: summary.fromLast4 }, channels: ['sms', 'email', 'in_app'] });
  return move(tx, c, 'complete', actorId);
}

/** Raised inside a decision's transaction when an account of the case can no longer be used; the decision rolls back. */
class AccountUnavailable extends Error {}

export type CaseDecisionOutcome =
  | { outcome: 'decided'; state: CaseState; approvals: number; required: number }
  | { outcome: 'not_found' }
  | { outcome: 'own_case' }
  | { outcome: 'already_decided'; state: CaseState; by: string | null; decision: string | null }
  | { outcome: 'already_approved_by_you' }
  | { outcome: 'insufficient_funds' }
  | { outcome: 'expired' }
  | { outcome: 'frozen' }
  | { outcome: 'account_unavailable' }
  | { outcome: 'document_taken' }
  | { outcome: 'changed_since' };

/**
 * One supervisor's decision (复核). Under the case's row lock: the maker never decides; at level 2 the second approval
 * must come from someone else; the last required approval approves and executes in the same transaction; a rejection
 * or a return ends the wait. A decision on a decided case says who decided it and how.
 */
export async function decideCase(caseId: string, approverId: string, decision: 'approve' | 'reject' | 'return', reasonCode: string | null, opinion: string | null): Promise<CaseDecisionOutcome> {
  try {
    return await db.transaction(async (tx) => {
      // The customer's row lock first (the lock freezes and other decisions take), then the case's.
      const [target] = await tx.select({ customerId: cases.customerId }).from(cases).where(eq(cases.id, caseId));
      if (!target) return { outcome: 'not_found' } as const;
      await lockCustomerRow(tx, target.customerId);
      const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('no key update');
      if (!row) return { outcome: 'not_found' } as const;
      if (row.makerId === approverId) return { outcome: 'own_case' } as const;
      if (row.state !== 'pending_approval') {
        const [last] = await tx
          .select({ by: staff.displayName, decision: caseDecisions.decision })
          .from(caseDecisions)
          .innerJoin(staff, eq(staff.id, caseDecisions.approverId))
          .where(eq(caseDecisions.caseId, caseId))
          .orderBy(desc(caseDecisions.createdAt))
          .limit(1);
        return { outcome: 'already_decided', state: row.state as CaseState, by: last?.by ?? null, decision: last?.decision ?? null } as const;
      }
      // Past its expiry a case can no longer be approved, whether or not the sweep has run yet.
      if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return { outcome: 'expired' } as const;
      const [mine] = await tx.select({ id: caseDecisions.id }).from(caseDecisions).where(and(eq(caseDecisions.caseId, caseId), eq(caseDecisions.round, row.round), eq(caseDecisions.approverId, approverId)));
      if (mine) return { outcome: 'already_approved_by_you' } as const;
      // A customer frozen for suspected fraud, or whose verification was locked since, has nothing approved.
      if (decision === 'approve' && ((await liveFreeze(tx, row.customerId)) || (await activeLock(tx, row.customerId)))) return { outcome: 'frozen' } as const;
      await tx.insert(caseDecisions).values({ caseId, approverId, round: row.round, decision, reasonCode, opinion });
      await tx.insert(caseEvents).values({ caseId, kind: `decision.${decision}`, actorId: approverId, data: { reasonCode, round: row.round } });
      const c = { id: caseId, state: row.state as CaseState };
      const [{ approvals }] = await tx
        .select({ approvals: sql<number>`count(*)::int` })
        .from(caseDecisions)
        .where(and(eq(caseDecisions.caseId, caseId), eq(caseDecisions.round, row.round), eq(caseDecisions.decision, 'approve')));
      if (decision === 'approve' && approvals >= row.requiredLevel) {
        await move(tx, c, 'approve', approverId, { approvals }, { decidedAt: sql`now()` as unknown as Date });
        c.state = await executeCase(tx, caseId, approverId);
      } else if (decision === 'reject') {
        await move(tx, c, 'reject', approverId, { reasonCode }, { decidedAt: sql`now()` as unknown as Date });
        // The customer hears the outcome and the reason's category (never the supervisor's own words).
        await notifyCustomer(tx, {
          customerId: row.customerId,
          sessionId: row.sessionId,
          ...(row.amountFen !== null
            ? { template: 'caseRejected', params: { reason: reasonCode ?? 'other', amount: formatFen(row.amountFen) } }
            : { template: 'businessRejected', params: { reason: reasonCode ?? 'other', business: row.type } }),
          channels: ['sms', 'email', 'in_app'],
        });
      } else if (decision === 'return') {
        // The maker gets time to correct it: a returned case expires RETURNED_EXPIRE_DAYS from now, not on the old deadline.
        await move(tx, c, 'return', approverId, { reasonCode }, { decidedAt: sql`now()` as unknown as Date, expiresAt: sql`now() + make_interval(days => ${RETURNED_EXPIRE_DAYS})` as unknown as Date });
      }
      // The session's timeline shows its business decided too (the inspector reads the contact from it); a first of two
      // approvals is named as such.
      if (row.sessionId) await addSessionEvent(tx, row.sessionId, approverId, decision === 'approve' && c.state === 'pending_approval' ? 'case.first_approval' : `case.${decision}`, { case: caseId, type: row.type });
      return { outcome: 'decided', state: c.state, approvals, required: row.requiredLevel } as const;
    });
  } catch (err) {
    // The balance fell since submission: the database's floor refuses the posting, and with it the approval.
    const cause = (err as { cause?: { constraint_name?: string; message?: string } }).cause ?? (err as { constraint_name?: string; message?: string });
    if (cause?.constraint_name === 'accounts_floor') return { outcome: 'insufficient_funds' };
    // The new document was registered to another customer since the change was asked for.
    if (err instanceof DocumentTaken) return { outcome: 'document_taken' };
    // The record the information change was asked against changed since.
    if (err instanceof ChangedSince) return { outcome: 'changed_since' };
    if (err instanceof AccountUnavailable || err instanceof CaseNotExecutable || /ledger: account .* is (closed|frozen)/.test(cause?.message ?? '')) return { outcome: 'account_unavailable' };
    throw err;
  }
}

export type ClaimOutcome = { outcome: 'claimed'; previous: string | null } | { outcome: 'released'; previous: string | null } | { outcome: 'not_found' | 'own_case' | 'not_pending' | 'not_yours' };

/**
 * A supervisor claims a pending case ("I'm on it", 认领) or releases their claim. The claim is shown to the others and
 * on the timeline; it does not stop anyone else deciding, and a colleague may take it over (the previous claimant is
 * named on the timeline).
 */
export async function claimCase(caseId: string, supervisorId: string, claim: 'claim' | 'release'): Promise<ClaimOutcome> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ makerId: cases.makerId, state: cases.state, claimedBy: cases.claimedBy }).from(cases).where(eq(cases.id, caseId)).for('no key update');
    if (!row) return { outcome: 'not_found' };
    if (row.makerId === supervisorId) return { outcome: 'own_case' };
    if (row.state !== 'pending_approval') return { outcome: 'not_pending' };
    if (claim === 'release') {
      if (row.claimedBy !== supervisorId) return { outcome: 'not_yours' };
      await tx.update(cases).set({ claimedBy: null, claimedAt: null }).where(eq(cases.id, caseId));
      await tx.insert(caseEvents).values({ caseId, kind: 'case.released', actorId: supervisorId, data: {} });
      return { outcome: 'released', previous: supervisorId };
    }
    await tx.update(cases).set({ claimedBy: supervisorId, claimedAt: sql`now()` as unknown as Date }).where(eq(cases.id, caseId));
    await tx.insert(caseEvents).values({ caseId, kind: 'case.claimed', actorId: supervisorId, data: { previous: row.claimedBy } });
    return { outcome: 'claimed', previous: row.claimedBy };
  });
}

export type MakerOutcome = { outcome: 'done'; state: CaseState } | { outcome: 'not_found' } | { outcome: 'not_maker' } | { outcome: 'not_allowed' };

/**
 * The maker acts on their own case: resubmits a case returned for correction (a new approval round, with a fresh SLA
 * and expiry; the earlier round's decisions stay on the record), reopens its documents to supply or correct them
 * (also a new round), or withdraws (撤销) a case not yet approved.
 */
export async function makerActs(caseId: string, tellerId: string, act: 'resubmit' | 'cancel' | 'reopen'): Promise<MakerOutcome> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('no key update');
    if (!row) return { outcome: 'not_found' };
    if (row.makerId !== tellerId) return { outcome: 'not_maker' };
    const c = { id: caseId, state: row.state as CaseState };
    if (act === 'cancel') {
      if (!['draft', 'verifying', 'documents', 'ready', 'pending_approval', 'returned'].includes(c.state)) return { outcome: 'not_allowed' };
      await move(tx, c, 'cancel', tellerId, {}, { claimedBy: null, claimedAt: null });
      // Nothing is asked of the customer for a withdrawn case any more.
      await tx.update(documentSupplements).set({ status: 'resolved', resolvedAt: sql`now()` as unknown as Date }).where(and(eq(documentSupplements.caseId, caseId), ne(documentSupplements.status, 'resolved')));
      return { outcome: 'done', state: c.state };
    }
    if (c.state !== 'returned') return { outcome: 'not_allowed' };
    // Past its expiry a returned case is over, whether or not the sweep has marked it yet.
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return { outcome: 'not_allowed' };
    if (act === 'reopen') {
      // Returned for its documents: back to collecting them, in a new round; it goes on when the checklist is complete.
      if (row.requiredDocuments.length === 0) return { outcome: 'not_allowed' };
      await move(tx, c, 'reopen_documents', tellerId, { round: row.round + 1 }, { round: row.round + 1, claimedBy: null, claimedAt: null, decidedAt: null, expiresAt: sql`now() + make_interval(days => ${DOCUMENTS_EXPIRE_DAYS})` as unknown as Date });
      return { outcome: 'done', state: c.state };
    }
    await move(tx, c, 'resubmit', tellerId, { round: row.round + 1 }, { round: row.round + 1, claimedBy: null, claimedAt: null, decidedAt: null });
    return { outcome: 'done', state: await proceedFromReady(tx, c, row.requiredLevel, tellerId, executeCase) };
  });
}
