import 'server-only';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { documentExpired } from '@/db/queries/customers';
import { internalAccountId, openAccount, postTransaction } from '@/db/queries/ledger';
import { accounts, cards, cases, customers } from '@/db/schema';
import { DomainError, messageWith } from '@/lib/actions/result';
import { CaseNotExecutable } from '@/lib/cards/service';
import type { Branch } from '@/lib/cards/schemas';
import { decryptPii } from '@/lib/crypto/pii';
import { notifyCustomer } from '@/lib/notify/notify';
import { formatFen } from './approval-policy';
import { caseSubmission, move, type Submit } from './case-core';
import type { CaseState } from './state-machine';

/**
 * Account business (账户类业务) on the same case model as transfers and cards: opening an account, a payout
 * instruction (大额取现预约: cash to collect at a branch), a change of the per-transaction limit and closing an
 * account. Each is gated by the session's verification, judged by the approval policy and executed in the approval's
 * transaction.
 */

type OpenAccountPayload = { kind: 'open_account'; accountKind: 'current' | 'savings' };
type PayoutPayload = { kind: 'payout'; fromAccountId: string; branch: Branch; memo?: string };
type LimitPayload = { kind: 'limit_change'; accountId: string; limitFen: number | null };
type ClosurePayload = { kind: 'account_closure'; accountId: string };
export type AccountCasePayload = OpenAccountPayload | PayoutPayload | LimitPayload | ClosurePayload;

/** One of the customer's accounts, locked; anyone else's is simply not found. */
async function customerAccount(tx: Tx, accountId: string, customerId: string, field = 'accountId') {
  const [account] = await tx.select().from(accounts).where(and(eq(accounts.id, accountId), eq(accounts.customerId, customerId))).for('no key update');
  if (!account) throw new DomainError('errors.accountNotCustomers', 'failed', { [field]: ['errors.accountNotCustomers'] });
  if (account.status !== 'active') throw new DomainError('errors.accountNotActive', 'failed', { [field]: ['errors.accountNotActive'] });
  return account;
}

/** What a debit of `amountFen` from `account` must respect: the balance (and overdraft) and the account's own limit. */
export function assertCanDebit(account: { balance: number; overdraftLimit: number; transferLimit: number | null }, amountFen: number, field = 'amount'): void {
  if (amountFen > account.balance + account.overdraftLimit) {
    throw new DomainError('errors.insufficientFunds', 'failed', { [field]: [messageWith('errors.insufficientFunds', { available: formatFen(account.balance + account.overdraftLimit) })] });
  }
  if (account.transferLimit !== null && amountFen > account.transferLimit) {
    throw new DomainError('errors.overLimit', 'failed', { [field]: [messageWith('errors.overLimit', { limit: formatFen(account.transferLimit) })] });
  }
}

/** Opening an account (开户) for an individual or an enterprise: one active account of each kind. */
export const submitOpenAccount: Submit<{ accountKind: 'current' | 'savings' }> = caseSubmission(
  'open_account',
  'card_service',
  (i) => [i.accountKind],
  async (tx, customerId, { accountKind }) => {
    if (await documentExpired(tx, customerId)) throw new DomainError('errors.documentExpiredBlocked', 'denied');
    const [held] = await tx.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.customerId, customerId), eq(accounts.kind, accountKind), ne(accounts.status, 'closed'))).limit(1);
    if (held) throw new DomainError('errors.accountKindHeld', 'failed', { accountKind: ['errors.accountKindHeld'] });
    const payload: OpenAccountPayload = { kind: 'open_account', accountKind };
    return { type: 'open_account', payload, summary: { accountKind }, amountFen: null, target: `open_account:${customerId}:${accountKind}` };
  },
  executeAccountCase,
);

/** A payout instruction: cash to collect at a branch, debited when approved. A fund movement under the policy. */
export const submitPayout: Submit<{ fromAccountId: string; amountFen: number; branch: Branch; memo?: string }> = caseSubmission(
  'payout',
  'fund_movement',
  (i) => [i.fromAccountId, i.amountFen, i.branch, i.memo ?? ''],
  async (tx, customerId, input) => {
    if (await documentExpired(tx, customerId)) throw new DomainError('errors.documentExpiredBlocked', 'denied');
    const from = await customerAccount(tx, input.fromAccountId, customerId, 'fromAccountId');
    assertCanDebit(from, input.amountFen);
    const payload: PayoutPayload = { kind: 'payout', fromAccountId: from.id, branch: input.branch, memo: input.memo };
    return { type: 'payout', payload, summary: { fromLast4: from.number.slice(-4), branch: input.branch }, amountFen: input.amountFen };
  },
  executeAccountCase,
);

/** A new per-transaction limit on an account (or none): one live change per account. */
export const submitLimitChange: Submit<{ accountId: string; limitFen: number | null }> = caseSubmission(
  'limit_change',
  'fund_movement',
  (i) => [i.accountId, i.limitFen],
  async (tx, customerId, input) => {
    const account = await customerAccount(tx, input.accountId, customerId);
    if (account.transferLimit === input.limitFen) throw new DomainError('errors.sameLimit', 'failed', { limit: ['errors.sameLimit'] });
    const payload: LimitPayload = { kind: 'limit_change', accountId: account.id, limitFen: input.limitFen };
    return {
      type: 'limit_change',
      payload,
      summary: { accountLast4: account.number.slice(-4), oldLimitFen: account.transferLimit, newLimitFen: input.limitFen },
      amountFen: null,
      target: `account:${account.id}`,
    };
  },
  executeAccountCase,
);

