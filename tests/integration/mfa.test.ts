import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { beginEnrolment, confirmEnrolment, verifySecondFactor } from '@/lib/auth/mfa';
import { signInStaff, type SignedIn } from '@/lib/auth/sign-in';
import { decryptPii } from '@/lib/crypto/pii';
import { MAX_REFUSALS_PER_IP } from '@/lib/config';
import { action } from './actions';
import { makeStaff, makeUser, pendingMobileChange, TEST_PASSWORD, totpCode, type TestCustomer, type TestUser } from './factories';
import { actAs, auditSince, businessChecksums, maxAuditSeq } from './helpers';

const ctx = { requestId: 'req-mfa-test', ip: null };
const STEP = 30_000;

async function secretOf(staffId: string): Promise<string> {
  const [row] = await sql`SELECT totp_secret_enc FROM staff WHERE id = ${staffId}`;
  return decryptPii(row!.totp_secret_enc);
}

describe('setting up an authenticator', () => {
  it('a pending secret (sealed at rest) is confirmed by its first code; ten recovery codes are shown once and kept only as hashes', async () => {
    const member = await makeStaff('teller');
    const enrolment = (await beginEnrolment(member.id, member.username))!;
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(enrolment.qr).toMatch(/^data:image\/png;base64,/);
    const [row] = await sql`SELECT totp_secret_enc, totp_enabled_at FROM staff WHERE id = ${member.id}`;
    expect(row!.totp_secret_enc).not.toContain(enrolment.secret);
    expect(row!.totp_enabled_at).toBeNull();
    // Not a sign-in factor until confirmed.
    expect(await signInStaff(member.username, member.password, ctx)).toMatchObject({ role: 'teller' });

    expect(await confirmEnrolment(member.id, '000000')).toBeNull();
    const codes = (await confirmEnrolment(member.id, totpCode(enrolment.secret)))!;
    expect(codes).toHaveLength(10);
    const stored = await sql`SELECT code_hash FROM staff_recovery_codes WHERE staff_id = ${member.id} AND used_at IS NULL`;
    expect(stored).toHaveLength(10);
    for (const c of codes) expect(JSON.stringify(stored)).not.toContain(c);
    expect(await signInStaff(member.username, member.password, ctx)).toEqual({ needsCode: true });
  });
});

describe('a one-time code works once', () => {
  it('at sign-in: the same code (and any earlier one) is refused the second time, within its window too', async () => {
    const member = await makeStaff('supervisor');
    const now = Date.now();
    const code = totpCode(undefined, new Date(now));
    expect(await signInStaff(member.username, member.password, ctx, code)).toMatchObject({ role: 'supervisor' });
    const seq = await maxAuditSeq();
    expect(await signInStaff(member.username, member.password, ctx, code)).toBeNull();
    expect(await signInStaff(member.username, member.password, ctx, totpCode(undefined, new Date(now - STEP)))).toBeNull();
    expect(await auditSince(seq)).toMatchObject([
      { action: 'auth.sign_in', outcome: 'denied', actor_id: member.id, details: { reason: 'bad_code' } },
      { action: 'auth.sign_in', outcome: 'denied', actor_id: member.id, details: { reason: 'bad_code' } },
    ]);
    // The next step's code still works (a phone a little ahead).
    expect(await signInStaff(member.username, member.password, ctx, totpCode(undefined, new Date(now + STEP)))).toMatchObject({ role: 'supervisor' });
  });

  it('when two requests carry the same code at the same moment, one signs in', async () => {
    const member = await makeStaff('admin');
    const code = totpCode();
    const results = await Promise.all(Array.from({ length: 6 }, () => signInStaff(member.username, member.password, ctx, code)));
    expect(results.filter((r) => r && 'sessionId' in r)).toHaveLength(1);
    const [row] = await sql`SELECT count(*)::int AS n FROM staff_sessions WHERE staff_id = ${member.id}`;
    expect(row!.n).toBe(1);
  });

  it('PostgreSQL refuses moving the accepted step back, whatever the code path', async () => {
    const member = await makeStaff('supervisor');
    expect(await verifySecondFactor(member.id, totpCode())).toBe('totp');
    const [row] = await sql`SELECT totp_last_step FROM staff WHERE id = ${member.id}`;
    await expect(sql`UPDATE staff SET totp_last_step = ${Number(row!.totp_last_step) - 1} WHERE id = ${member.id}`).rejects.toMatchObject({ constraint_name: 'staff_totp_step_forward' });
    await expect(sql`UPDATE staff SET totp_last_step = NULL WHERE id = ${member.id}`).rejects.toMatchObject({ constraint_name: 'staff_totp_step_forward' });
  });

  it('a recovery code signs in once', async () => {
    const member = await makeStaff('teller');
    const enrolment = (await beginEnrolment(member.id, member.username))!;
    const codes = (await confirmEnrolment(member.id, totpCode(enrolment.secret)))!;
    expect(await signInStaff(member.username, member.password, ctx, codes[3]!.toUpperCase())).toMatchObject({ role: 'teller' });
    expect(await signInStaff(member.username, member.password, ctx, codes[3])).toBeNull();
    const [row] = await sql`SELECT count(*)::int AS n FROM staff_recovery_codes WHERE staff_id = ${member.id} AND used_at IS NULL`;
    expect(row!.n).toBe(9);
  });
});

