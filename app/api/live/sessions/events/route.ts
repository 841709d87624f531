import { guardRoute } from '@/lib/auth/route-guard';
import { eventStream, stillSignedIn } from '@/lib/live/channel';

export const dynamic = 'force-dynamic';

/** Server-sent events: a message whenever a session changes anywhere on this database; the board then refetches. */
export async function GET(request: Request) {
  const guard = await guardRoute('/supervisor/live');
  if ('response' in guard) return guard.response;
  return eventStream(request, 'live_sessions', 'session', () => stillSignedIn(guard.user), (sessionId) => ({ sessionId }));
}
