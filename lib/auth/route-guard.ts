import 'server-only';
import { getCurrentUser, auditDeniedView, type CurrentUser } from './current-user';
import { mayUseScreen, type ScreenPath } from './permissions';

/** For route handlers: the user allowed on `screen`, or the 401/403 response to send (a refusal is audited). */
export async function guardRoute(screen: ScreenPath): Promise<{ user: CurrentUser } | { response: Response }> {
  const user = await getCurrentUser();
  if (!user) return { response: new Response(null, { status: 401, headers: { 'Cache-Control': 'no-store' } }) };
  if (!mayUseScreen(user.role, screen)) {
    await auditDeniedView(user.id, user.role, 'screen', screen);
    return { response: new Response(null, { status: 403, headers: { 'Cache-Control': 'no-store' } }) };
  }
  return { user };
}
