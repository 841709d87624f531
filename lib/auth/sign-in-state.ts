import { ABSOLUTE_SESSION_MS, IDLE_TIMEOUT_MS } from '@/lib/config';

/**
 * Whether a server-side sign-in still holds: ended or disabled, idle past 15 minutes, or older than 12 hours. One rule
 * for page requests and for long-lived event streams.
 */
export function signInEnds(live: { endedAt: Date | null; active: boolean; lastSeenAt: Date; createdAt: Date }, now = Date.now()): 'ended' | 'idle_timeout' | 'expired' | null {
  if (live.endedAt || !live.active) return 'ended';
  if (now - live.lastSeenAt.getTime() > IDLE_TIMEOUT_MS) return 'idle_timeout';
  if (now - live.createdAt.getTime() > ABSOLUTE_SESSION_MS) return 'expired';
  return null;
}
