import 'server-only';
import { z } from 'zod';
import { inTransactionScope } from '@/db';
import { appendAudit } from '@/db/queries/audit';
import { getCurrentUser, type CurrentUser } from '@/lib/auth/current-user';
import { mayUseAction, type ActionName } from '@/lib/auth/permissions';
import { requestContext, type RequestContext } from '@/lib/auth/request-context';
import { DomainError, type ActionResult, type FieldErrors } from './result';

type Handler<S extends z.ZodType, R> = (
  input: z.output<S>,
  user: CurrentUser,
  ctx: RequestContext,
) => Promise<{ data: R; entityType?: string; entityId?: string; details?: Record<string, unknown>; message?: string; messageValues?: Record<string, string | number>; tone?: 'success' | 'warning' }>;

export type RoleAction<R> = ((prev: unknown, payload: FormData | Record<string, unknown>) => Promise<ActionResult<R>>) & {
  actionName: ActionName;
};

function payloadToObject(payload: FormData | Record<string, unknown> | undefined): Record<string, unknown> {
  if (!payload) return {};
  if (payload instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of payload.entries()) if (!key.startsWith('$ACTION')) out[key] = value;
    return out;
  }
  return payload;
}

// The object an action is about, named by its id field; recorded on refusals too, so an audit reader sees what was tried.
const TARGETS = [
  ['requestId', 'change_request'],
  ['sessionId', 'service_session'],
  ['staffId', 'staff'],
  ['customerId', 'customer'],
  ['messageId', 'outbox_message'],
] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function targetOf(input: Record<string, unknown>): { entityType?: string; entityId?: string } {
  for (const [field, entityType] of TARGETS) {
    const value = input[field];
    if (typeof value === 'string' && UUID.test(value)) return { entityType, entityId: value.toLowerCase() };
  }
  return {};
}

function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.join('.') || '_form';
    const key = issue.message.startsWith('errors.') ? issue.message : 'errors.invalid';
    const list = (out[field] ??= []);
    if (!list.includes(key)) list.push(key);
  }
  return out;
}

/**
 * Every server action goes through here: authenticate, check the role against the permission map, validate with
 * zod, run the domain, and audit the outcome — refusals included. It never throws to the client.
 */
export function roleAction<S extends z.ZodType, R = undefined>(name: ActionName, schema: S, handler: Handler<S, R>): RoleAction<R> {
  const action = async (_prev: unknown, payload: FormData | Record<string, unknown>): Promise<ActionResult<R>> => {
    const ctx = await requestContext();
    const user = await getCurrentUser();
    const raw = payloadToObject(payload);
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
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const fieldErrors = fieldErrorsOf(parsed.error);
      await audit('failed', { details: { reason: 'invalid_input', fields: Object.keys(fieldErrors) } });
      return { ok: false, message: 'errors.checkFields', fieldErrors };
    }
    try {
      // The write and its audit row commit together: no change without its record, no record of a change that failed.
      const result = await inTransactionScope(async () => {
        const done = await handler(parsed.data, user, ctx);
        await audit('ok', { ...(done.entityType ? { entityType: done.entityType, entityId: done.entityId } : {}), details: done.details });
        return done;
      });
      return { ok: true, data: result.data, message: result.message, messageValues: result.messageValues, tone: result.tone };
    } catch (err) {
      if (err instanceof DomainError) {
        await audit(err.outcome, { details: { reason: err.key } });
        return { ok: false, message: err.key, fieldErrors: err.fieldErrors };
      }
      // Unexpected: never log the input (it may hold personal data); answer calmly.
      // Database messages can quote parameters, so only the error class and SQLSTATE are logged.
      const code = (err as { code?: unknown })?.code;
      console.error(`[action ${name}] ${ctx.requestId}: ${err instanceof Error ? err.name : 'unknown error'}${typeof code === 'string' ? ` (${code})` : ''}`);
      await audit('failed', { details: { reason: 'unexpected' } });
      return { ok: false, message: 'errors.unexpected', fieldErrors: {} };
    }
  };
  return Object.assign(action, { actionName: name });
}
