import { describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_STAFF, DEMO_TOTP_SECRET, seedDemoData } from '@/db/seed';
import { mfaRequired } from '@/lib/auth/mfa';
import { totpCode } from './factories';
import { signInStaff } from '@/lib/auth/sign-in';
import { idNumberProblem } from '@/lib/customers/id-number';
import { isMobileNumber } from '@/lib/customers/mobile';
import { DEMO_LOGINS } from '../../scripts/lib/demo-logins.mjs';

// Here rather than in the unit suite: db/seed.ts opens the database client when imported.
describe('the demo logins the launcher prints', () => {
  it('match the staff and password the seed creates', () => {
    expect(DEMO_LOGINS.password).toBe(DEMO_PASSWORD);
    expect(DEMO_LOGINS.usernames).toEqual(DEMO_STAFF.map((s) => s.username));
    expect(DEMO_LOGINS.totpSecret).toBe(DEMO_TOTP_SECRET);
    expect(DEMO_LOGINS.totpUsers).toEqual(DEMO_STAFF.filter((s) => mfaRequired(s.role)).map((s) => s.username));
  });

  it('cover every role', () => {
    expect(new Set(DEMO_STAFF.map((s) => s.role))).toEqual(new Set(['teller', 'supervisor', 'qc', 'admin']));
  });

  it('demo customers have valid identity numbers and mobiles', () => {
    for (const c of DEMO_CUSTOMERS) {
      expect(idNumberProblem(c.idNumber), c.idNumber).toBeNull();
      expect(isMobileNumber(c.mobile), c.mobile).toBe(true);
    }
  });

  it('the seed is idempotent and every printed login signs in with its role', async () => {
    const first = await seedDemoData();
    const second = await seedDemoData();
    expect(first.staffAdded + first.customersAdded).toBeGreaterThan(0);
    expect(second).toEqual({ staffAdded: 0, customersAdded: 0 });
    for (const member of DEMO_STAFF) {
      // Supervisors and admins must use an authenticator: the demo's is set up with the published demo key.
      const code = mfaRequired(member.role) ? totpCode(DEMO_TOTP_SECRET) : undefined;
      const first = await signInStaff(member.username, DEMO_LOGINS.password, { requestId: 'demo-login-test', ip: null });
      if (code) expect(first, member.username).toEqual({ needsCode: true });
      const signedIn = code ? await signInStaff(member.username, DEMO_LOGINS.password, { requestId: 'demo-login-test', ip: null }, code) : first;
      expect(signedIn, member.username).toMatchObject({ role: member.role, displayName: member.displayName });
    }
  });
});
