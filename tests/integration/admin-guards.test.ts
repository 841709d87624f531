import { afterAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { changeStaffRole, LastAdminError, setStaffActive } from '@/db/queries/staff';
import { signInStaff } from '@/lib/auth/sign-in';
import { action } from './actions';
import { makeUser, type TestUser } from './factories';
import { actAs, asSession, auditSince, businessChecksums, maxAuditSeq, untilLockWaiters } from './helpers';

const ctx = { requestId: 'req-admin-test', ip: null };

async function activeAdmins(): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`SELECT id FROM staff WHERE role = 'admin' AND active ORDER BY id`;
  return rows.map((r) => r.id);
}

describe('an admin cannot act on their own account', () => {
  it.each([
    ['staff.setActive', (self: TestUser) => ({ staffId: self.id, active: 'false' })],
    ['staff.changeRole', (self: TestUser) => ({ staffId: self.id, role: 'teller' })],
  ] as const)('%s on self is refused, audited and changes nothing', async (name, payload) => {
    const admin = await makeUser('admin');
    actAs(admin.sid);
    const before = await businessChecksums();
    const seq = await maxAuditSeq();
    expect(await action(name)(null, payload(admin))).toEqual({ ok: false, message: 'errors.notOnSelf', fieldErrors: {} });
    expect(await businessChecksums()).toEqual(before);
    expect(await auditSince(seq)).toMatchObject([{ action: name, outcome: 'denied', actor_id: admin.id, details: { reason: 'errors.notOnSelf' } }]);
  });
});

describe('the last active admin stays', () => {
  let setAside: string[] = [];
  // Give back the admins this scenario set aside, so other files (the demo logins) find them as they were.
  afterAll(async () => {
    if (setAside.length) await sql`UPDATE staff SET active = true WHERE id IN ${sql(setAside)}`;
  });

  it('two admins demoting each other at once: one succeeds, the other hits the last-admin guard', async () => {
    const [a, b] = await Promise.all([makeUser('admin'), makeUser('admin')]);
    // Only these two count: every other admin left by earlier tests is disabled for this scenario.
    const others = await sql<{ id: string }[]>`
      UPDATE staff SET active = false WHERE role = 'admin' AND active AND id NOT IN (${a.id}, ${b.id}) RETURNING id`;
    setAside = others.map((r) => r.id);
    expect(await activeAdmins()).toEqual([a.id, b.id].sort());

    // Hold the admin rows so both actions get past the role check and queue on the same lock.
    let race!: Promise<unknown[]>;
    await sql.begin(async (tx) => {
      await tx`SELECT id FROM staff WHERE role = 'admin' FOR UPDATE`;
      race = Promise.all([
        asSession(a.sid, () => action('staff.changeRole')(null, { staffId: b.id, role: 'teller' })),
        asSession(b.sid, () => action('staff.changeRole')(null, { staffId: a.id, role: 'teller' })),
      ]);
      await untilLockWaiters(2);
    });
    const results = (await race) as { ok: boolean; message?: string }[];

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toMatchObject([{ ok: false, message: 'errors.lastAdmin' }]);
    const survivor = results[0]!.ok ? a : b;
    expect(await activeAdmins()).toEqual([survivor.id]);

    // The survivor is now the only one: neither a demotion nor a disabling may take them.
    await expect(changeStaffRole(survivor.id, 'teller')).rejects.toBeInstanceOf(LastAdminError);
    await expect(setStaffActive(survivor.id, false)).rejects.toBeInstanceOf(LastAdminError);
    expect(await activeAdmins()).toEqual([survivor.id]);

    // A second admin lifts the guard: demoting is allowed again while another active admin remains.
    const c = await makeUser('admin');
    expect(await changeStaffRole(survivor.id, 'qc')).toMatchObject({ id: survivor.id, role: 'qc' });
    expect(await activeAdmins()).toEqual([c.id]);
  });
});

describe('staff administration through the actions', () => {
  it('refuses a taken username field by field', async () => {
    const [admin, existing] = await Promise.all([makeUser('admin'), makeUser('teller')]);
    actAs(admin.sid);
    const before = await businessChecksums();
    const r = await action('staff.create')(null, { username: existing.username.toUpperCase(), displayName: 'Dup', role: 'qc', password: 'Welcome-to-Counter-9' });
    expect(r).toEqual({ ok: false, message: 'errors.usernameTaken', fieldErrors: { username: ['errors.usernameTaken'] } });
    expect(await businessChecksums()).toEqual(before);
  });

  it('creates a member who can then sign in with the role given', async () => {
    const admin = await makeUser('admin');
    actAs(admin.sid);
    const username = `new${Date.now().toString(36)}`;
    const r = await action('staff.create')(null, { username: ` ${username.toUpperCase()} `, displayName: 'New QC', role: 'qc', password: 'Welcome-to-Counter-9' });
    expect(r).toMatchObject({ ok: true });
    expect(await signInStaff(username, 'Welcome-to-Counter-9', ctx)).toMatchObject({ role: 'qc', displayName: 'New QC' });
  });

  it('a password reset ends the member sessions and only the new password works', async () => {
    const [admin, member] = await Promise.all([makeUser('admin'), makeUser('teller')]);
    actAs(admin.sid);
    expect(await action('staff.resetPassword')(null, { staffId: member.id, password: 'Fresh-pass-99' })).toMatchObject({ ok: true });
    const [row] = await sql`SELECT end_reason FROM staff_sessions WHERE id = ${member.sid}`;
    expect(row!.end_reason).toBe('password_reset');
    expect(await signInStaff(member.username, member.password, ctx)).toBeNull();
    expect(await signInStaff(member.username, 'Fresh-pass-99', ctx)).not.toBeNull();
  });

  it('re-enabling a member clears a lockout', async () => {
    const [admin, member] = await Promise.all([makeUser('admin'), makeUser('teller')]);
    await sql`UPDATE staff SET active = false, failed_sign_ins = 3, locked_until = now() + interval '10 minutes' WHERE id = ${member.id}`;
    actAs(admin.sid);
    expect(await action('staff.setActive')(null, { staffId: member.id, active: 'true' })).toMatchObject({ ok: true });
    const [row] = await sql`SELECT active, failed_sign_ins, locked_until FROM staff WHERE id = ${member.id}`;
    expect(row).toEqual({ active: true, failed_sign_ins: 0, locked_until: null });
  });
});
