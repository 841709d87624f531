'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { signIn, signOut } from '@/auth';
import { isDatabaseUnavailable } from '@/db';
import { appendAudit } from '@/db/queries/audit';
import { endStaffSession } from '@/db/queries/staff-sessions';
import type { ActionResult, FieldErrors } from '@/lib/actions/result';
import { getCurrentUser } from '@/lib/auth/current-user';
import { requestContext } from '@/lib/auth/request-context';
import { signInSchema } from '@/lib/auth/schemas';

/** Public by nature: the credentials check, lockout and audit happen in lib/auth/sign-in.ts via the provider. */
export async function signInAction(_prev: unknown, formData: FormData): Promise<ActionResult> {
  const parsed = signInSchema.safeParse({ username: formData.get('username'), password: formData.get('password'), code: formData.get('code') ?? undefined });
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0])] ??= []).push(issue.message);
    return { ok: false, message: 'errors.checkFields', fieldErrors };
  }
  try {
    // Only the fields given: the request body is a form, where an absent code would arrive as the text "undefined".
    const { username, password, code } = parsed.data;
    await signIn('credentials', { username, password, ...(code ? { code } : {}), redirectTo: '/' });
  } catch (err) {
    // The password was right and the account has an authenticator: the form asks for its code (nothing signed in yet).
    if (err instanceof CredentialsSignin && err.code === 'code_needed') return { ok: false, message: 'login.codeNeeded', fieldErrors: {} };
    // The database away (a restart, a failover) is not a wrong password: say so (Auth.js wraps the cause).
    if (err instanceof AuthError && isDatabaseUnavailable((err.cause as { err?: unknown } | undefined)?.err ?? err.cause)) return { ok: false, message: 'errors.databaseUnavailable', fieldErrors: {} };
    if (err instanceof AuthError) return { ok: false, message: 'login.failed', fieldErrors: {} };
    throw err; // the redirect on success
  }
  return { ok: true, data: undefined };
}

export async function signOutAction(): Promise<void> {
  const user = await getCurrentUser();
  if (user) {
    await endStaffSession(user.sessionId, 'signed_out');
    const ctx = await requestContext();
    await appendAudit({ actorId: user.id, actorRole: user.role, action: 'auth.sign_out', outcome: 'ok', entityType: 'staff', entityId: user.id, requestId: ctx.requestId, ip: ctx.ip });
  }
  await signOut({ redirectTo: '/login' });
}
