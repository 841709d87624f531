import 'server-only';
import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db';
import { violatesUnique } from '@/db/errors';
import { internalAccountId, postTransaction } from '@/db/queries/ledger';
import { accounts, approvalPolicies, caseDecisions, caseEvents, cases, customers, serviceSessions, staff } from '@/db/schema';
import { DomainError, messageWith } from '@/lib/actions/result';
import { decryptPii, encryptPii } from '@/lib/crypto/pii';
import { gateBusiness, inOpenSession } from '@/lib/sessions/service';
import { approvalPolicySchema, formatFen, requiredApproval, slaMinutesFor, type ApprovalPolicy, type Business } from './approval-policy';
import { transition, type CaseEvent, type CaseState } from './state-machine';
import { passesLuhn } from '@/lib/accounts/luhn';
import { notifyCustomer } from '@/lib/notify/notify';
import { liveFreeze } from '@/db/queries/customer-freezes';
import { activeLock, lockCustomerRow } from '@/db/queries/verification-locks';

export async function currentApprovalPolicy(conn: Tx | typeof db = db): Promise<{ version: number; policy: ApprovalPolicy }> {
  const [row] = await conn.select().from(approvalPolicies).orderBy(desc(approvalPolicies.version)).limit(1);
  if (!row) throw new Error('no approval policy: the migrations publish version 1');
  return { version: row.version, policy: approvalPolicySchema.parse(row.policy) };
}

/** The policy version that judged a case (its reasons are that version's, not today's). */
export async function approvalPolicyVersion(version: number): Promise<ApprovalPolicy | undefined> {
  const [row] = await db.select().from(approvalPolicies).where(eq(approvalPolicies.version, version));
  return row && approvalPolicySchema.parse(row.policy);
}

/** Moves a case along the state machine (the database's trigger holds the same table) and writes it on the timeline. */
async function move(tx: Tx, c: { id: string; state: CaseState }, event: CaseEvent, actorId: string | null, data: Record<string, unknown> = {}, set: Partial<typeof cases.$inferInsert> = {}): Promise<CaseState> {
  const next = transition(c.state, event);
  if (!next.ok) throw new DomainError('errors.caseState', 'failed');
  await tx.update(cases).set({ ...set, state: next.to }).where(eq(cases.id, c.id));
  await tx.insert(caseEvents).values({ caseId: c.id, kind: `case.${event}`, actorId, data: { from: c.state, to: next.to, ...data } });
  c.state = next.to;
  return next.to;
}

export type TransferInput = { fromAccountId: string; toAccountNumber: string; payeeName?: string; amountFen: number; memo?: string; idempotencyKey: string };
type TransferPayload = { kind: 'transfer_internal' | 'transfer_external'; fromAccountId: string; toAccountId?: string; toAccountNumber: string; payeeName?: string; memo?: string };

/**
 * A transfer from the customer's account (转账), made by the teller in the session: to another account of this bank by
 * its number, or to an external account by number and name. Judged by the approval policy: submitted for approval at
 * the level it requires, or executed at once when it requires none. One case per idempotency key: a double click, a
 * retry or a second tab gets the same case back.
 */
