import 'server-only';
import { z } from 'zod';
import { inTransactionScope } from '@/db';
import { DomainError } from '@/lib/actions/result';
import { maxRecordingBytes } from '@/lib/files/check';
import { readCapped } from '@/lib/http/read-capped';
import { childLogger } from '@/lib/log/logger';
import { addRecording } from '@/lib/recordings/service';
import { authenticateIntegration, integrationJson as json } from './telephony';

const ACTION = 'integration.recording';
const FETCH_TIMEOUT_MS = 30_000;

const common = { sessionId: z.string().uuid(), startedAt: z.iso.datetime({ offset: true }).optional() };
const byUrl = z.object({ ...common, url: z.string().url().max(2000) });
const byFile = z.object({ ...common, file: z.instanceof(File) });

/** Hosts the recorder may be fetched from (AIR_COUNTER_RECORDING_URL_HOSTS, comma-separated host[:port]). */
export function allowedRecordingHosts(): string[] {
  return (process.env.AIR_COUNTER_RECORDING_URL_HOSTS ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
}

/** Fetches a recording from an allow-listed host, over http(s), without following redirects, within the size limit. */
async function fetchRecording(raw: string): Promise<Uint8Array | 'host' | 'tooLarge' | 'unreachable'> {
  const url = new URL(raw);
  if (!['http:', 'https:'].includes(url.protocol) || !allowedRecordingHosts().includes(url.host.toLowerCase())) return 'host';
  const max = maxRecordingBytes();
  try {
    const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), cache: 'no-store' });
    if (!res.ok || !res.body) return 'unreachable';
    if (Number(res.headers.get('content-length') ?? 0) > max) return 'tooLarge';
    const body = await readCapped(res.body, max);
    return body === 'tooLarge' ? body : new Uint8Array(body);
  } catch {
    return 'unreachable';
  }
}

/**
 * POST /api/integrations/telephony/recordings — the recorder delivers a session's recording: multipart with `file`,
 * or JSON `{ sessionId, url }` naming an allow-listed host; optional `startedAt` (ISO time the recording began).
 */
export async function handleRecordingDelivery(req: Request): Promise<Response> {
  const auth = await authenticateIntegration(req, ACTION, 'recording');
  if ('response' in auth) return auth.response;
  const { integration, audit, requestId } = auth;
  const max = maxRecordingBytes();
  if (Number(req.headers.get('content-length') ?? 0) > max + 64 * 1024) {
    await audit('failed', { reason: 'tooLarge' });
    return json(413, { error: 'tooLarge' });
  }
  const isJson = (req.headers.get('content-type') ?? '').includes('application/json');
  // Counted as it arrives: a body without (or with a false) Content-Length cannot grow past the limit.
  const raw = req.body ? await readCapped(req.body, max + 64 * 1024) : Buffer.alloc(0);
  if (raw === 'tooLarge') {
    await audit('failed', { reason: 'tooLarge' });
    return json(413, { error: 'tooLarge' });
  }
  let body: unknown;
  try {
    const again = new Response(new Uint8Array(raw), { headers: { 'content-type': req.headers.get('content-type') ?? '' } });
    body = isJson ? await again.json() : Object.fromEntries((await again.formData()).entries());
  } catch {
    body = undefined;
  }
  const parsed = (isJson ? byUrl : byFile).safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '_body'))];
    await audit('failed', { reason: 'invalid_input', fields });
    return json(400, { error: 'invalid', fields });
  }
  const { sessionId, startedAt } = parsed.data;
  let bytes: Uint8Array;
  if ('url' in parsed.data) {
    const fetched = await fetchRecording(parsed.data.url);
    if (!(fetched instanceof Uint8Array)) {
      await audit(fetched === 'host' ? 'denied' : 'failed', { reason: fetched === 'host' ? 'host_not_allowed' : fetched }, sessionId);
      return json(fetched === 'host' ? 403 : fetched === 'tooLarge' ? 413 : 502, { error: fetched === 'host' ? 'hostNotAllowed' : fetched });
    }
    bytes = fetched;
  } else {
    bytes = new Uint8Array(await parsed.data.file.arrayBuffer());
  }
  try {
    return await inTransactionScope(async () => {
      const r = await addRecording({ sessionId, bytes, by: { integrationId: integration.id }, startedAt: startedAt ? new Date(startedAt) : undefined, source: 'integration' });
      await audit('ok', { recording: r.id, sha256: r.sha256, size: r.size, mime: r.mime }, sessionId);
      return json(201, { id: r.id, sha256: r.sha256 });
    });
  } catch (err) {
    if (err instanceof DomainError) {
      const reason = err.key.replace('errors.', '');
      await audit(err.outcome, { reason }, sessionId);
      const status = reason === 'notFound' ? 404 : reason === 'fileTooLarge' ? 413 : reason === 'recordingType' || reason === 'fileEmpty' ? 415 : 409;
      return json(status, { error: reason });
    }
    const code = (err as { code?: unknown })?.code;
    childLogger({ requestId, action: ACTION }).error({ errorName: err instanceof Error ? err.name : 'unknown', ...(typeof code === 'string' ? { errorCode: code } : {}) }, 'recording delivery failed unexpectedly');
    await audit('failed', { reason: 'unexpected' }, sessionId);
    return json(500, { error: 'unexpected' });
  }
}
