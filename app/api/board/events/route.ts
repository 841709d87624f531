import { guardRoute } from '@/lib/auth/route-guard';
import { BOARD_CHANNELS } from '@/lib/board/live';
import { eventStream, stillSignedIn } from '@/lib/live/channel';

export const dynamic = 'force-dynamic';

/**
 * Server-sent events for the operations board: a message whenever a session, a verification or a case changes on this
 * database (any instance); the board then re-reads its tiles, debounced (components/board/board-tiles.tsx).
 */
export async function GET(request: Request) {
  const guard = await guardRoute('/api/board/tiles');
  if ('response' in guard) return guard.response;
  return eventStream(request, BOARD_CHANNELS, 'tiles', () => stillSignedIn(guard.user), () => ({}));
}
