/** The one result shape every server action returns. Messages are catalogue keys, translated on the client. */
export type FieldErrors = Record<string, string[]>;
export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string; messageValues?: Record<string, string | number>; tone?: 'success' | 'warning' }
  | { ok: false; message: string; fieldErrors: FieldErrors };

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
