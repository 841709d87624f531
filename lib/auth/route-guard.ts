import 'server-only';
import { isDatabaseUnavailable } from '@/db';
import { auditDeniedView, getCurrentUserQuietly, type CurrentUser } from './current-user';
import { mayUseDataRoute, mayUseScreen, type DataRoutePath, type ScreenPath } from './permissions';

/** Why a route refused its caller: the same reasons the action wrapper records (lib/actions/role-action.ts). */
type Refusal = 'signed_out' | 'role' | 'mfa_enrolment';

/** For route handlers: the user allowed on `screen`, or the 401/403 response to send (every refusal is audited). */
export async function guardRoute(screen: ScreenPath | DataRoutePath): Promise<{ user: CurrentUser } | { response: Response }> {
  // Background data and event routes: polling is not activity, so it must not keep an idle sign-in alive.
  const user = await getCurrentUserQuietly();
  if (!user) return refuse(401, null, screen, 'signed_out');
  const allowed = screen.startsWith('/api/') ? mayUseDataRoute(user.role, screen as DataRoutePath) : mayUseScreen(user.role, screen as ScreenPath);
  if (!allowed) return refuse(403, user, screen, 'role');
  if (user.mustEnrol) return refuse(403, user, screen, 'mfa_enrolment');
  return { user };
}

/**
 * The one way a route refusal is answered and audited, signed out or in the wrong role alike, as the action wrapper
 * audits its refusals: who (nobody, signed out), the gate refused, outcome denied, why, the request id and address.
 * Signed out is audited too, though background requests repeat: an EventSource gives up for good on a non-200 answer
 * (one row per open stream), and a polling screen is sent to the sign-in page by the shell's idle sign-out (at the next
 * activity, or after 15 quiet minutes), so the rows a forgotten tab writes are bounded.
 */
async function refuse(status: 401 | 403, user: CurrentUser | null, screen: ScreenPath | DataRoutePath, reason: Refusal): Promise<{ response: Response }> {
  try {
    await auditDeniedView(user?.id ?? null, user?.role ?? null, 'screen', screen, reason);
  } catch (err) {
    // No database to audit in (an outage): the refusal stands, said as such, as the action wrapper does.
    if (!isDatabaseUnavailable(err)) throw err;
  }
  return { response: new Response(null, { status, headers: { 'Cache-Control': 'no-store' } }) };
}
