import 'server-only';
import { z } from 'zod';
import { inTransactionScope, isDatabaseUnavailable } from '@/db';
import { appendAudit } from '@/db/queries/audit';
import { getCurrentUser, type CurrentUser } from '@/lib/auth/current-user';
import { enrolmentActions, mayUseAction, stepUpActions, type ActionName } from '@/lib/auth/permissions';
import { freshlyAuthenticated } from '@/lib/auth/mfa';
import { requestContext, requestContextFrom, type RequestContext } from '@/lib/auth/request-context';
import { readCapped } from '@/lib/http/read-capped';
import { DomainError, type ActionResult, type FieldErrors } from './result';
import { UUID } from '@/lib/ids';
import { unstorableTextPaths } from '@/lib/text/storable';

type Handler<S extends z.ZodType, R> = (
  input: z.output<S>,
  user: CurrentUser,
  ctx: RequestContext,
) => Promise<{
  data: R;
  entityType?: string;
  entityId?: string;
  details?: Record<string, unknown>;
  message?: string;
  messageValues?: Record<string, string | number>;
  tone?: 'success' | 'warning';
  /**
   * A refusal whose bookkeeping must still commit (a wrong step-up code counts towards the lockout): the handler's
   * writes and the refusal's audit row commit together, and the caller gets the refusal.
   */
  refused?: DomainError;
}>;

export type RoleAction<R> = ((prev: unknown, payload: FormData | Record<string, unknown>) => Promise<ActionResult<R>>) & {
  actionName: ActionName;
};

function payloadToObject(payload: FormData | Record<string, unknown> | undefined): Record<string, unknown> {
  if (!payload) return {};
  if (payload instanceof FormData) {
    // Own properties whatever the key: assigning a field named "__proto__" would set the object's prototype instead.
    return Object.fromEntries([...payload.entries()].filter(([key]) => !key.startsWith('$ACTION')));
  }
  return payload;
}

// The object an action is about, named by its id field; recorded on refusals too, so an audit reader sees what was tried.
const TARGETS = [
  ['documentId', 'case_document'],
  ['cardId', 'card'],
  ['purgeId', 'document_purge'],
  ['complaintId', 'complaint'],
  ['articleId', 'kb_article'],
  ['noticeId', 'staff_notification'],
  ['caseId', 'case'],
  ['proposalId', 'approval_policy_proposal'],
  ['scorecardProposalId', 'scorecard_proposal'],
  ['changeId', 'config_change'],
  ['planId', 'qc_plan'],
  ['roundId', 'calibration_round'],
  ['disputeId', 'inspection_dispute'],
  ['rectificationId', 'rectification'],
  ['inspectionId', 'inspection'],
  ['requestId', 'change_request'],
  ['sessionId', 'service_session'],
  ['staffId', 'staff'],
  ['customerId', 'customer'],
  ['messageId', 'outbox_message'],
  ['freezeId', 'customer_freeze'],
  ['lockId', 'verification_lock'],
  ['accountId', 'account'],
  ['fromAccountId', 'account'],
] as const;

function targetOf(input: Record<string, unknown>): { entityType?: string; entityId?: string } {
  for (const [field, entityType] of TARGETS) {
    const value = input[field];
    if (typeof value === 'string' && UUID.test(value)) return { entityType, entityId: value.toLowerCase() };
  }
  return {};
}

function fieldErrorsOf(error: z.ZodError): FieldErrors {
  // A Map: a form's field may be named like a member of Object.prototype ("constructor", "__proto__").
  const out = new Map<string, string[]>();
  for (const issue of error.issues) {
    const field = issue.path.join('.') || '_form';
    const key = issue.message.startsWith('errors.') ? issue.message : 'errors.invalid';
    const list = out.get(field) ?? [];
    out.set(field, list);
    if (!list.includes(key)) list.push(key);
  }
  return Object.fromEntries(out);
}

/**
 * The core every server action and every writing route handler shares: authenticate, check the role against the
 * permission map, validate with zod, run the domain, and audit the outcome — refusals included. It never throws.
 */
