import { getTellerSession } from '@/db/queries/service-sessions';
import { auditDeniedView } from '@/lib/auth/current-user';
import { guardRoute } from '@/lib/auth/route-guard';
import { eventStream, stillSignedIn } from '@/lib/live/channel';
import { UUID } from '@/lib/ids';

export const dynamic = 'force-dynamic';


/**
 * Server-sent events for the teller's own session: a message when one of its cases changes (a supervisor decided it
 * on any instance, it was executed or expired), so the maker sees the outcome live. Someone else's session is not found.
 */
export async function GET(request: Request, { params }: { params: Promise<{ sessionId: string }> }) {
  const guard = await guardRoute('/api/sessions/cases');
  if ('response' in guard) return guard.response;
  const { sessionId } = await params;
  if (!UUID.test(sessionId) || !(await getTellerSession(sessionId, guard.user.id))) {
    if (UUID.test(sessionId)) await auditDeniedView(guard.user.id, guard.user.role, 'service_session', sessionId);
    return new Response(null, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  }
  // The notification names the case's session: filtered here without a query per change.
  const ofThisSession = async (payload: string) => payload.split(':')[1] === sessionId.toLowerCase();
  // At each keep-alive: still signed in, and still this session's teller (a handed-over contact stops streaming).
  const stillAllowed = async () => (await stillSignedIn(guard.user)) && !!(await getTellerSession(sessionId, guard.user.id));
  return eventStream(request, 'cases', 'case', stillAllowed, (payload) => ({ caseId: payload.split(':')[0] }), ofThisSession);
}
