import { sql } from '@/db';
import { getTellerSession } from '@/db/queries/service-sessions';
import { auditDeniedView } from '@/lib/auth/current-user';
import { guardRoute } from '@/lib/auth/route-guard';
import { eventStream, stillSignedIn } from '@/lib/live/channel';

export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  const ofThisSession = async (caseId: string) => UUID.test(caseId) && (await sql`SELECT 1 FROM cases WHERE id = ${caseId} AND session_id = ${sessionId}`).length > 0;
  return eventStream(request, 'cases', 'case', () => stillSignedIn(guard.user), (caseId) => ({ caseId }), ofThisSession);
}