/** Closing an account (销户): empty, and its cards closed first. One live closure per account. */
export const submitAccountClosure: Submit<{ accountId: string }> = caseSubmission(
  'account_closure',
  'fund_movement',
  (i) => [i.accountId],
  async (tx, customerId, input) => {
    const account = await customerAccount(tx, input.accountId, customerId);
    if (account.balance !== 0) throw new DomainError(messageWith('errors.closureNotEmpty', { balance: formatFen(account.balance) }), 'failed', { accountId: [messageWith('errors.closureNotEmpty', { balance: formatFen(account.balance) })] });
    const [card] = await tx.select({ id: cards.id }).from(cards).where(and(eq(cards.accountId, account.id), ne(cards.status, 'closed'))).limit(1);
    if (card) throw new DomainError('errors.closureCardsOpen', 'failed', { accountId: ['errors.closureCardsOpen'] });
    const payload: ClosurePayload = { kind: 'account_closure', accountId: account.id };
    return { type: 'account_closure', payload, summary: { accountLast4: account.number.slice(-4) }, amountFen: null, target: `account:${account.id}` };
  },
  executeAccountCase,
);

/** What an approved account case does, in the approval's transaction; what held at submission is checked again. */
export async function executeAccountCase(tx: Tx, caseId: string, actorId: string | null): Promise<CaseState> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
  if (!row || row.state !== 'approved') throw new Error('execute: the case is not approved');
  const payload = JSON.parse(decryptPii(row.payloadEnc)) as AccountCasePayload;
  const c = { id: caseId, state: 'approved' as CaseState };
  const lock = async (id: string) => {
    const [a] = await tx.select().from(accounts).where(and(eq(accounts.id, id), eq(accounts.customerId, row.customerId))).for('no key update');
    if (!a || a.status !== 'active') throw new CaseNotExecutable();
    return a;
  };
  let data: Record<string, unknown> = {};
  if (payload.kind === 'open_account') {
    const opened = await openAccount(tx, { customerId: row.customerId, kind: payload.accountKind });
    // A customer who comes back is in a relationship again: their documents' retention no longer runs.
    await tx.update(customers).set({ relationshipEndedAt: null }).where(eq(customers.id, row.customerId));
    data = { account: opened.id };
    await notifyCustomer(tx, { customerId: row.customerId, sessionId: row.sessionId, template: 'accountOpened', params: { last4: opened.number.slice(-4), kind: payload.accountKind }, channels: ['sms', 'in_app'] });
  } else if (payload.kind === 'payout') {
    const from = await lock(payload.fromAccountId);
    const ledger = await postTransaction(tx, {
      kind: 'payout',
      caseId,
      description: '现金付款 Cash payout',
      createdBy: actorId,
      legs: [
        { accountId: from.id, amount: -row.amountFen! },
        { accountId: await internalAccountId(tx, 'cash'), amount: row.amountFen! },
      ],
    });
    data = { ledger };
    await notifyCustomer(tx, { customerId: row.customerId, sessionId: row.sessionId, template: 'payoutReady', params: { amount: formatFen(row.amountFen!), last4: from.number.slice(-4), branch: payload.branch }, channels: ['sms', 'in_app'] });
  } else if (payload.kind === 'limit_change') {
    const account = await lock(payload.accountId);
    await tx.update(accounts).set({ transferLimit: payload.limitFen }).where(eq(accounts.id, account.id));
    data = { account: account.id, limit: payload.limitFen };
    await notifyCustomer(tx, { customerId: row.customerId, sessionId: row.sessionId, template: 'limitChanged', params: { last4: account.number.slice(-4), limit: payload.limitFen === null ? 'none' : formatFen(payload.limitFen) }, channels: ['sms', 'in_app'] });
  } else {
    const account = await lock(payload.accountId);
    const [card] = await tx.select({ id: cards.id }).from(cards).where(and(eq(cards.accountId, account.id), ne(cards.status, 'closed'))).limit(1);
    if (account.balance !== 0 || card) throw new CaseNotExecutable();
    await tx.update(accounts).set({ status: 'closed', closedAt: sql`now()` as unknown as Date }).where(eq(accounts.id, account.id));
    // The last account closed ends the relationship: the documents' retention period runs from now.
    const [open] = await tx.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.customerId, row.customerId), ne(accounts.status, 'closed'))).limit(1);
    if (!open) await tx.update(customers).set({ relationshipEndedAt: sql`now()` as unknown as Date }).where(eq(customers.id, row.customerId));
    data = { account: account.id, relationshipEnded: !open };
    await notifyCustomer(tx, { customerId: row.customerId, sessionId: row.sessionId, template: 'accountClosed', params: { last4: account.number.slice(-4) }, channels: ['sms', 'in_app'] });
  }
  await move(tx, c, 'execute', actorId, data, { executedAt: sql`now()` as unknown as Date });
  return move(tx, c, 'complete', actorId);
}
