import 'server-only';
import { sql } from '@/db';
import { getStaffSession } from '@/db/queries/staff-sessions';
import { signInEnds } from '@/lib/auth/sign-in-state';

type Listener = (payload: string) => void;
/** The NOTIFY channels the database announces changes on (see the migrations' notify triggers). */
export type LiveChannel = 'live_sessions' | 'cases' | 'board';

// One LISTEN connection per channel per app instance, shared by every open screen in it.
const state = globalThis as unknown as { liveChannels?: Map<string, { listeners: Set<Listener>; listening?: Promise<unknown> }> };
state.liveChannels ??= new Map();

/**
 * Subscribes to a PostgreSQL NOTIFY channel: changes made by this or any other instance on the same database reach
 * every instance's open screens. Returns the unsubscribe function.
 */
export async function onChannel(channel: LiveChannel, listener: Listener): Promise<() => void> {
  let entry = state.liveChannels!.get(channel);
  if (!entry) state.liveChannels!.set(channel, (entry = { listeners: new Set() }));
  const e = entry;
  e.listening ??= sql
    .listen(channel, (payload) => {
      for (const l of e.listeners) l(payload);
    })
    .catch((err) => {
      // Let the next screen try again rather than remember the failure for the life of the process.
      e.listening = undefined;
      throw err;
    });
  await e.listening;
  e.listeners.add(listener);
  return () => e.listeners.delete(listener);
}

/**
 * A server-sent event stream of one channel (or several) for a signed-in user: `event` messages as changes happen, a
 * keep-alive that re-checks the sign-in (a user signed out or disabled stops receiving), and cleanup when the client goes.
 */
export function eventStream(
  request: Request,
  channel: LiveChannel | readonly LiveChannel[],
  event: string,
  stillAllowed: () => Promise<boolean>,
  toData: (payload: string) => Record<string, unknown>,
  // Only the changes this viewer may hear of (e.g. the cases of their own session).
  accept: (payload: string) => Promise<boolean> = async () => true,
): Response {
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
      const listener = (payload: string) => {
        void accept(payload).then((ok) => ok && send(`event: ${event}\ndata: ${JSON.stringify(toData(payload))}\n\n`), () => {});
      };
      const unsubscribes = await Promise.all([channel].flat().map((c) => onChannel(c, listener)));
      const close = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      const heartbeat = setInterval(async () => {
        if (!(await stillAllowed())) close();
        else send(': keep-alive\n\n');
      }, 25_000);
      cleanup = () => {
        clearInterval(heartbeat);
        for (const unsubscribe of unsubscribes) unsubscribe();
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

/** Whether a stream's user is still signed in, active and in the same role (checked at each keep-alive). */
export async function stillSignedIn(user: { sessionId: string; role: string }): Promise<boolean> {
  const live = await getStaffSession(user.sessionId);
  return !!live && live.role === user.role && signInEnds(live) === null;
}