export async function submitTransfer(sessionId: string, tellerId: string, input: TransferInput): Promise<{ id: string; state: CaseState; level: number; existing: boolean }> {
  try {
    return await inOpenSession(sessionId, tellerId, async (tx, session) => {
      const existing = await caseByKey(tx, tellerId, input.idempotencyKey);
      if (existing) return sameInput(existing, input);
      const { customerId } = await gateBusiness(tx, sessionId, session, 'fund_movement');
      const [from] = await tx.select().from(accounts).where(and(eq(accounts.id, input.fromAccountId), eq(accounts.customerId, customerId))).for('no key update');
      if (!from) throw new DomainError('errors.accountNotCustomers', 'failed', { fromAccountId: ['errors.accountNotCustomers'] });
      if (from.status !== 'active') throw new DomainError('errors.accountNotActive', 'failed', { fromAccountId: ['errors.accountNotActive'] });
      if (from.number === input.toAccountNumber) throw new DomainError('errors.sameAccount', 'failed', { toAccountNumber: ['errors.sameAccount'] });
      if (input.amountFen > from.balance + from.overdraftLimit) {
        throw new DomainError('errors.insufficientFunds', 'failed', { amount: [messageWith('errors.insufficientFunds', { available: formatFen(from.balance + from.overdraftLimit) })] });
      }
      if (from.transferLimit !== null && input.amountFen > from.transferLimit) {
        throw new DomainError('errors.overLimit', 'failed', { amount: [messageWith('errors.overLimit', { limit: formatFen(from.transferLimit) })] });
      }
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
      const [customer] = await tx.select({ risk: customers.riskLevel }).from(customers).where(eq(customers.id, customerId));
      const [s] = await tx.select({ channel: serviceSessions.channel }).from(serviceSessions).where(eq(serviceSessions.id, sessionId));
      const { version, policy } = await currentApprovalPolicy(tx);
      const need = requiredApproval(policy, { business, amountFen: input.amountFen, customerRisk: customer!.risk, channel: s!.channel });
      const [row] = await tx
        .insert(cases)
        .values({
          type: business,
          customerId,
          sessionId,
          makerId: tellerId,
          payloadEnc: encryptPii(JSON.stringify(payload)),
          summary: { fromLast4: from.number.slice(-4), toLast4: input.toAccountNumber.slice(-4), payeeName: input.payeeName ?? null, internal: !!to },
          amountFen: input.amountFen,
          requiredLevel: need.level,
          policyVersion: version,
          policyRules: need.ruleIds,
          idempotencyKey: input.idempotencyKey,
          inputHash: inputHashOf(input),
        })
        .returning({ id: cases.id });
      const c = { id: row!.id, state: 'draft' as CaseState };
      await tx.insert(caseEvents).values({ caseId: c.id, kind: 'case.created', actorId: tellerId, data: { type: business, level: need.level, policy: version, rules: need.ruleIds } });
      await move(tx, c, 'start_verification', tellerId);
      // Transfers need no documents; the session's verification was checked by the gate above.
      await move(tx, c, 'skip_documents', tellerId);
      if (need.level === 0) {
        await move(tx, c, 'auto_approve', null, { policy: version });
        return { id: c.id, state: await execute(tx, c.id, null), level: 0, existing: false };
      }
      const sla = slaMinutesFor(policy, need.level) ?? 10;
      await move(tx, c, 'submit', tellerId, { level: need.level }, {
        submittedAt: sql`now()` as unknown as Date,
        slaDueAt: sql`now() + make_interval(mins => ${sla})` as unknown as Date,
        expiresAt: sql`now() + make_interval(mins => ${policy.expireAfterMinutes})` as unknown as Date,
      });
      return { id: c.id, state: c.state, level: need.level, existing: false };
    });
  } catch (err) {
    // Two submissions with one key at once: the unique index let one through; the other gets that case.
    if (!violatesUnique(err, 'cases_idempotency_idx')) throw err;
    const existing = await caseByKey(db, tellerId, input.idempotencyKey);
    if (!existing) throw err;
    return sameInput(existing, input);
  }
}

async function caseByKey(conn: Tx | typeof db, makerId: string, key: string) {
  const [row] = await conn
    .select({ id: cases.id, state: cases.state, level: cases.requiredLevel, inputHash: cases.inputHash })
    .from(cases)
    .where(and(eq(cases.makerId, makerId), eq(cases.idempotencyKey, key)));
  return row && { id: row.id, state: row.state as CaseState, level: row.level, inputHash: row.inputHash };
}

