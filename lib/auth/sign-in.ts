import 'server-only';
import { appendAudit } from '@/db/queries/audit';
import { claimSignInAttempt, clearFailedSignIns, getStaffForSignIn } from '@/db/queries/staff';
import { createStaffSession } from '@/db/queries/staff-sessions';
import { LOCKOUT_MS, MAX_FAILED_SIGN_INS } from '@/lib/config';
import { dummyHash, verifyPassword } from './password';
import type { RequestContext } from './request-context';
import type { Role } from './roles';

export type SignedIn = { id: string; displayName: string; role: Role; sessionId: string };

/**
 * Checks the credentials, applies the lockout and audits the outcome. Every refusal looks the same to the caller,
 * so the sign-in page cannot tell anyone whether a username exists.
 */
export async function signInStaff(username: string, password: string, ctx: RequestContext): Promise<SignedIn | null> {
  const member = await getStaffForSignIn(username);
  const base = { action: 'auth.sign_in', entityType: 'staff', requestId: ctx.requestId, ip: ctx.ip } as const;
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
  await clearFailedSignIns(member.id);
  if (!member.active) {
    await appendAudit({ ...base, ...actor, outcome: 'denied', details: { reason: 'disabled' } });
    return null;
  }
  const sessionId = await createStaffSession(member.id);
  await appendAudit({ ...base, ...actor, outcome: 'ok', details: { session: sessionId } });
  return { id: member.id, displayName: member.displayName, role: member.role, sessionId };
}
