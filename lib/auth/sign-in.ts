import 'server-only';
import { appendAudit } from '@/db/queries/audit';
import { claimSignInAttempt, clearFailedSignIns, getStaffForSignIn, recentRefusalsFrom } from '@/db/queries/staff';
import { createStaffSession } from '@/db/queries/staff-sessions';
import { IP_SIGN_IN_WINDOW_MS, LOCKOUT_MS, MAX_FAILED_SIGN_INS, MAX_REFUSALS_PER_IP } from '@/lib/config';
import { verifySecondFactor } from './mfa';
import { dummyHash, verifyPassword } from './password';
import type { RequestContext } from './request-context';
import type { Role } from './roles';

export type SignedIn = { id: string; displayName: string; role: Role; sessionId: string };
/** The password was right and the account has an authenticator: ask for its code (nothing is signed in yet). */
export type CodeNeeded = { needsCode: true };

/**
 * Checks the credentials (and the authenticator code where one is set up), applies the per-account lockout and the
 * per-address throttle, and audits the outcome. Every refusal looks the same to the caller, so the sign-in page
 * cannot tell anyone whether a username exists; only a right password on an account with an authenticator gets
 * "now the code" — and that counts as an attempt like any other until the code is right too.
 */
export async function signInStaff(username: string, password: string, ctx: RequestContext, code?: string): Promise<SignedIn | CodeNeeded | null> {
  const base = { action: 'auth.sign_in', entityType: 'staff', requestId: ctx.requestId, ip: ctx.ip } as const;
  if (ctx.ip && (await recentRefusalsFrom(ctx.ip, IP_SIGN_IN_WINDOW_MS)) >= MAX_REFUSALS_PER_IP) {
    await verifyPassword(await dummyHash(), password); // throttled answers take as long as any other
    await appendAudit({ ...base, actorId: null, actorRole: null, outcome: 'denied', details: { reason: 'throttled_ip' } });
    return null;
  }
  const member = await getStaffForSignIn(username);
  if (!member) {
    await verifyPassword(await dummyHash(), password);
    await appendAudit({ ...base, actorId: null, actorRole: null, outcome: 'denied', details: { reason: 'unknown_user' } });
    return null;
  }
  const actor = { actorId: member.id, actorRole: member.role, entityId: member.id };
  const claim = await claimSignInAttempt(member.id, MAX_FAILED_SIGN_INS, LOCKOUT_MS);
  if (!claim) {
    await verifyPassword(await dummyHash(), password); // a locked account answers as slowly as any other
    await appendAudit({ ...base, ...actor, outcome: 'denied', details: { reason: 'locked' } });
    return null;
  }
  if (!(await verifyPassword(member.passwordHash, password))) {
    await appendAudit({ ...base, ...actor, outcome: 'denied', details: { reason: 'bad_password', locked: claim.lockedNow } });
    return null;
  }
  let factor: 'totp' | 'recovery' | null = null;
  if (member.totpEnabledAt) {
    if (!code) {
      // Not a refusal of the address (it does not count towards the per-address throttle): half a sign-in.
      await appendAudit({ ...base, ...actor, outcome: 'failed', details: { reason: 'code_needed', locked: claim.lockedNow } });
      return claim.lockedNow ? null : { needsCode: true };
    }
    factor = await verifySecondFactor(member.id, code);
    if (!factor) {
      await appendAudit({ ...base, ...actor, outcome: 'denied', details: { reason: 'bad_code', locked: claim.lockedNow } });
      return null;
    }
  }
  await clearFailedSignIns(member.id);
  if (!member.active) {
    await appendAudit({ ...base, ...actor, outcome: 'denied', details: { reason: 'disabled' } });
    return null;
  }
  const sessionId = await createStaffSession(member.id);
  await appendAudit({ ...base, ...actor, outcome: 'ok', details: { session: sessionId, ...(factor ? { factor } : {}) } });
  return { id: member.id, displayName: member.displayName, role: member.role, sessionId };
}
