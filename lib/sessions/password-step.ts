import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db';
import { answerPrompt, getCustomerPasswordHash, insertPasswordPrompt, lockLivePrompt, supersedeLivePrompt } from '@/db/queries/credentials';
import { latestStepResults } from '@/db/queries/otp';
import { addSessionEvent, insertVerification } from '@/db/queries/service-sessions';
import { DomainError } from '@/lib/actions/result';
import { verifyPassword } from '@/lib/auth/password';
import { PASSWORD_PROMPT_TTL_MS } from './ladder';
import { inOpenSession } from './service';
import { isVerificationLocked } from '@/db/queries/verification-locks';
import { afterFailedStep, assertNotLocked } from './verification-locks';
import { activateWithPassword, type ActivationAnswer } from '@/lib/cards/service';
import { completePasswordReset, type ResetAnswer } from '@/lib/cases/password-reset';

/**
 * The password step (查询密码). The teller never handles the digits: they ask the telephony system to collect them
 * from the customer's keypad, and the telephony system answers through the integration endpoint.
 */
export async function promptForPassword(sessionId: string, tellerId: string): Promise<string> {
  return inOpenSession(sessionId, tellerId, async (tx, session) => {
    if (!session.customerId) throw new DomainError('errors.noCustomer', 'failed');
    await assertNotLocked(tx, session.customerId);
    const { results } = await latestStepResults(sessionId, session.customerId, tx);
    if (results.basic !== 'pass') throw new DomainError('errors.basicFirst', 'failed');
    if (!(await getCustomerPasswordHash(tx, session.customerId))) throw new DomainError('errors.noCustomerPassword', 'failed');
    await supersedeLivePrompt(tx, sessionId);
    const id = await insertPasswordPrompt(tx, { sessionId, customerId: session.customerId, requestedBy: tellerId, ttlMs: PASSWORD_PROMPT_TTL_MS });
    await addSessionEvent(tx, sessionId, tellerId, 'password.prompted', {});
    return id;
  });
}

export type KeypadAnswer =
  | { status: 'checked'; result: 'pass' | 'fail'; locked: boolean; verificationId: string; customerId: string }
  | { status: 'noPrompt' | 'expired' | 'locked' }
  | { status: 'card'; card: ActivationAnswer }
  | { status: 'reset'; reset: ResetAnswer };

/**
 * The telephony system's answer to a prompt: "session X, digits Y". One answer per prompt; the result is recorded as a
 * verification attempt of the teller who asked, and counts toward the cross-session lock like any other step.
 */
export async function answerPasswordPrompt(integration: { id: string; name: string }, sessionId: string, digits: string, confirm?: string): Promise<KeypadAnswer> {
  return db.transaction(async (tx) => {
    // The session first, then its prompt: the same order as the teller's "ask again", so the two cannot deadlock.
    await tx.execute(sql`SELECT id FROM service_sessions WHERE id = ${sessionId} FOR NO KEY UPDATE`);
    const prompt = await lockLivePrompt(tx, sessionId);
    if (!prompt || !prompt.sessionOpen) return { status: 'noPrompt' };
    if (prompt.expired) return { status: 'expired' };
    if (await isVerificationLocked(prompt.customerId, tx)) return { status: 'locked' };
    if (prompt.purpose === 'set_card_password' && prompt.cardId) {
      // Setting a card password: a refused attempt (the two entries differ, or too weak) leaves the prompt open.
      const answer = await activateWithPassword(tx, { id: prompt.id, customerId: prompt.customerId, cardId: prompt.cardId, sessionId, requestedBy: prompt.requestedBy }, digits, confirm);
      if (answer.status === 'activated' || answer.status === 'cardState') await answerPrompt(tx, prompt.id, integration.id);
      return { status: 'card', card: answer };
    }
    if (prompt.purpose === 'reset_password' && prompt.caseId) {
      const answer = await completePasswordReset(tx, { customerId: prompt.customerId, caseId: prompt.caseId, sessionId, requestedBy: prompt.requestedBy }, digits, confirm);
      if (answer.status === 'reset' || answer.status === 'caseState') await answerPrompt(tx, prompt.id, integration.id);
      return { status: 'reset', reset: answer };
    }
    const hash = await getCustomerPasswordHash(tx, prompt.customerId);
    const match = !!hash && (await verifyPassword(hash, digits));
    await answerPrompt(tx, prompt.id, integration.id);
    const result = match ? 'pass' : 'fail';
    const verificationId = await insertVerification(tx, { sessionId, customerId: prompt.customerId, kind: 'password', result, performedBy: prompt.requestedBy });
    await addSessionEvent(tx, sessionId, null, 'verification.password', { result, via: integration.name });
    const locked = !match && (await afterFailedStep(tx, { customerId: prompt.customerId, kind: 'password', sessionId, tellerId: prompt.requestedBy }));
    return { status: 'checked', result, locked, verificationId, customerId: prompt.customerId };
  });
}