describe('supervisors and admins must set one up', () => {
  it('without it, every action but setting it up is refused (audited), and nothing changes', async () => {
    const member = await makeStaff('supervisor', { mfa: false });
    const signedIn = (await signInStaff(member.username, member.password, ctx)) as SignedIn;
    actAs(signedIn.sessionId);
    const before = await businessChecksums();
    const seq = await maxAuditSeq();
    expect(await action('approvalPolicy.propose')(null, {})).toEqual({ ok: false, message: 'errors.mfaEnrolmentRequired', fieldErrors: {} });
    expect(await businessChecksums()).toEqual(before);
    expect(await auditSince(seq)).toMatchObject([{ action: 'approvalPolicy.propose', outcome: 'denied', actor_id: member.id, details: { reason: 'mfa_enrolment' } }]);
    const begun = await action('account.mfaBegin')(null, {});
    expect(begun).toMatchObject({ ok: true });
    const confirmed = await action('account.mfaConfirm')(null, { code: totpCode(await secretOf(member.id)) });
    expect(confirmed).toMatchObject({ ok: true, data: { recoveryCodes: expect.any(Array) } });
    // Now set up: the same request reaches its own checks.
    expect(await action('approvalPolicy.propose')(null, {})).toMatchObject({ ok: false, message: 'errors.checkFields' });
    // And may not be turned off for this role.
    expect(await action('account.mfaDisable')(null, {})).toMatchObject({ ok: false, message: 'account.mfa.requiredForRole' });
  });
});

describe('step-up before an approval or a reveal', () => {
  let supervisor: TestUser;
  let customer: TestCustomer;
  beforeAll(async () => {
    supervisor = await makeUser('supervisor');
    const teller = await makeUser('teller');
    customer = (await pendingMobileChange(teller.id)).customer;
  });
  const reveal = () => action('customer.reveal')(null, { customerId: customer.id, field: 'idNumber', reason: '核对客户投诉材料' });
  const ageSignIn = (sid: string) => sql`UPDATE staff_sessions SET authenticated_at = now() - interval '6 minutes' WHERE id = ${sid}`;

  it('older than 5 minutes: nothing is revealed, the form is told to ask for the code, the refusal is audited', async () => {
    actAs(supervisor.sid);
    expect(await reveal()).toMatchObject({ ok: true });
    await ageSignIn(supervisor.sid);
    const seq = await maxAuditSeq();
    expect(await reveal()).toEqual({ ok: false, message: 'errors.stepUpRequired', fieldErrors: {}, stepUp: 'totp' });
    expect(await auditSince(seq)).toMatchObject([{ action: 'customer.reveal', outcome: 'denied', actor_id: supervisor.id, details: { reason: 'step_up' } }]);
  });

  it('a wrong code is refused and counts towards the lockout (kept although refused); the right one gives a new session token', async () => {
    actAs(supervisor.sid);
    const seq = await maxAuditSeq();
    expect(await action('account.stepUp')(null, { secret: '123456' })).toMatchObject({ ok: false, message: 'account.stepUp.wrongCode', fieldErrors: { secret: ['account.stepUp.wrongCode'] } });
    const [counted] = await sql`SELECT failed_sign_ins FROM staff WHERE id = ${supervisor.id}`;
    expect(counted!.failed_sign_ins).toBe(1);
    expect(await reveal()).toMatchObject({ ok: false, stepUp: 'totp' });

    const oldSid = supervisor.sid;
    expect(await action('account.stepUp')(null, { secret: totpCode() })).toMatchObject({ ok: true, message: 'account.stepUp.done' });
    const [old] = await sql`SELECT ended_at IS NOT NULL AS ended, end_reason FROM staff_sessions WHERE id = ${oldSid}`;
    expect(old).toEqual({ ended: true, end_reason: 'rotated' });
    const live = await sql`SELECT id, created_at, authenticated_at > now() - interval '5 seconds' AS fresh FROM staff_sessions WHERE staff_id = ${supervisor.id} AND ended_at IS NULL`;
    expect(live).toHaveLength(1);
    expect(live[0]!.id).not.toBe(oldSid);
    expect(live[0]!.fresh).toBe(true);
    const [reset] = await sql`SELECT failed_sign_ins FROM staff WHERE id = ${supervisor.id}`;
    expect(reset!.failed_sign_ins).toBe(0);
    // The browser now holds the new token (the test double of Auth.js's update): the reveal goes through.
    expect(await reveal()).toMatchObject({ ok: true, data: { value: customer.idNumber } });
    expect((await auditSince(seq)).map((a) => [a.action, a.outcome])).toEqual([
      ['account.stepUp', 'denied'],
      ['customer.reveal', 'denied'],
      ['account.stepUp', 'ok'],
      ['customer.reveal', 'ok'],
    ]);
    // The same code cannot step up a second time.
    supervisor.sid = live[0]!.id;
    actAs(supervisor.sid);
    expect(await action('account.stepUp')(null, { secret: totpCode() })).toMatchObject({ ok: false, message: 'account.stepUp.wrongCode' });
  });

  it('someone without an authenticator confirms with their password', async () => {
    const teller = await makeUser('teller');
    actAs(teller.sid);
    expect(await action('account.stepUp')(null, { secret: 'not-my-password' })).toMatchObject({ ok: false, message: 'account.stepUp.wrongPassword' });
    expect(await action('account.stepUp')(null, { secret: TEST_PASSWORD })).toMatchObject({ ok: true });
  });
});

