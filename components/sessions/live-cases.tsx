'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Keeps the session's cases current while any awaits a supervisor: each change arrives as a server-sent event
 * (PostgreSQL LISTEN/NOTIFY behind it, from any app instance) and the page's data is fetched again.
 */
export function LiveCases({ sessionId }: { sessionId: string }) {
  const router = useRouter();
  useEffect(() => {
    const events = new EventSource(`/api/sessions/${sessionId}/cases/events`);
    events.addEventListener('case', () => router.refresh());
    return () => events.close();
  }, [router, sessionId]);
  return null;
}
