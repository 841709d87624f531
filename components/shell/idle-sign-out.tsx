'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

const IDLE_MS = 15 * 60 * 1000;
const PING_EVERY_MS = 60 * 1000;

/**
 * The server ends a session after 15 idle minutes; this mirrors it in the browser. Real activity (keys, pointer,
 * scrolling) is reported at most once a minute so a teller filling a long form is not signed out mid-way, and after
 * 15 quiet minutes the console leaves for the sign-in page instead of showing stale data.
 */
export function IdleSignOut() {
  const router = useRouter();
  useEffect(() => {
    let lastActivity = Date.now();
    let lastPing = Date.now();
    const onActivity = () => {
      lastActivity = Date.now();
      if (lastActivity - lastPing > PING_EVERY_MS) {
        lastPing = lastActivity;
        void fetch('/api/session/ping', { method: 'POST' }).then((r) => {
          if (r.status === 401) router.replace('/login?reason=signedOut');
        });
      }
    };
    const events = ['keydown', 'pointerdown', 'pointermove', 'scroll'] as const;
    events.forEach((e) => window.addEventListener(e, onActivity, { passive: true }));
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity > IDLE_MS) {
        window.clearInterval(timer);
        void fetch('/api/session/ping', { method: 'DELETE' }).finally(() => router.replace('/login?reason=idle'));
      }
    }, 15_000);
    return () => {
      events.forEach((e) => window.removeEventListener(e, onActivity));
      window.clearInterval(timer);
    };
  }, [router]);
  return null;
}
