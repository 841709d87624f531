import { randomInt, randomUUID } from 'node:crypto';
import { creditCodeCheckCharacter } from '@/lib/customers/documents/credit-code';
import { createCustomer, customerIdNumberExists, type CustomerDto } from '@/db/queries/customers';
import { db } from '@/db';
import { eq } from 'drizzle-orm';
import { generateSync } from 'otplib';
import { staff } from '@/db/schema';
import { mfaRequired } from '@/lib/auth/mfa';
import { encryptPii } from '@/lib/crypto/pii';
import { insertVerification, startServiceSession } from '@/db/queries/service-sessions';
import { createStaff } from '@/db/queries/staff';
import { createStaffSession } from '@/db/queries/staff-sessions';
import { hashPassword } from '@/lib/auth/password';
import { setCustomerPasswordHash } from '@/db/queries/credentials';
import { freezeFromLock } from '@/db/queries/customer-freezes';
import { raiseLock } from '@/db/queries/verification-locks';
import type { Role } from '@/lib/auth/roles';
import { idCheckCharacter } from '@/lib/customers/id-number';
import { createCustomerInSession, endSession, verifyBasicInformation } from '@/lib/sessions/service';
import { requestMobileChange } from '@/lib/customers/info-change';

export const TEST_PASSWORD = 'Test-pass-1357';
let passwordHash: Promise<string> | undefined;
let counter = 0;

/** A name no other test (or earlier run of this one) uses: lowercase, fits the username rule. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}${randomInt(1000, 9999)}`.toLowerCase().slice(0, 32);
}

export type TestStaff = { id: string; username: string; displayName: string; role: Role; password: string };
export type TestUser = TestStaff & { sid: string };

/** The authenticator key of every test supervisor and admin (their role requires one); see totpCode. */
export const TEST_TOTP_SECRET = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';

/** The authenticator code for `secret` at `at` (a Date), as the person's phone would show it. */
export function totpCode(secret = TEST_TOTP_SECRET, at = new Date()): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

export async function makeStaff(role: Role, opts: { password?: string; mfa?: boolean } = {}): Promise<TestStaff> {
  const password = opts.password ?? TEST_PASSWORD;
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = password === TEST_PASSWORD ? await passwordHash : await hashPassword(password);
  const username = uniqueName(role.slice(0, 3));
  const row = await createStaff({ username, displayName: `Test ${username}`, role, passwordHash: hash });
  if (opts.mfa ?? mfaRequired(role)) await db.update(staff).set({ totpSecret: encryptPii(TEST_TOTP_SECRET), totpEnabledAt: new Date() }).where(eq(staff.id, row.id));
  return { id: row.id, username, displayName: row.displayName, role, password };
}

/** A staff member with a live server-side session, as if signed in. */
export async function makeUser(role: Role): Promise<TestUser> {
  const member = await makeStaff(role);
  return { ...member, sid: await createStaffSession(member.id) };
}

/** A valid PRC identity number not yet held by any customer in the database. */
export async function freshIdNumber(): Promise<string> {
  const regions = ['110105', '310104', '440308', '510107', '330106', '420102'];
  for (;;) {
    const birth = new Date(Date.UTC(1950, 0, 1) + randomInt(0, 20_000) * 86_400_000);
    const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `${regions[randomInt(regions.length)]}${ymd}${String(randomInt(0, 1000)).padStart(3, '0')}`;
    const id = first17 + idCheckCharacter(first17);
    if (!(await customerIdNumberExists(id))) return id;
  }
}

/** A valid unified social credit code (GB 32100 check character), different each call. */
export function freshCreditCode(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const body = `91310000${Array.from({ length: 9 }, () => alphabet[randomInt(0, 10)]).join('')}`;
  return body + creditCodeCheckCharacter(body);
}

