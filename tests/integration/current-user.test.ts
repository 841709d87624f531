import { describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { changeStaffRole, setStaffActive } from '@/db/queries/staff';
import { getCurrentUser } from '@/lib/auth/current-user';
import { action } from './actions';
import { makeUser } from './factories';
import { actAs, auditSince, maxAuditSeq } from './helpers';

async function sessionEnd(sid: string) {
  const [row] = await sql`SELECT ended_at IS NOT NULL AS ended, end_reason FROM staff_sessions WHERE id = ${sid}`;
  return row;
}

describe('getCurrentUser re-checks the database on every call', () => {
  it('follows the session named by auth() from one call to the next (no memoising outside a render)', async () => {
    const [a, b] = await Promise.all([makeUser('teller'), makeUser('qc')]);
    actAs(a.sid);
    expect(await getCurrentUser()).toEqual({ id: a.id, username: a.username, displayName: a.displayName, role: 'teller', sessionId: a.sid, authenticatedAt: expect.any(Date), mfaEnabled: false, mustEnrol: false });
    actAs(b.sid);
    expect(await getCurrentUser()).toMatchObject({ id: b.id, role: 'qc' });
    actAs(null);
    expect(await getCurrentUser()).toBeNull();
    actAs('00000000-0000-4000-8000-000000000000');
    expect(await getCurrentUser()).toBeNull();
  });

  it('a disabled account is signed out at once, and its actions refused', async () => {
    const user = await makeUser('teller');
    actAs(user.sid);
    expect(await getCurrentUser()).not.toBeNull();
    await setStaffActive(user.id, false);
    expect(await getCurrentUser()).toBeNull();
    expect(await sessionEnd(user.sid)).toEqual({ ended: true, end_reason: 'disabled' });
    expect(await action('session.start')(null, { channel: 'phone' })).toMatchObject({ ok: false, message: 'errors.signedOut' });
  });

  it('a disabled account stays out even if its session row were still open', async () => {
    const user = await makeUser('teller');
    await sql`UPDATE staff SET active = false WHERE id = ${user.id}`;
    actAs(user.sid);
    expect(await getCurrentUser()).toBeNull();
  });

  it('a role change ends the session', async () => {
    const user = await makeUser('teller');
    actAs(user.sid);
    expect(await getCurrentUser()).toMatchObject({ role: 'teller' });
    await changeStaffRole(user.id, 'qc');
    expect(await getCurrentUser()).toBeNull();
    expect(await sessionEnd(user.sid)).toEqual({ ended: true, end_reason: 'role_changed' });
  });

  it('an idle session (16 minutes) is ended as idle_timeout and audited', async () => {
    const user = await makeUser('supervisor');
    await sql`UPDATE staff_sessions SET last_seen_at = now() - interval '16 minutes' WHERE id = ${user.sid}`;
    actAs(user.sid);
    const seq = await maxAuditSeq();
    expect(await getCurrentUser()).toBeNull();
    expect(await sessionEnd(user.sid)).toEqual({ ended: true, end_reason: 'idle_timeout' });
    expect(await auditSince(seq)).toMatchObject([{ action: 'auth.idle_timeout', outcome: 'ok', actor_id: user.id, entity_id: user.id }]);
    // Once ended it stays ended, even if activity were recorded later.
    await sql`UPDATE staff_sessions SET last_seen_at = now() WHERE id = ${user.sid}`;
    expect(await getCurrentUser()).toBeNull();
  });

  it('a session active 14 minutes ago is still live and is touched', async () => {
    const user = await makeUser('supervisor');
    await sql`UPDATE staff_sessions SET last_seen_at = now() - interval '14 minutes' WHERE id = ${user.sid}`;
    actAs(user.sid);
    expect(await getCurrentUser()).toMatchObject({ id: user.id });
    const [row] = await sql`SELECT last_seen_at > now() - interval '1 minute' AS touched FROM staff_sessions WHERE id = ${user.sid}`;
    expect(row!.touched).toBe(true);
  });

  it('a session older than 12 hours expires even when active', async () => {
    const user = await makeUser('qc');
    await sql`UPDATE staff_sessions SET created_at = now() - interval '13 hours', last_seen_at = now() WHERE id = ${user.sid}`;
    actAs(user.sid);
    expect(await getCurrentUser()).toBeNull();
    expect(await sessionEnd(user.sid)).toEqual({ ended: true, end_reason: 'expired' });
  });
});
