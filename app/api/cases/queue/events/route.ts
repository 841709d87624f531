import { guardRoute } from '@/lib/auth/route-guard';
import { eventStream, stillSignedIn } from '@/lib/live/channel';

export const dynamic = 'force-dynamic';

/** Server-sent events: a message whenever a case changes on this database (any instance); the queue then refetches. */
export async function GET(request: Request) {
  const guard = await guardRoute('/api/cases/queue');
  if ('response' in guard) return guard.response;
  return eventStream(request, 'cases', 'case', () => stillSignedIn(guard.user), (payload) => ({ caseId: payload.split(':')[0] }));
}