/** What a transfer's idempotency key stands for: its input, hashed (no personal data is kept in it). */
function inputHashOf(input: TransferInput): string {
  const { idempotencyKey: _k, ...rest } = input;
  return createHash('sha256').update(JSON.stringify([rest.fromAccountId, rest.toAccountNumber, rest.payeeName ?? '', rest.amountFen, rest.memo ?? ''])).digest('hex');
}

/** The case a repeated key stands for — but a key reused with different input is a mistake, refused as such. */
function sameInput(existing: { id: string; state: CaseState; level: number; inputHash: string | null }, input: TransferInput) {
  if (existing.inputHash !== null && existing.inputHash !== inputHashOf(input)) throw new DomainError('errors.idempotencyMismatch', 'failed');
  return { id: existing.id, state: existing.state, level: existing.level, existing: true };
}

/**
 * Executes an approved case in the caller's transaction — the same one as the final approval, so a case is never
 * approved without its effect. The ledger posts at most once per case (unique index), so execution is idempotent.
 */
async function execute(tx: Tx, caseId: string, actorId: string | null): Promise<CaseState> {
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
  | { outcome: 'account_unavailable' };

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
      const [mine] = await tx.select({ id: caseDecisions.id }).from(caseDecisions).where(and(eq(caseDecisions.caseId, caseId), eq(caseDecisions.approverId, approverId)));
      if (mine) return { outcome: 'already_approved_by_you' } as const;
      // A customer frozen for suspected fraud, or whose verification was locked since, has nothing approved.
      if (decision === 'approve' && ((await liveFreeze(tx, row.customerId)) || (await activeLock(tx, row.customerId)))) return { outcome: 'frozen' } as const;
      await tx.insert(caseDecisions).values({ caseId, approverId, decision, reasonCode, opinion });
      await tx.insert(caseEvents).values({ caseId, kind: `decision.${decision}`, actorId: approverId, data: { reasonCode } });
      const c = { id: caseId, state: row.state as CaseState };
      const [{ approvals }] = await tx.select({ approvals: sql<number>`count(*)::int` }).from(caseDecisions).where(and(eq(caseDecisions.caseId, caseId), eq(caseDecisions.decision, 'approve')));
      if (decision === 'approve' && approvals >= row.requiredLevel) {
        await move(tx, c, 'approve', approverId, { approvals }, { decidedAt: sql`now()` as unknown as Date });
        c.state = await execute(tx, caseId, approverId);
        const summary = row.summary as { fromLast4: string };
        await notifyCustomer(tx, { customerId: row.customerId, sessionId: row.sessionId, template: 'transferDone', params: { amount: formatFen(row.amountFen ?? 0), last4: summary.fromLast4 }, channels: ['sms', 'email', 'in_app'] });
      } else if (decision === 'reject') {
        await move(tx, c, 'reject', approverId, { reasonCode }, { decidedAt: sql`now()` as unknown as Date });
        // The customer hears the outcome and the reason's category (never the supervisor's own words).
        await notifyCustomer(tx, { customerId: row.customerId, sessionId: row.sessionId, template: 'caseRejected', params: { reason: reasonCode ?? 'other', amount: formatFen(row.amountFen ?? 0) }, channels: ['sms', 'email', 'in_app'] });
      } else if (decision === 'return') {
        await move(tx, c, 'return', approverId, { reasonCode }, { decidedAt: sql`now()` as unknown as Date });
      }
      return { outcome: 'decided', state: c.state, approvals, required: row.requiredLevel } as const;
    });
  } catch (err) {
    // The balance fell since submission: the database's floor refuses the posting, and with it the approval.
    const cause = (err as { cause?: { constraint_name?: string; message?: string } }).cause ?? (err as { constraint_name?: string; message?: string });
    if (cause?.constraint_name === 'accounts_floor') return { outcome: 'insufficient_funds' };
    if (err instanceof AccountUnavailable || /ledger: account .* is (closed|frozen)/.test(cause?.message ?? '')) return { outcome: 'account_unavailable' };
    throw err;
  }
}
