import 'server-only';
import { createHash, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { claimTotpStep, enableTotp, getMfaState, replaceRecoveryCodes, setPendingSecret, spendRecoveryCode } from '@/db/queries/mfa';
import { db } from '@/db';
import { decryptPii, encryptPii } from '@/lib/crypto/pii';
import type { Role } from './roles';

/** Supervisors and admins must use an authenticator (ASVS 6.3); everyone else may. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['supervisor', 'admin'];
export function mfaRequired(role: Role): boolean {
  return MFA_REQUIRED_ROLES.includes(role);
}

/** How long a sign-in or step-up counts as fresh for an approval or a reveal (ASVS 7.5.3). */
export const STEP_UP_MS = 5 * 60 * 1000;
export function freshlyAuthenticated(authenticatedAt: Date, now = Date.now()): boolean {
  return now - authenticatedAt.getTime() <= STEP_UP_MS;
}

// One step either side of now: a phone's clock a little off still works; nothing older than 60 s does.
const TOLERANCE_S = 30;
const ISSUER = 'Air Counter';
export const RECOVERY_CODES = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export const TOTP_CODE = /^\d{6}$/;
export const RECOVERY_CODE = /^[a-z2-9]{5}-[a-z2-9]{5}$/;

function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.trim().toLowerCase()).digest('hex');
}

export function newRecoveryCodes(): string[] {
  const part = () => Array.from({ length: 5 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return Array.from({ length: RECOVERY_CODES }, () => `${part()}-${part()}`);
}

/** Checks a code against a secret, returning its time step if it is valid now. */
async function validStep(secret: string, code: string): Promise<number | null> {
  if (!TOTP_CODE.test(code)) return null;
  const result = await verify({ secret, token: code, epochTolerance: TOLERANCE_S });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/**
 * Proves the second factor: a current authenticator code, used once (an accepted code, and any code of the same or
 * an earlier step, is refused afterwards, whoever races), or an unused recovery code, which is then spent.
 */
export async function verifySecondFactor(staffId: string, code: string): Promise<'totp' | 'recovery' | null> {
  const state = await getMfaState(staffId);
  if (!state?.enabled || !state.secret) return null;
  const given = code.replace(/\s+/g, '').toLowerCase();
  if (RECOVERY_CODE.test(given)) return (await spendRecoveryCode(staffId, hashRecoveryCode(given))) ? 'recovery' : null;
  const step = await validStep(decryptPii(state.secret), given);
  if (step === null) return null;
  return (await claimTotpStep(db, staffId, step)) ? 'totp' : null;
}

export type Enrolment = { secret: string; uri: string; qr: string };

/** Starts an enrolment: a new secret (sealed at rest), its otpauth URI and the QR code as a data URL (no third party). */
export async function beginEnrolment(staffId: string, username: string): Promise<Enrolment | null> {
  const state = await getMfaState(staffId);
  if (state?.enabled) return null;
  const secret = generateSecret();
  await setPendingSecret(staffId, encryptPii(secret));
  const uri = generateURI({ issuer: ISSUER, label: username, secret });
  return { secret, uri, qr: await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 200 }) };
}

/** Confirms an enrolment with the first code; returns the recovery codes to show once, or null if the code is wrong. */
export async function confirmEnrolment(staffId: string, code: string): Promise<string[] | null> {
  const state = await getMfaState(staffId);
  if (!state || state.enabled || !state.secret) return null;
  const step = await validStep(decryptPii(state.secret), code.trim());
  if (step === null) return null;
  const codes = newRecoveryCodes();
  return (await enableTotp(staffId, step, codes.map(hashRecoveryCode))) ? codes : null;
}

/** A new set of recovery codes (the old ones stop working), for someone whose authenticator is on; null otherwise. */
export async function regenerateRecoveryCodes(staffId: string): Promise<string[] | null> {
  const state = await getMfaState(staffId);
  if (!state?.enabled) return null;
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(db, staffId, codes.map(hashRecoveryCode));
  return codes;
}
