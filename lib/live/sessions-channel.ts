import 'server-only';
import { sql } from '@/db';

type Listener = (sessionId: string) => void;

// One LISTEN connection per app instance, shared by every open board in it.
const state = globalThis as unknown as { liveListeners?: Set<Listener>; liveListening?: Promise<unknown> };
state.liveListeners ??= new Set();

/**
 * Subscribes to changes of service sessions, made by this or any other instance on the same database
 * (PostgreSQL LISTEN/NOTIFY). Returns the unsubscribe function.
 */
export async function onLiveSessionChange(listener: Listener): Promise<() => void> {
  state.liveListening ??= sql
    .listen('live_sessions', (payload) => {
      for (const l of state.liveListeners!) l(payload);
    })
    .catch((err) => {
      // Let the next board try again rather than remember the failure for the life of the process.
      state.liveListening = undefined;
      throw err;
    });
  await state.liveListening;
  state.liveListeners!.add(listener);
  return () => state.liveListeners!.delete(listener);
}
