import { ABSOLUTE_SESSION_MS, IDLE_TIMEOUT_MS } from '@/lib/config';

export const ROTATION_GRACE_MS = 30 * 1000;

/**
 * Whether a server-side sign-in still holds: ended or disabled, idle past 15 minutes, or older than 12 hours. One rule
 * for page requests and for long-lived event streams.
 */
export function signInEnds(live: { endedAt: Date | null; endReason?: string | null; active: boolean; lastSeenAt: Date; createdAt: Date }, now = Date.now()): 'ended' | 'idle_timeout' | 'expired' | null {
  if (!live.active) return 'ended';
  // A step-up hands the browser a new token; requests already in flight with the old one still finish.
  if (live.endedAt && !(live.endReason === 'rotated' && now - live.endedAt.getTime() <= ROTATION_GRACE_MS)) return 'ended';
  if (now - live.lastSeenAt.getTime() > IDLE_TIMEOUT_MS) return 'idle_timeout';
  if (now - live.createdAt.getTime() > ABSOLUTE_SESSION_MS) return 'expired';
  return null;
}
