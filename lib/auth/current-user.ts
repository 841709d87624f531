import 'server-only';
import { cache } from 'react';
import { forbidden, redirect } from 'next/navigation';
import { auth } from '@/auth';
import { appendAudit } from '@/db/queries/audit';
import { endStaffSession, getStaffSession, touchStaffSession } from '@/db/queries/staff-sessions';
import { signInEnds } from './sign-in-state';
import { mfaRequired } from './mfa';
import { mayUseScreen, type ScreenPath } from './permissions';
import { requestContext } from './request-context';
import type { Role } from './roles';

export type CurrentUser = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  sessionId: string;
  /** When they last proved who they are in this session (sign-in or step-up). */
  authenticatedAt: Date;
  mfaEnabled: boolean;
  /** A supervisor or admin without an authenticator yet: only the enrolment screen and its actions are open. */
  mustEnrol: boolean;
};

/**
 * The signed-in staff member as the database sees them now. The JWT only names a server-side session; a disabled
 * account, a changed role, an idle or expired session all count as signed out on the very next request.
 */
export const getCurrentUser = cache(() => resolveUser(true));

/** The same check for background requests (a board's polling, its event stream): it does not count as activity. */
export const getCurrentUserQuietly = cache(() => resolveUser(false));

async function resolveUser(activity: boolean): Promise<CurrentUser | null> {
  const session = await auth();
  const sid = session?.sid;
  if (!sid) return null;
  const live = await getStaffSession(sid);
  if (!live) return null;
  const ends = signInEnds(live);
  if (ends === 'ended') return null;
  const reason = ends;
  if (reason) {
    if (await endStaffSession(sid, reason)) {
      const ctx = await requestContext();
      await appendAudit({ actorId: live.staffId, actorRole: live.role, action: `auth.${reason}`, outcome: 'ok', entityType: 'staff', entityId: live.staffId, requestId: ctx.requestId, ip: ctx.ip });
    }
    return null;
  }
  if (activity) await touchStaffSession(sid);
  return {
    id: live.staffId,
    username: live.username,
    displayName: live.displayName,
    role: live.role,
    sessionId: sid,
    authenticatedAt: live.authenticatedAt,
    mfaEnabled: live.mfaEnabled,
    mustEnrol: mfaRequired(live.role) && !live.mfaEnabled,
  };
}

/** Ends the current sign-in because the browser saw 15 quiet minutes (the server may not have yet). Audited. */
export async function endIdleSession(): Promise<void> {
  const user = await getCurrentUserQuietly();
  if (!user || !(await endStaffSession(user.sessionId, 'idle_timeout'))) return;
  const ctx = await requestContext();
  await appendAudit({ actorId: user.id, actorRole: user.role, action: 'auth.idle_timeout', outcome: 'ok', entityType: 'staff', entityId: user.id, requestId: ctx.requestId, ip: ctx.ip });
}

/** Where a supervisor or admin without an authenticator is sent until they have one. */
export const ENROL_PATH = '/account/security' satisfies ScreenPath;

export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  return user;
}

/** For layouts and pages: the signed-in user allowed on `screen`, or a 403 page (audited). */
export async function requireScreen(screen: ScreenPath): Promise<CurrentUser> {
  const user = await requireUser();
  if (user.mustEnrol && screen !== ENROL_PATH) redirect(ENROL_PATH);
  if (!mayUseScreen(user.role, screen)) {
    // Layout and page both check the screen; the request is one refusal, so it is audited once.
    await auditDeniedView(user.id, user.role, 'screen', screen);
    forbidden();
  }
  return user;
}

/**
 * A refused view (another role's screen, another teller's session; a route's caller signed out, with no actor): audited
 * once per request and object, with why when the caller says (the action wrapper's reasons: signed_out, role...).
 */
export const auditDeniedView = cache(async (actorId: string | null, actorRole: Role | null, entityType: string, entityId: string, reason?: string) => {
  const ctx = await requestContext();
  await appendAudit({ actorId, actorRole, action: 'screen.view', outcome: 'denied', entityType, entityId, requestId: ctx.requestId, ip: ctx.ip, ...(reason ? { details: { reason } } : {}) });
});

/** A view of a record with personal data (masked as it is): audited once per request and object, like a refusal. */
export const auditView = cache(async (actorId: string, actorRole: Role, entityType: string, entityId: string) => {
  const ctx = await requestContext();
  await appendAudit({ actorId, actorRole, action: 'screen.view', outcome: 'ok', entityType, entityId, requestId: ctx.requestId, ip: ctx.ip });
});
