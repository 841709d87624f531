import { describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { endIdleSession, getCurrentUser, getCurrentUserQuietly } from '@/lib/auth/current-user';
import { makeUser } from './factories';
import { actAs } from './helpers';

const lastSeen = async (sid: string) => (await sql`SELECT last_seen_at, ended_at, end_reason FROM staff_sessions WHERE id = ${sid}`)[0]!;

describe('background polling does not keep an idle sign-in alive', () => {
  it('a quiet check leaves last-seen alone; a real request moves it', async () => {
    const user = await makeUser('supervisor');
    await sql`UPDATE staff_sessions SET last_seen_at = now() - interval '10 minutes' WHERE id = ${user.sid}`;
    const before = new Date((await lastSeen(user.sid)).last_seen_at as string);
    actAs(user.sid);
    expect(await getCurrentUserQuietly()).toMatchObject({ id: user.id });
    expect(new Date((await lastSeen(user.sid)).last_seen_at as string).getTime()).toBe(before.getTime());
    expect(await getCurrentUser()).toMatchObject({ id: user.id });
    expect(new Date((await lastSeen(user.sid)).last_seen_at as string).getTime()).toBeGreaterThan(before.getTime());
  });

  it('the browser\'s idle report ends the sign-in at once, audited', async () => {
    const user = await makeUser('teller');
    actAs(user.sid);
    await endIdleSession();
    expect(await lastSeen(user.sid)).toMatchObject({ end_reason: 'idle_timeout' });
    expect(await getCurrentUser()).toBeNull();
    const [audit] = await sql`SELECT action FROM audit_events WHERE actor_id = ${user.id} ORDER BY seq DESC LIMIT 1`;
    expect(audit!.action).toBe('auth.idle_timeout');
  });
});
