import { appendAudit } from '@/db/queries/audit';
import { getRecordingForPlayback, viewedRecently } from '@/db/queries/recordings';
import { auditDeniedView } from '@/lib/auth/current-user';
import { requestContextFrom } from '@/lib/auth/request-context';
import { guardRoute } from '@/lib/auth/route-guard';
import { parseByteRange } from '@/lib/recordings/range';
import { storage } from '@/lib/storage';
import { UUID } from '@/lib/ids';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
// An open-ended range ("bytes=0-") is answered in pieces of this size, so a long video is never held in memory whole.
const MAX_CHUNK = 2 * 1024 * 1024;

/**
 * Plays a recording: never from a public path. The viewer must be allowed the route (permission map) and the object:
 * a teller only their own sessions, QC only ended sessions, supervisors all. Each playback is audited once (at its
 * first byte); refusals are audited and look like a missing recording.
 */
export async function GET(req: Request, { params }: { params: Promise<{ recordingId: string }> }): Promise<Response> {
  const guard = await guardRoute('/api/recordings');
  if ('response' in guard) return guard.response;
  const { user } = guard;
  const { recordingId } = await params;
  if (!UUID.test(recordingId)) return new Response(null, { status: 404, headers: NO_STORE });
  const rec = await getRecordingForPlayback(recordingId);
  const allowed =
    !!rec && (user.role === 'supervisor' || (user.role === 'teller' && rec.tellerId === user.id) || (user.role === 'qc' && rec.sessionStatus === 'ended'));
  if (!allowed) {
    if (rec) await auditDeniedView(user.id, user.role, 'session_recording', recordingId);
    return new Response(null, { status: 404, headers: NO_STORE });
  }
  const range = parseByteRange(req.headers.get('range'), rec.size, MAX_CHUNK);
  if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...NO_STORE, 'Content-Range': `bytes */${rec.size}` } });
  // Every playback is audited: a viewer's first request for the recording in a 10-minute window, whatever its range
  // (so skipping byte 0 skips nothing), without a row for each chunk the player fetches.
  if (!(await viewedRecently(user.id, rec.id))) {
    const ctx = requestContextFrom(req.headers);
    await appendAudit({ actorId: user.id, actorRole: user.role, action: 'recording.view', outcome: 'ok', entityType: 'session_recording', entityId: rec.id, requestId: ctx.requestId, ip: ctx.ip, details: { session: rec.sessionId } });
  }
  const headers = { ...NO_STORE, 'Content-Type': rec.mime, 'Accept-Ranges': 'bytes', 'Content-Disposition': 'inline' };
  if (!range) {
    const bytes = await storage().get(rec.storageKey);
    return new Response(Buffer.from(bytes), { status: 200, headers: { ...headers, 'Content-Length': String(bytes.byteLength) } });
  }
  const { bytes, size } = await storage().getRange(rec.storageKey, range.start, range.end);
  return new Response(Buffer.from(bytes), {
    status: 206,
    headers: { ...headers, 'Content-Length': String(bytes.byteLength), 'Content-Range': `bytes ${range.start}-${range.start + bytes.byteLength - 1}/${size}` },
  });
}
