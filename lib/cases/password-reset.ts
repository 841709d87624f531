import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db';
import { setCustomerPasswordHash, supersedeLivePrompt } from '@/db/queries/credentials';
import { addSessionEvent } from '@/db/queries/service-sessions';
import { cases, customerPasswords, passwordPrompts } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { hashPassword } from '@/lib/auth/password';
import { newPasswordRefused, type NewPasswordRefusal } from '@/lib/cards/service';
import { notifyCustomer } from '@/lib/notify/notify';
import { PASSWORD_PROMPT_TTL_MS } from '@/lib/sessions/ladder';
import { gateBusiness, inOpenSession } from '@/lib/sessions/service';
import { addCaseEvent, caseSubmission, move, type Submit } from './case-core';
import type { CaseState } from './state-machine';

/**
 * Password reset (重置密码) for a customer who forgot their card password: identity verified in the session without
 * it, a supervisor approves, and the approval voids the old password at once. The customer then keys a new one twice
 * on the telephony keypad (in this or a later verified session), which completes the case.
 */
export const submitPasswordReset: Submit<Record<never, never>> = caseSubmission(
  'password_reset',
  'card_service',
  () => [],
  async (_tx, customerId) => ({ type: 'password_reset', payload: { kind: 'password_reset' }, summary: {}, amountFen: null, target: `password:${customerId}` }),
  executePasswordReset,
);

/** The approval's effect: the old password stops working; the case waits for the customer's new one. */
export async function executePasswordReset(tx: Tx, caseId: string, actorId: string | null): Promise<CaseState> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
  if (!row || row.state !== 'approved') throw new Error('execute: the case is not approved');
  const voided = await tx.delete(customerPasswords).where(eq(customerPasswords.customerId, row.customerId)).returning({ id: customerPasswords.customerId });
  const c = { id: caseId, state: 'approved' as CaseState };
  await move(tx, c, 'execute', actorId, { voided: voided.length > 0 }, { executedAt: sql`now()` as unknown as Date });
  await notifyCustomer(tx, { customerId: row.customerId, sessionId: row.sessionId, template: 'passwordResetApproved', params: {}, channels: ['sms', 'in_app'] });
  return c.state;
}

/** In a verified session, the teller asks the telephony system to collect the new password for an approved reset. */
export async function promptPasswordReset(sessionId: string, tellerId: string, caseId: string): Promise<string> {
  return inOpenSession(sessionId, tellerId, async (tx, session) => {
    const { customerId } = await gateBusiness(tx, sessionId, session, 'card_service');
    const [c] = await tx.select({ state: cases.state }).from(cases).where(and(eq(cases.id, caseId), eq(cases.customerId, customerId), eq(cases.type, 'password_reset')));
    if (!c) throw new DomainError('errors.notFound', 'failed');
    if (c.state !== 'executed') throw new DomainError('errors.caseState', 'failed');
    await supersedeLivePrompt(tx, sessionId);
    const [row] = await tx
      .insert(passwordPrompts)
      .values({ sessionId, customerId, requestedBy: tellerId, purpose: 'reset_password', caseId, expiresAt: sql`now() + make_interval(secs => ${PASSWORD_PROMPT_TTL_MS / 1000})` as unknown as Date })
      .returning({ id: passwordPrompts.id });
    await addSessionEvent(tx, sessionId, tellerId, 'password.resetPrompted', {});
    await addCaseEvent(tx, caseId, 'password.prompted', tellerId, { session: sessionId });
    return row!.id;
  });
}

export type ResetAnswer = { status: 'reset' } | NewPasswordRefusal | { status: 'caseState' };

/** The telephony system's answer to a reset prompt: a strong password keyed twice becomes the customer's password. */
export async function completePasswordReset(tx: Tx, prompt: { customerId: string; caseId: string; sessionId: string; requestedBy: string }, digits: string, confirm: string | undefined): Promise<ResetAnswer> {
  const refused = await newPasswordRefused(tx, prompt.customerId, digits, confirm);
  if (refused) return refused;
  const [c] = await tx.select({ state: cases.state }).from(cases).where(eq(cases.id, prompt.caseId)).for('no key update');
  if (!c || c.state !== 'executed') return { status: 'caseState' };
  await setCustomerPasswordHash(tx, { customerId: prompt.customerId, passwordHash: await hashPassword(digits), setVia: 'password_reset' });
  await move(tx, { id: prompt.caseId, state: 'executed' }, 'complete', prompt.requestedBy, { session: prompt.sessionId });
  await addSessionEvent(tx, prompt.sessionId, null, 'password.reset', {});
  await notifyCustomer(tx, { customerId: prompt.customerId, sessionId: prompt.sessionId, template: 'passwordReset', params: {}, channels: ['sms', 'in_app'] });
  return { status: 'reset' };
}
