import 'server-only';

const WEAK = new Set(['', 'secret', 'changeme', 'change-me', 'development']);

function required(name: string, minLength: number): string {
  const value = process.env[name] ?? '';
  if (value.length < minLength || WEAK.has(value)) {
    throw new Error(
      `${name} must be set to a random value of at least ${minLength} characters. ` +
        '`npm start` generates one for the demo; in production provide your own (e.g. `openssl rand -base64 32`).',
    );
  }
  return value;
}

/** Secrets are read lazily so a build can run without them; the app refuses to serve without real ones. */
export function authSecret(): string {
  return required('AUTH_SECRET', 32);
}

export function dataEncryptionKey(): string {
  return required('DATA_ENCRYPTION_KEY', 32);
}

export const IDLE_TIMEOUT_MS = 15 * 60 * 1000;
export const ABSOLUTE_SESSION_MS = 12 * 60 * 60 * 1000;
export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

/** Demo conveniences (the SMS inbox screen, the log SMS driver) exist only outside production. */
export function demoMode(): boolean {
  return process.env.AIR_COUNTER_ENV !== 'production';
}
