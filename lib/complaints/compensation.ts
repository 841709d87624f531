import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { internalAccountId, postTransaction } from '@/db/queries/ledger';
import { accounts, cases } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { CaseNotExecutable } from '@/lib/cards/service';
import { formatFen } from '@/lib/cases/approval-policy';
import { inputHashOf, move, openCase, type OpenedCase } from '@/lib/cases/case-core';
import type { CaseState } from '@/lib/cases/state-machine';
import { decryptPii } from '@/lib/crypto/pii';
import { notifyCustomer } from '@/lib/notify/notify';

/**
 * A complaint's compensation (投诉补偿) moves money, so it takes the dual-control business path like any fund
 * movement: a case made by the complaint's handler, judged by the approval policy (never below one supervisor, and a
 * supervisor other than the maker), credited from the bank's compensation account to the customer's account when
 * approved — one balanced posting, the customer told.
 */

type CompensationPayload = { kind: 'compensation'; toAccountId: string; complaintId: string; complaintRef: string };

/** Opens the compensation case of a complaint being resolved, in its transaction; the account must be the customer's and active. */
export async function openCompensation(tx: Tx, v: { complaintId: string; complaintRef: string; customerId: string; makerId: string; accountId: string; amountFen: number }): Promise<OpenedCase> {
  const [account] = await tx.select().from(accounts).where(and(eq(accounts.id, v.accountId), eq(accounts.customerId, v.customerId))).for('no key update');
  if (!account) throw new DomainError('errors.accountNotCustomers', 'failed', { compensationAccountId: ['errors.accountNotCustomers'] });
  if (account.status !== 'active') throw new DomainError('errors.accountNotActive', 'failed', { compensationAccountId: ['errors.accountNotActive'] });
  const payload: CompensationPayload = { kind: 'compensation', toAccountId: account.id, complaintId: v.complaintId, complaintRef: v.complaintRef };
  return openCase(
    tx,
    {
      type: 'compensation',
      customerId: v.customerId,
      sessionId: null,
      makerId: v.makerId,
      payload,
      summary: { accountLast4: account.number.slice(-4), complaintRef: v.complaintRef, complaintId: v.complaintId },
      amountFen: v.amountFen,
      target: `complaint:${v.complaintId}`,
      idempotencyKey: randomUUID(),
      inputHash: inputHashOf(['compensation', v.complaintId, account.id, v.amountFen]),
    },
    executeCompensation,
  );
}

/** An approved compensation: the customer's account credited from the compensation account, under its row lock. */
export async function executeCompensation(tx: Tx, caseId: string, actorId: string | null): Promise<CaseState> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
  if (!row || row.state !== 'approved') throw new Error('execute: the case is not approved');
  const payload = JSON.parse(decryptPii(row.payloadEnc)) as CompensationPayload;
  const [to] = await tx.select().from(accounts).where(and(eq(accounts.id, payload.toAccountId), eq(accounts.customerId, row.customerId))).for('no key update');
  if (!to || to.status !== 'active') throw new CaseNotExecutable();
  const ledger = await postTransaction(tx, {
    kind: 'compensation',
    caseId,
    description: `投诉补偿 Complaint compensation ${payload.complaintRef}`,
    createdBy: actorId,
    legs: [
      { accountId: await internalAccountId(tx, 'compensation'), amount: -row.amountFen! },
      { accountId: to.id, amount: row.amountFen! },
    ],
  });
  const c = { id: caseId, state: 'approved' as CaseState };
  await move(tx, c, 'execute', actorId, { ledger }, { executedAt: sql`now()` as unknown as Date });
  await notifyCustomer(tx, { customerId: row.customerId, sessionId: null, template: 'compensationPaid', params: { ref: payload.complaintRef, amount: formatFen(row.amountFen!), last4: to.number.slice(-4) }, channels: ['sms', 'in_app'] });
  return move(tx, c, 'complete', actorId);
}
