/** The one result shape every server action returns. Messages are catalogue keys, translated on the client. */
export type FieldErrors = Record<string, string[]>;
export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string; messageValues?: Record<string, string | number>; tone?: 'success' | 'warning' }
  | { ok: false; message: string; fieldErrors: FieldErrors; stepUp?: StepUpFactor };

/** What a refused action asks the person to prove before it is tried again: their authenticator code, or their password. */
export type StepUpFactor = 'totp' | 'password';

/** A refusal the domain expects (not a bug): shown to the user, audited with its outcome. */
export class DomainError extends Error {
  constructor(
    readonly key: string,
    readonly outcome: 'denied' | 'failed' = 'failed',
    readonly fieldErrors: FieldErrors = {},
  ) {
    super(key);
  }
}

/**
 * A message key with values for its placeholders, carried as one string through field errors:
 * `errors.idNumber.checkDigit::{"expected":"X"}`. `splitMessage` takes it apart for translation.
 */
export function messageWith(key: string, values: Record<string, string | number>): string {
  return `${key}::${JSON.stringify(values)}`;
}

export function splitMessage(message: string): { key: string; values?: Record<string, string | number> } {
  const at = message.indexOf('::');
  if (at < 0) return { key: message };
  try {
    return { key: message.slice(0, at), values: JSON.parse(message.slice(at + 2)) };
  } catch {
    return { key: message.slice(0, at) };
  }
}
