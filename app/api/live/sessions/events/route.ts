import { getStaffSession } from '@/db/queries/staff-sessions';
import { guardRoute } from '@/lib/auth/route-guard';
import { onLiveSessionChange } from '@/lib/live/sessions-channel';

export const dynamic = 'force-dynamic';

/** Server-sent events: a message whenever a session changes anywhere on this database; the board then refetches. */
export async function GET(request: Request) {
  const guard = await guardRoute('/supervisor/live');
  if ('response' in guard) return guard.response;
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = await onLiveSessionChange((sessionId) => send(`event: session\ndata: ${JSON.stringify({ sessionId })}\n\n`));
      const close = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      // Each heartbeat re-checks the sign-in: a supervisor who signed out or was disabled stops receiving events.
      const heartbeat = setInterval(async () => {
        const live = await getStaffSession(guard.user.sessionId);
        if (!live || live.endedAt || !live.active || live.role !== guard.user.role) close();
        else send(': keep-alive\n\n');
      }, 25_000);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      if (request.signal.aborted) return close();
      request.signal.addEventListener('abort', close);
      send('retry: 3000\n\n');
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, { headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' } });
}
