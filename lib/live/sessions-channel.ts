import 'server-only';
import { onChannel } from './channel';

/**
 * Subscribes to changes of service sessions, made by this or any other instance on the same database
 * (PostgreSQL LISTEN/NOTIFY). Returns the unsubscribe function.
 */
export function onLiveSessionChange(listener: (sessionId: string) => void): Promise<() => void> {
  return onChannel('live_sessions', listener);
}
