import 'server-only';
import { getCurrentUserQuietly, auditDeniedView, type CurrentUser } from './current-user';
import { mayUseDataRoute, mayUseScreen, type DataRoutePath, type ScreenPath } from './permissions';

/** For route handlers: the user allowed on `screen`, or the 401/403 response to send (a refusal is audited). */
export async function guardRoute(screen: ScreenPath | DataRoutePath): Promise<{ user: CurrentUser } | { response: Response }> {
  // Background data and event routes: polling is not activity, so it must not keep an idle sign-in alive.
  const user = await getCurrentUserQuietly();
  if (!user) return { response: new Response(null, { status: 401, headers: { 'Cache-Control': 'no-store' } }) };
  const allowed = screen.startsWith('/api/') ? mayUseDataRoute(user.role, screen as DataRoutePath) : mayUseScreen(user.role, screen as ScreenPath);
  if (!allowed || user.mustEnrol) {
    await auditDeniedView(user.id, user.role, 'screen', screen);
    return { response: new Response(null, { status: 403, headers: { 'Cache-Control': 'no-store' } }) };
  }
  return { user };
}