async function runRoleAction<S extends z.ZodType, R>(name: ActionName, schema: S, raw: Record<string, unknown>, handler: Handler<S, R>, ctx: RequestContext): Promise<ActionResult<R>> {
  const user = await getCurrentUser();
  const target = targetOf(raw);
  const audit = (outcome: 'ok' | 'denied' | 'failed', extra: { entityType?: string; entityId?: string; details?: Record<string, unknown> } = {}) =>
    appendAudit({ actorId: user?.id ?? null, actorRole: user?.role ?? null, action: name, outcome, requestId: ctx.requestId, ip: ctx.ip, ...target, ...extra });

  if (!user) {
    await audit('denied', { details: { reason: 'signed_out' } });
    return { ok: false, message: 'errors.signedOut', fieldErrors: {} };
  }
  if (!mayUseAction(user.role, name)) {
    await audit('denied', { details: { reason: 'role' } });
    return { ok: false, message: 'errors.forbidden', fieldErrors: {} };
  }
  if (user.mustEnrol && !enrolmentActions.includes(name)) {
    await audit('denied', { details: { reason: 'mfa_enrolment' } });
    return { ok: false, message: 'errors.mfaEnrolmentRequired', fieldErrors: {} };
  }
  const parsed = schema.safeParse(raw);
  // Text the database cannot store (a NUL, a lone surrogate) is invalid input too, not a failed query later.
  const unstorable = parsed.success ? unstorableTextPaths(parsed.data) : [];
  if (!parsed.success || unstorable.length) {
    const fieldErrors = parsed.success ? Object.fromEntries(unstorable.map((path) => [path, ['errors.invalid']])) : fieldErrorsOf(parsed.error);
    await audit('failed', { details: { reason: 'invalid_input', fields: Object.keys(fieldErrors) } });
    return { ok: false, message: 'errors.checkFields', fieldErrors };
  }
  if (stepUpActions.includes(name) && !freshlyAuthenticated(user.authenticatedAt)) {
    // Nothing is done; the form asks for the code (or password) inline and sends the same request again.
    await audit('denied', { details: { reason: 'step_up' } });
    return { ok: false, message: 'errors.stepUpRequired', fieldErrors: {}, stepUp: user.mfaEnabled ? 'totp' : 'password' };
  }
  try {
    // The write and its audit row commit together: no change without its record, no record of a change that failed.
    const result = await inTransactionScope(async () => {
      const done = await handler(parsed.data, user, ctx);
      const entity = done.entityType ? { entityType: done.entityType, entityId: done.entityId } : {};
      if (done.refused) await audit(done.refused.outcome, { ...entity, details: { ...done.details, reason: done.refused.key } });
      else await audit('ok', { ...entity, details: done.details });
      return done;
    });
    if (result.refused) return { ok: false, message: result.refused.key, fieldErrors: result.refused.fieldErrors };
    return { ok: true, data: result.data, message: result.message, messageValues: result.messageValues, tone: result.tone };
  } catch (err) {
    if (err instanceof DomainError) {
      await audit(err.outcome, { details: { reason: err.key } });
      return { ok: false, message: err.key, fieldErrors: err.fieldErrors };
    }
    // The database went away mid-way (restart, failover) and took the open transaction with it: said as such, and not
    // audited (there is no database to audit in).
    if (isDatabaseUnavailable(err)) return databaseUnavailable(name, ctx, err);
    // Unexpected: never log the input (it may hold personal data); answer calmly.
    // Database messages can quote parameters, so only the error class and SQLSTATE are logged.
    const code = (err as { code?: unknown })?.code;
    (await import('@/lib/log/logger')).childLogger({ requestId: ctx.requestId, action: name }).error({ errorName: err instanceof Error ? err.name : 'unknown', ...(typeof code === 'string' ? { errorCode: code } : {}) }, 'action failed unexpectedly');
    await audit('failed', { details: { reason: 'unexpected' } });
    return { ok: false, message: 'errors.unexpected', fieldErrors: {} };
  }
}

/**
 * The answer while the database cannot be reached (restarting, failing over): a refusal saying so, for the person to
 * try again in a moment, instead of an error page. Anything else is rethrown. Logged by code only (no input).
 */
function databaseUnavailable(name: ActionName, ctx: RequestContext, err: unknown): { ok: false; message: string; fieldErrors: FieldErrors } {
  if (!isDatabaseUnavailable(err)) throw err;
  let code: unknown;
  for (let e = err; e && typeof e === 'object' && code === undefined; e = (e as { cause?: unknown }).cause) code = (e as { code?: unknown }).code;
  console.warn(`[action ${name}] ${ctx.requestId}: database unavailable${typeof code === 'string' ? ` (${code})` : ''}`);
  return { ok: false, message: 'errors.databaseUnavailable', fieldErrors: {} };
}

