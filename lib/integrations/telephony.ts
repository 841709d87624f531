import 'server-only';
import { z } from 'zod';
import { inTransactionScope } from '@/db';
import { appendAudit } from '@/db/queries/audit';
import { findIntegrationByToken, type IntegrationCapability } from '@/db/queries/credentials';
import { requestContextFrom } from '@/lib/auth/request-context';
import { answerPasswordPrompt } from '@/lib/sessions/password-step';
import { readCapped } from '@/lib/http/read-capped';
import { childLogger } from '@/lib/log/logger';

const ACTION = 'integration.keypad';
const MAX_BODY_BYTES = 4096;
export const keypadSchema = z.object({
  sessionId: z.string().uuid(),
  digits: z.string().regex(/^\d{6}$/),
  // Setting a card password: the customer keys it a second time.
  confirm: z.string().regex(/^\d{6}$/).optional(),
});

const json = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });

function bearerToken(header: string | null): string | null {
  const match = header?.match(/^Bearer ([A-Za-z0-9._~+/=-]{20,200})$/);
  return match ? match[1]! : null;
}

async function readJson(req: Request): Promise<unknown> {
  if (!req.body) return undefined;
  const body = await readCapped(req.body, MAX_BODY_BYTES);
  if (body === 'tooLarge') return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * POST /api/integrations/telephony/password — the telephony system (IVR) reports the digits a customer keyed for a
 * password prompt: `Authorization: Bearer <token>`, body `{ "sessionId": "...", "digits": "123456" }`. Every call is
 * audited, refusals included; the digits never are.
 */
type IntegrationAudit = (outcome: 'ok' | 'failed' | 'denied', details: Record<string, unknown>, sessionId?: string) => Promise<void>;

/**
 * Every integration call starts here: the bearer token names an active integration, or the call gets a 401 and an
 * audit row. On success, an audit function bound to the integration and the call.
 */
export async function authenticateIntegration(
  req: Request,
  action: string,
  capability: IntegrationCapability,
): Promise<{ integration: { id: string; name: string }; audit: IntegrationAudit; requestId: string } | { response: Response }> {
  const ctx = requestContextFrom(req.headers);
  const token = bearerToken(req.headers.get('authorization'));
  const integration = token ? await findIntegrationByToken(token) : undefined;
  if (!integration) {
    await appendAudit({ actorId: null, actorRole: null, action, outcome: 'denied', requestId: ctx.requestId, ip: ctx.ip, details: { reason: token ? 'bad_token' : 'no_token' } });
    return { response: json(401, { error: 'unauthorized' }, { 'WWW-Authenticate': 'Bearer' }) };
  }
  const audit: IntegrationAudit = (outcome, details, sessionId) =>
    appendAudit({ actorId: null, actorRole: null, action, outcome, requestId: ctx.requestId, ip: ctx.ip, entityType: sessionId ? 'service_session' : null, entityId: sessionId ?? null, details: { integration: integration.name, ...details } });
  // A token does one job: the recorder's token cannot answer password prompts.
  if (!integration.capabilities.includes(capability)) {
    await audit('denied', { reason: 'capability', capability });
    return { response: json(403, { error: 'forbidden' }) };
  }
  return { integration, audit, requestId: ctx.requestId };
}

export const integrationJson = json;

export async function handleKeypad(req: Request): Promise<Response> {
  const auth = await authenticateIntegration(req, ACTION, 'keypad');
  if ('response' in auth) return auth.response;
  const { integration, audit, requestId } = auth;

  const parsed = keypadSchema.safeParse(await readJson(req));
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '_body'))];
    await audit('failed', { reason: 'invalid_input', fields });
    return json(400, { error: 'invalid', fields });
  }
  const { sessionId, digits, confirm } = parsed.data;
  try {
    return await inTransactionScope(async () => {
      const answer = await answerPasswordPrompt(integration, sessionId, digits, confirm);
      if (answer.status === 'card') {
        const { card } = answer;
        await audit(card.status === 'activated' ? 'ok' : 'failed', { purpose: 'set_card_password', ...card }, sessionId);
        return json(card.status === 'activated' ? 200 : 422, card.status === 'activated' ? { result: 'activated' } : { error: card.status, ...('problems' in card ? { problems: card.problems } : {}) });
      }
      if (answer.status === 'reset') {
        const { reset } = answer;
        await audit(reset.status === 'reset' ? 'ok' : 'failed', { purpose: 'reset_password', ...reset }, sessionId);
        return json(reset.status === 'reset' ? 200 : 422, reset.status === 'reset' ? { result: 'reset' } : { error: reset.status, ...('problems' in reset ? { problems: reset.problems } : {}) });
      }
      if (answer.status !== 'checked') {
        await audit(answer.status === 'locked' ? 'denied' : 'failed', { reason: answer.status }, sessionId);
        return json(answer.status === 'locked' ? 423 : 409, { error: answer.status });
      }
      await audit('ok', { result: answer.result, verification: answer.verificationId, locked: answer.locked }, sessionId);
      return json(200, { result: answer.result, locked: answer.locked });
    });
  } catch (err) {
    const code = (err as { code?: unknown })?.code;
    // The request id is the one on the call's audit rows; never the digits or the error's message.
    childLogger({ requestId, action: ACTION }).error({ errorName: err instanceof Error ? err.name : 'unknown', ...(typeof code === 'string' ? { errorCode: code } : {}) }, 'integration call failed unexpectedly');
    await audit('failed', { reason: 'unexpected' }, sessionId);
    return json(500, { error: 'unexpected' });
  }
}
