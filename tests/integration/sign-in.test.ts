import { describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { setStaffActive } from '@/db/queries/staff';
import { signInStaff, type SignedIn } from '@/lib/auth/sign-in';
import { MAX_FAILED_SIGN_INS } from '@/lib/config';
import { makeStaff, uniqueName } from './factories';
import { auditSince, maxAuditSeq } from './helpers';

const ctx = { requestId: 'req-sign-in-test', ip: '198.51.100.4' };

async function liveSessions(staffId: string): Promise<number> {
  const [row] = await sql`SELECT count(*)::int AS n FROM staff_sessions WHERE staff_id = ${staffId} AND ended_at IS NULL`;
  return row!.n;
}

describe('signInStaff', () => {
  it('signs in with the right password: a server-side session and an audit row', async () => {
    const member = await makeStaff('teller');
    const seq = await maxAuditSeq();
    const signedIn = (await signInStaff(member.username, member.password, ctx)) as SignedIn;
    expect(signedIn).toEqual({ id: member.id, displayName: member.displayName, role: 'teller', sessionId: expect.any(String) });
    const [session] = await sql`SELECT staff_id, ended_at FROM staff_sessions WHERE id = ${signedIn!.sessionId}`;
    expect(session).toEqual({ staff_id: member.id, ended_at: null });
    expect(await auditSince(seq)).toMatchObject([
      { action: 'auth.sign_in', outcome: 'ok', actor_id: member.id, ip: ctx.ip, details: { session: signedIn!.sessionId } },
    ]);
  });

  it('gives the same null for an unknown user and a wrong password, and audits both', async () => {
    const member = await makeStaff('qc');
    const seq = await maxAuditSeq();
    expect(await signInStaff(uniqueName('ghost'), member.password, ctx)).toBeNull();
    expect(await signInStaff(member.username, 'wrong-password-1', ctx)).toBeNull();
    expect(await auditSince(seq)).toMatchObject([
      { action: 'auth.sign_in', outcome: 'denied', actor_id: null, details: { reason: 'unknown_user' } },
      { action: 'auth.sign_in', outcome: 'denied', actor_id: member.id, details: { reason: 'bad_password', locked: false } },
    ]);
    expect(await liveSessions(member.id)).toBe(0);
  });

  it(`locks the account after ${MAX_FAILED_SIGN_INS} wrong passwords; then even the right one is refused`, async () => {
    const member = await makeStaff('supervisor');
    const seq = await maxAuditSeq();
    for (let i = 1; i <= MAX_FAILED_SIGN_INS; i++) expect(await signInStaff(member.username, `wrong-${i}`, ctx)).toBeNull();
    const [row] = await sql`SELECT locked_until > now() + interval '14 minutes' AS locked FROM staff WHERE id = ${member.id}`;
    expect(row!.locked).toBe(true);

    expect(await signInStaff(member.username, member.password, ctx)).toBeNull();
    expect(await liveSessions(member.id)).toBe(0);
    const reasons = (await auditSince(seq)).map((r) => [r.details.reason, r.details.locked]);
    expect(reasons).toEqual([
      ...Array.from({ length: MAX_FAILED_SIGN_INS - 1 }, () => ['bad_password', false]),
      ['bad_password', true],
      ['locked', undefined],
    ]);
  });

  it('lets the account in again once the lock has expired, and resets the count', async () => {
    const member = await makeStaff('teller');
    for (let i = 1; i <= MAX_FAILED_SIGN_INS; i++) await signInStaff(member.username, `wrong-${i}`, ctx);
    await sql`UPDATE staff SET locked_until = now() - interval '1 second' WHERE id = ${member.id}`;
    expect(await signInStaff(member.username, member.password, ctx)).not.toBeNull();
    const [row] = await sql`SELECT failed_sign_ins, locked_until FROM staff WHERE id = ${member.id}`;
    expect(row).toEqual({ failed_sign_ins: 0, locked_until: null });
  });

  it('counts failures below the limit without locking, and a success clears them', async () => {
    const member = await makeStaff('teller');
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) await signInStaff(member.username, `wrong-${i}`, ctx);
    const [before] = await sql`SELECT failed_sign_ins, locked_until FROM staff WHERE id = ${member.id}`;
    expect(before).toEqual({ failed_sign_ins: MAX_FAILED_SIGN_INS - 1, locked_until: null });
    expect(await signInStaff(member.username, member.password, ctx)).not.toBeNull();
    const [after] = await sql`SELECT failed_sign_ins FROM staff WHERE id = ${member.id}`;
    expect(after!.failed_sign_ins).toBe(0);
  });

  it('refuses a disabled account with the right password', async () => {
    const member = await makeStaff('teller');
    await setStaffActive(member.id, false);
    const seq = await maxAuditSeq();
    expect(await signInStaff(member.username, member.password, ctx)).toBeNull();
    expect(await liveSessions(member.id)).toBe(0);
    expect(await auditSince(seq)).toMatchObject([{ action: 'auth.sign_in', outcome: 'denied', details: { reason: 'disabled' } }]);
  });
});