/** Every server action goes through here (see runRoleAction). */
export function roleAction<S extends z.ZodType, R = undefined>(name: ActionName, schema: S, handler: Handler<S, R>): RoleAction<R> {
  const action = async (_prev: unknown, payload: FormData | Record<string, unknown>): Promise<ActionResult<R>> => {
    const ctx = await requestContext();
    // Reaching the database to learn who is asking, or to audit a refusal, can fail too: the same calm answer.
    return runRoleAction(name, schema, payloadToObject(payload), handler, ctx).catch((err: unknown) => databaseUnavailable(name, ctx, err));
  };
  return Object.assign(action, { actionName: name });
}

export type RoleRoute = ((req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>) & { actionName: ActionName; routeParams: readonly string[] };

/**
 * The same wrapper for route handlers that take a request body a server action should not carry (file uploads: the
 * browser reports progress, and bodies skip the proxy's buffering). Input is the multipart form plus the route's
 * params; a body over `maxBodyBytes` is refused as a field error on `file` before it is read. The answer is the same
 * ActionResult as JSON, with 200 for success and 4xx for refusals.
 */
export function roleRoute<S extends z.ZodType, R = undefined>(name: ActionName, schema: S, opts: { maxBodyBytes: () => number; params: readonly string[] }, handler: Handler<S, R>): RoleRoute {
  const route = async (req: Request, { params }: { params: Promise<Record<string, string>> }): Promise<Response> => {
    const ctx = requestContextFrom(req.headers);
    // Server actions check the origin themselves; a cookie-authenticated route must too (CSRF).
    const origin = req.headers.get('origin');
    if (origin && originHost(origin) !== (req.headers.get('x-forwarded-host') ?? req.headers.get('host'))) {
      return Response.json({ ok: false, message: 'errors.forbidden', fieldErrors: {} }, { status: 403, headers: { 'Cache-Control': 'no-store' } });
    }
    const fromUrl = await params;
    const raw: Record<string, unknown> = {};
    // Nobody signed out or in the wrong role gets to make the server read a large body: refused (and audited) first.
    const caller = await getCurrentUser();
    if (!caller || !mayUseAction(caller.role, name)) {
      for (const p of opts.params) raw[p] = fromUrl[p];
      const refused = await runRoleAction(name, schema, raw, handler, ctx);
      return Response.json(refused, { status: refused.ok ? 200 : caller ? 403 : 401, headers: { 'Cache-Control': 'no-store' } });
    }
    const length = Number(req.headers.get('content-length') ?? 'NaN');
    let tooLarge = Number.isFinite(length) && length > opts.maxBodyBytes();
    if (!tooLarge) {
      const form = await readFormCapped(req, opts.maxBodyBytes());
      if (form === 'tooLarge') tooLarge = true;
      else if (form) Object.assign(raw, payloadToObject(form));
    }
    // The URL names the object; a form field of the same name cannot override it.
    for (const p of opts.params) raw[p] = fromUrl[p];
    const result = tooLarge
      ? await runRoleAction(name, tooLargeSchema, raw, async () => ({ data: undefined as never }), ctx)
      : await runRoleAction(name, schema, raw, handler, ctx);
    const status = result.ok ? 200 : result.message === 'errors.signedOut' ? 401 : result.message === 'errors.forbidden' ? 403 : result.message === 'errors.unexpected' ? 500 : result.message === 'errors.databaseUnavailable' ? 503 : 422;
    return Response.json(result, { status, headers: { 'Cache-Control': 'no-store' } });
  };
  const guarded = (req: Request, r: { params: Promise<Record<string, string>> }): Promise<Response> =>
    route(req, r).catch((err: unknown) =>
      Response.json(databaseUnavailable(name, requestContextFrom(req.headers), err), { status: 503, headers: { 'Cache-Control': 'no-store', 'Retry-After': '5' } }),
    );
  return Object.assign(guarded, { actionName: name, routeParams: opts.params });
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null; // "null" (a sandboxed frame) or garbage: never our own host
  }
}

// Refuses every input: what an oversized body is checked against, so it is audited like any other invalid input.
const tooLargeSchema = z.object({ file: z.custom<never>(() => false, 'errors.fileTooLarge') });

/** The multipart body, or 'tooLarge' once more than `max` bytes have arrived (a body without a length is counted). */
async function readFormCapped(req: Request, max: number): Promise<FormData | 'tooLarge' | undefined> {
  if (!req.body) return undefined;
  const body = await readCapped(req.body, max);
  if (body === 'tooLarge') return body;
  try {
    return await new Response(new Uint8Array(body), { headers: { 'content-type': req.headers.get('content-type') ?? '' } }).formData();
  } catch {
    return undefined;
  }
}