describe('new recovery codes', () => {
  it('replace the old ones (which stop working) and need a fresh confirmation', async () => {
    const member = await makeUser('admin');
    actAs(member.sid);
    const first = await action('account.recoveryCodes')(null, {});
    expect(first).toMatchObject({ ok: true, data: { recoveryCodes: expect.any(Array) } });
    const old = (first as { data: { recoveryCodes: string[] } }).data.recoveryCodes;
    const second = (await action('account.recoveryCodes')(null, {})) as { ok: true; data: { recoveryCodes: string[] } };
    expect(second.data.recoveryCodes).toHaveLength(10);
    expect(await signInStaff(member.username, member.password, ctx, old[0])).toBeNull();
    expect(await signInStaff(member.username, member.password, ctx, second.data.recoveryCodes[0])).toMatchObject({ role: 'admin' });
    await sql`UPDATE staff_sessions SET authenticated_at = now() - interval '6 minutes' WHERE id = ${member.sid}`;
    expect(await action('account.recoveryCodes')(null, {})).toMatchObject({ ok: false, stepUp: 'totp' });
  });
});

describe('sign-in throttling per address', () => {
  it(`after ${MAX_REFUSALS_PER_IP} refusals from one address in 15 minutes, even the right password is refused from there (not elsewhere)`, async () => {
    const member = await makeStaff('teller');
    const from = { requestId: 'req-throttle', ip: '192.0.2.77' };
    for (let i = 0; i < MAX_REFUSALS_PER_IP; i++) expect(await signInStaff(`ghost-${i}`, 'wrong-password-0', from)).toBeNull();
    const seq = await maxAuditSeq();
    expect(await signInStaff(member.username, member.password, from)).toBeNull();
    expect(await auditSince(seq)).toMatchObject([{ action: 'auth.sign_in', outcome: 'denied', actor_id: null, ip: '192.0.2.77', details: { reason: 'throttled_ip' } }]);
    expect(await signInStaff(member.username, member.password, { ...from, ip: '192.0.2.78' })).toMatchObject({ role: 'teller' });
  });
});

describe('an administrator clears a lost authenticator', () => {
  it('the secret and recovery codes are gone and the member is signed out; they set up a new one at their next sign-in', async () => {
    const admin = await makeUser('admin');
    const member = await makeUser('supervisor');
    actAs(admin.sid);
    expect(await action('staff.resetMfa')(null, { staffId: member.id })).toMatchObject({ ok: true });
    const [row] = await sql`SELECT totp_secret_enc, totp_enabled_at FROM staff WHERE id = ${member.id}`;
    expect(row).toEqual({ totp_secret_enc: null, totp_enabled_at: null });
    const [s] = await sql`SELECT end_reason FROM staff_sessions WHERE id = ${member.sid}`;
    expect(s!.end_reason).toBe('mfa_reset');
    expect(await action('staff.resetMfa')(null, { staffId: admin.id })).toMatchObject({ ok: false, message: 'errors.notOnSelf' });
  });
});
