import 'server-only';
import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { consumeOtp, insertOtp, lastOtpWasUsed, latestStepResults, lockLiveOtp, otpSendTimes, otpSendTimesForCustomer, recordOtpMiss, supersedeLiveOtp } from '@/db/queries/otp';
import { addSessionEvent, insertVerification } from '@/db/queries/service-sessions';
import { DomainError } from '@/lib/actions/result';
import { blindIndex } from '@/lib/crypto/pii';
import { notifyCustomer } from '@/lib/notify/notify';
import { stepsByBusiness } from '@/db/queries/ladder-policy';
import { mayConfirmAny, OTP_MAX_ATTEMPTS, OTP_TTL_MS, resendCheck } from './ladder';
import { inOpenSession } from './service';
import { afterFailedStep, assertNotLocked } from './verification-locks';

const otpHash = (challengeId: string, code: string) => blindIndex('otp', `${challengeId}:${code}`);

/**
 * Sends a one-time code to the customer's reserved mobile: the code is kept only as a keyed hash, the SMS goes
 * through the outbox in the same transaction, and an earlier code stops working.
 */
export async function sendOneTimeCode(sessionId: string, tellerId: string) {
  return inOpenSession(sessionId, tellerId, async (tx, session) => {
    if (!session.customerId) throw new DomainError('errors.noCustomer', 'failed');
    await assertNotLocked(tx, session.customerId);
    const { results } = await latestStepResults(sessionId, session.customerId, tx);
    if (results.basic !== 'pass') throw new DomainError('errors.basicFirst', 'failed');
    const check = resendCheck(await otpSendTimes(tx, sessionId), new Date(), await otpSendTimesForCustomer(tx, session.customerId));
    if (check !== 'ok') throw new DomainError({ tooSoon: 'errors.otpTooSoon', limit: 'errors.otpResendLimit', customerLimit: 'errors.otpCustomerLimit' }[check], 'denied');

    await supersedeLiveOtp(tx, sessionId);
    const id = randomUUID();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await insertOtp(tx, { id, sessionId, customerId: session.customerId, codeHash: otpHash(id, code), ttlMs: OTP_TTL_MS });
    // Only to the reserved mobile, and only by SMS: a code must not sit in an inbox.
    const [messageId] = await notifyCustomer(tx, { customerId: session.customerId, sessionId, template: 'otp', params: { code }, channels: ['sms'] });
    await addSessionEvent(tx, sessionId, tellerId, 'otp.sent', { message: messageId });
    return { challengeId: id, messageId };
  });
}

/** Checks a code the customer read out. A wrong code is counted (it is not an error: it is a result). */
export async function checkOneTimeCode(sessionId: string, tellerId: string, code: string) {
  return inOpenSession(sessionId, tellerId, async (tx, session) => {
    if (!session.customerId) throw new DomainError('errors.noCustomer', 'failed');
    await assertNotLocked(tx, session.customerId);
    const live = await lockLiveOtp(tx, sessionId);
    if (!live) throw new DomainError((await lastOtpWasUsed(tx, sessionId)) ? 'errors.otpUsed' : 'errors.otpNone', 'failed', { code: ['errors.otpSendNew'] });
    if (live.expired) throw new DomainError('errors.otpExpired', 'failed', { code: ['errors.otpSendNew'] });
    const match = timingSafeEqual(Buffer.from(otpHash(live.id, code)), Buffer.from(live.codeHash));
    let attemptsLeft = OTP_MAX_ATTEMPTS - live.attempts;
    if (match) await consumeOtp(tx, live.id);
    else attemptsLeft = OTP_MAX_ATTEMPTS - (await recordOtpMiss(tx, live.id, OTP_MAX_ATTEMPTS));
    const result = match ? 'pass' : 'fail';
    const id = await insertVerification(tx, { sessionId, customerId: session.customerId, kind: 'otp', result, performedBy: tellerId });
    await addSessionEvent(tx, sessionId, tellerId, 'verification.otp', { result });
    const locked = !match && (await afterFailedStep(tx, { customerId: session.customerId, kind: 'otp', sessionId, tellerId }));
    return { id, result, attemptsLeft, locked } as const;
  });
}

/** The teller read back name, masked ID and masked phone; the customer's answer closes verification. */
export async function confirmIdentity(sessionId: string, tellerId: string, confirmed: boolean) {
  return inOpenSession(sessionId, tellerId, async (tx, session) => {
    if (!session.customerId) throw new DomainError('errors.noCustomer', 'failed');
    await assertNotLocked(tx, session.customerId);
    const { results } = await latestStepResults(sessionId, session.customerId, tx);
    const { byBusiness } = await stepsByBusiness(tx, session.customerId);
    if (!mayConfirmAny(byBusiness, results)) throw new DomainError('errors.confirmLast', 'failed');
    const result = confirmed ? 'pass' : 'fail';
    const id = await insertVerification(tx, { sessionId, customerId: session.customerId, kind: 'confirmation', result, performedBy: tellerId });
    await addSessionEvent(tx, sessionId, tellerId, 'verification.confirmation', { result });
    const locked = !confirmed && (await afterFailedStep(tx, { customerId: session.customerId, kind: 'confirmation', sessionId, tellerId }));
    return { id, result, locked } as const;
  });
}
