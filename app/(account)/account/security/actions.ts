'use server';

import { revalidatePath } from 'next/cache';
import { updateSession } from '@/auth';
import { disableTotp } from '@/db/queries/mfa';
import { claimSignInAttempt, clearFailedSignIns, getStaffForSignIn } from '@/db/queries/staff';
import { rotateStaffSession } from '@/db/queries/mfa';
import { DomainError } from '@/lib/actions/result';
import { roleAction } from '@/lib/actions/role-action';
import { beginEnrolment, confirmEnrolment, mfaRequired, regenerateRecoveryCodes, verifySecondFactor } from '@/lib/auth/mfa';
import { noInputSchema, stepUpSchema, totpCodeSchema } from '@/lib/auth/mfa-schemas';
import { verifyPassword } from '@/lib/auth/password';
import { rotationProof } from '@/lib/auth/rotation';
import { LOCKOUT_MS, MAX_FAILED_SIGN_INS } from '@/lib/config';

/** A new authenticator secret: its QR code and the key to type in, waiting for the first code. */
export const beginMfaAction = roleAction('account.mfaBegin', noInputSchema, async (_input, user) => {
  const enrolment = await beginEnrolment(user.id, user.username);
  if (!enrolment) throw new DomainError('account.mfa.alreadyOn', 'failed');
  return { data: enrolment, entityType: 'staff', entityId: user.id, message: 'account.mfa.scanNow' };
});

/** The first code confirms the authenticator; the recovery codes are shown once, only their hashes are kept. */
export const confirmMfaAction = roleAction('account.mfaConfirm', totpCodeSchema, async ({ code }, user) => {
  const codes = await confirmEnrolment(user.id, code);
  if (!codes) throw new DomainError('account.mfa.badCode', 'failed', { code: ['account.mfa.badCode'] });
  // No revalidation here: the page would re-render as "on" and drop the codes before they are read. Continuing
  // from the codes navigates, which renders everything afresh.
  return { data: { recoveryCodes: codes }, entityType: 'staff', entityId: user.id, message: 'account.mfa.enabled' };
});

/** Tellers and QC may turn their authenticator off; supervisors and admins may not (they must have one). */
export const disableMfaAction = roleAction('account.mfaDisable', noInputSchema, async (_input, user) => {
  if (mfaRequired(user.role)) throw new DomainError('account.mfa.requiredForRole', 'denied');
  if (!user.mfaEnabled) throw new DomainError('account.mfa.notOn', 'failed');
  await disableTotp(user.id);
  revalidatePath('/', 'layout');
  return { data: undefined, entityType: 'staff', entityId: user.id, message: 'account.mfa.disabled' };
});

/** A new set of recovery codes, shown once; the old ones stop working (asks for a step-up first). */
export const recoveryCodesAction = roleAction('account.recoveryCodes', noInputSchema, async (_input, user) => {
  const codes = await regenerateRecoveryCodes(user.id);
  if (!codes) throw new DomainError('account.mfa.notOn', 'failed');
  return { data: { recoveryCodes: codes }, entityType: 'staff', entityId: user.id, message: 'account.mfa.newCodesDone' };
});

/**
 * Proves it is still the same person (ASVS 7.5.3): the authenticator's code (used once) or a recovery code, or the
 * password where no authenticator is set up. Success hands the browser a new session token (ASVS 7.2.4). A wrong
 * answer counts towards the account's lockout, and that count is kept although the step-up is refused.
 */
export const stepUpAction = roleAction('account.stepUp', stepUpSchema, async ({ secret }, user) => {
  const base = { data: undefined, entityType: 'staff', entityId: user.id };
  const claim = await claimSignInAttempt(user.id, MAX_FAILED_SIGN_INS, LOCKOUT_MS);
  if (!claim) return { ...base, refused: new DomainError('account.stepUp.locked', 'denied', { secret: ['account.stepUp.locked'] }) };
  let factor: string | null;
  if (user.mfaEnabled) factor = await verifySecondFactor(user.id, secret);
  else {
    const member = await getStaffForSignIn(user.username);
    factor = member && (await verifyPassword(member.passwordHash, secret)) ? 'password' : null;
  }
  if (!factor) {
    const key = user.mfaEnabled ? 'account.stepUp.wrongCode' : 'account.stepUp.wrongPassword';
    return { ...base, details: { locked: claim.lockedNow }, refused: new DomainError(key, 'denied', { secret: [key] }) };
  }
  await clearFailedSignIns(user.id);
  const sid = await rotateStaffSession(user.sessionId);
  if (!sid) throw new DomainError('errors.signedOut', 'denied');
  await updateSession({ sid, proof: rotationProof(user.sessionId, sid) } as never);
  return { ...base, details: { factor }, message: 'account.stepUp.done' };
});