export function freshMobile(): string {
  return `1${randomInt(3, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
}

export type TestCustomer = CustomerDto & { idNumber: string; mobile: string; fullName: string };

export async function makeCustomer(createdBy: string | null = null): Promise<TestCustomer> {
  const values = { name: uniqueName('客户'), idNumber: await freshIdNumber(), mobile: freshMobile() };
  const dto = await createCustomer({ ...values, createdBy });
  return { ...dto, idNumber: values.idNumber, mobile: values.mobile, fullName: values.name };
}

export function startSession(tellerId: string): Promise<string> {
  return startServiceSession(tellerId, 'phone');
}

/** An open service session of `tellerId` with a new customer created in it. */
export async function sessionWithCustomer(tellerId: string, kind: 'resident' | 'passport' = 'resident'): Promise<{ sessionId: string; customer: TestCustomer }> {
  const sessionId = await startServiceSession(tellerId, 'phone');
  const base = { name: uniqueName('客户'), mobile: freshMobile(), occupation: 'office_clerk', address: '上海市黄浦区中山东一路 1 号' };
  // A foreign passport holder: the number carries no date of birth, so it is recorded as entered.
  const values =
    kind === 'resident'
      ? { ...base, idNumber: await freshIdNumber() }
      : { ...base, documentType: 'passport' as const, idNumber: `G${randomInt(10_000_000, 100_000_000)}`, documentExpiry: '2034-06-30', nationality: 'GBR', birthDate: '1979-03-15', gender: 'female' as const };
  const dto = await createCustomerInSession(sessionId, tellerId, values);
  return { sessionId, customer: { ...dto, idNumber: values.idNumber, mobile: values.mobile, fullName: values.name } };
}

/** As above, with the customer's basic information verified (pass) through the real check. */
export async function basicVerifiedSession(tellerId: string) {
  const s = await sessionWithCustomer(tellerId);
  const v = await verifyBasicInformation(s.sessionId, tellerId, { name: s.customer.fullName, idNumber: s.customer.idNumber, mobile: s.customer.mobile });
  if (v.result !== 'pass') throw new Error('factory: verification did not pass');
  return s;
}

/** Records the whole ladder as passed again in the session (basic through the real check). */
export async function passLadder(s: { sessionId: string; customer: TestCustomer }, tellerId: string): Promise<void> {
  const v = await verifyBasicInformation(s.sessionId, tellerId, { name: s.customer.fullName, idNumber: s.customer.idNumber, mobile: s.customer.mobile });
  if (v.result !== 'pass') throw new Error('factory: verification did not pass');
  for (const kind of ['password', 'otp', 'confirmation'] as const) {
    await insertVerification(db, { sessionId: s.sessionId, customerId: s.customer.id, kind, result: 'pass', performedBy: tellerId });
  }
}

/**
 * As above, with the whole ladder for a mobile change passed. The password, one-time code and confirmation results
 * are recorded directly (the steps themselves are exercised in otp-ladder.test.ts and password-step.test.ts).
 */
export async function verifiedSession(tellerId: string, kind: 'resident' | 'passport' = 'resident') {
  const s = await sessionWithCustomer(tellerId, kind);
  await passLadder(s, tellerId);
  return s;
}

/** A mobile-change case made by `tellerId`, awaiting a supervisor (the default policy asks for one). */
export async function pendingMobileChange(tellerId: string) {
  const s = await verifiedSession(tellerId);
  const newMobile = freshMobile();
  const { id: caseId, state } = await requestMobileChange(s.sessionId, tellerId, { newMobile, idempotencyKey: randomUUID() });
  if (state !== 'pending_approval') throw new Error(`factory: the mobile change is ${state}, not awaiting approval`);
  return { ...s, caseId, newMobile };
}

/** An ended session of `tellerId`, ready for inspection. */
export async function endedSession(tellerId: string): Promise<string> {
  const s = await sessionWithCustomer(tellerId);
  await endSession(s.sessionId, tellerId, 'resolved', 5);
  return s.sessionId;
}

export const CUSTOMER_PASSWORD = '246810';
let customerPasswordHash: Promise<string> | undefined;

/** Gives the customer a query password, as card activation would. */
export async function giveCustomerPassword(customerId: string, digits = CUSTOMER_PASSWORD): Promise<void> {
  customerPasswordHash ??= hashPassword(CUSTOMER_PASSWORD);
  const hash = digits === CUSTOMER_PASSWORD ? await customerPasswordHash : await hashPassword(digits);
  await setCustomerPasswordHash(db, { customerId, passwordHash: hash, setVia: 'test' });
}

/** A customer frozen for suspected fraud by `supervisorId`, through an exception raised in a session of `tellerId`. */
export async function frozenCustomer(tellerId: string, supervisorId: string) {
  const s = await sessionWithCustomer(tellerId);
  const lockId = await raiseLock(db, { customerId: s.customer.id, step: 'otp', sessionId: s.sessionId, minutes: 30 });
  if (!lockId) throw new Error('factory: lock not raised');
  const frozen = await freezeFromLock(db, lockId, supervisorId, '客户称未申请变更，疑似冒用');
  if (!frozen) throw new Error('factory: not frozen');
  return { ...s, lockId, freezeId: frozen.freezeId };
}
