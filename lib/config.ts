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
/** Refused sign-ins from one address within the window before that address is throttled (ASVS 6.3.1). */
export const MAX_REFUSALS_PER_IP = 30;
export const IP_SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

/**
 * Demo conveniences (the log SMS driver and its inbox screen, which shows customers' one-time codes) exist only when
 * explicitly in demo mode: `npm start` sets AIR_COUNTER_ENV=demo when it generates the demo's own secrets.
 */
export function demoMode(): boolean {
  return process.env.AIR_COUNTER_ENV === 'demo';
}

/** The SMS driver: the demo inbox only in demo mode; otherwise the HTTP gateway. */
export function smsDriver(): 'log' | 'http' {
  return channelDriver('SMS_DRIVER', 'http');
}

/** The e-mail driver: the demo inbox only in demo mode; otherwise SMTP. */
export function emailDriver(): 'log' | 'smtp' {
  return channelDriver('EMAIL_DRIVER', 'smtp');
}

// A customer channel delivers to its demo inbox (`log`, demo mode only, the default there) or to the real service.
function channelDriver<R extends string>(variable: string, real: R): 'log' | R {
  const chosen = process.env[variable];
  if (chosen === 'log' && !demoMode()) throw new Error(`${variable}=log is only allowed in demo mode (AIR_COUNTER_ENV=demo).`);
  if (chosen === real || chosen === 'log') return chosen as 'log' | R;
  return demoMode() ? 'log' : real;
}

/** From this age a customer is flagged for assisted service (AIR_COUNTER_ELDERLY_AGE, default 65). */
export function elderlyAge(): number {
  const n = Number(process.env.AIR_COUNTER_ELDERLY_AGE ?? 65);
  return Number.isInteger(n) && n > 0 ? n : 65;
}

/** How many days ahead a document's end date puts it on the periodic review list (AIR_COUNTER_REVIEW_WINDOW_DAYS, default 30). */
export function reviewWindowDays(): number {
  const n = Number(process.env.AIR_COUNTER_REVIEW_WINDOW_DAYS ?? 30);
  return Number.isInteger(n) && n > 0 && n <= 365 ? n : 30;
}

/**
 * How long a customer's documents are kept after the relationship ends (AIR_COUNTER_DOCUMENT_RETENTION_DAYS, default
 * 5 years); only then may admins delete them, under dual control.
 */
export function documentRetentionDays(): number {
  const raw = process.env.AIR_COUNTER_DOCUMENT_RETENTION_DAYS;
  const n = raw === undefined || raw.trim() === '' ? 5 * 365 : Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`AIR_COUNTER_DOCUMENT_RETENTION_DAYS must be a whole number of days (got ${JSON.stringify(raw)}).`);
  return n;
}

/** How many days a customer has to supply or correct documents (AIR_COUNTER_SUPPLEMENT_DAYS, default 7). */
export function supplementDays(): number {
  const n = Number(process.env.AIR_COUNTER_SUPPLEMENT_DAYS ?? 7);
  return Number.isInteger(n) && n > 0 && n <= 90 ? n : 7;
}

/**
 * The most rows one export may hold (EXPORT_MAX_ROWS, default 10,000): a larger list is refused with the offer of a
 * narrower (filtered) export, so no export can tie up the server or carry the whole history out at once.
 */
export function exportMaxRows(): number {
  const n = Number(process.env.EXPORT_MAX_ROWS ?? 10_000);
  return Number.isInteger(n) && n > 0 ? n : 10_000;
}
