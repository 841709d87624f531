import { describe, expect, it } from 'vitest';
import { listLiveSessions } from '@/db/queries/service-sessions';
import { onLiveSessionChange } from '@/lib/live/sessions-channel';
import { makeUser, sessionWithCustomer, startSession } from './factories';

describe('live session updates through LISTEN/NOTIFY', () => {
  it('announces a new session and a verification to listeners, and lists open sessions with masked customers', async () => {
    const teller = await makeUser('teller');
    const seen: string[] = [];
    const stop = await onLiveSessionChange((id) => seen.push(id));
    try {
      const started = await startSession(teller.id);
      const withCustomer = await sessionWithCustomer(teller.id);
      await expect.poll(() => seen.includes(started) && seen.includes(withCustomer.sessionId), { timeout: 5000 }).toBe(true);
    } finally {
      stop();
    }
    const live = await listLiveSessions();
    const mine = live.filter((s) => s.tellerName === teller.displayName);
    expect(mine).toHaveLength(2);
    const identified = mine.find((s) => s.customerName);
    expect(identified!.customerIdMasked).toMatch(/^\*{14}[\dX]{4}$/);
  });
});
