import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { upsertIntegration } from '@/db/queries/credentials';
import { handleRecordingDelivery } from '@/lib/integrations/recordings';
import { synthesizeCallAudio } from '@/lib/recordings/wav';
import { storage } from '@/lib/storage';
import { GET as play } from '@/app/api/recordings/[recordingId]/route';
import { action } from './actions';
import { endedSession, makeUser, sessionWithCustomer, uniqueName, type TestUser } from './factories';
import { actAs, auditSince, businessChecksums, maxAuditSeq } from './helpers';

const TOKEN = `test-recorder-${'r'.repeat(32)}`;
let teller: TestUser;
let other: TestUser;
let supervisor: TestUser;
let qc: TestUser;
let recorder: { url: string; close: () => Promise<void> };
let recorderName: string;

const upload = (sessionId: string, file: Blob | string) => action('recording.upload')(null, { sessionId, file });
const wavBlob = (seconds: number, tones: number[] = []) => new Blob([Buffer.from(synthesizeCallAudio(seconds, tones))], { type: 'audio/wav' });
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function deliver(body: FormData | Record<string, unknown>, token: string | null = TOKEN) {
  const headers = new Headers({ 'x-forwarded-for': '198.51.100.20' });
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (!(body instanceof FormData)) headers.set('content-type', 'application/json');
  return handleRecordingDelivery(new Request('http://localhost/api/integrations/telephony/recordings', { method: 'POST', headers, body: body instanceof FormData ? body : JSON.stringify(body) }));
}

async function playAs(user: TestUser, recordingId: string, range?: string) {
  actAs(user.sid);
  const headers = new Headers();
  if (range) headers.set('range', range);
  return play(new Request(`http://localhost/api/recordings/${recordingId}`, { headers }), { params: Promise.resolve({ recordingId }) });
}

beforeAll(async () => {
  teller = await makeUser('teller');
  other = await makeUser('teller');
  supervisor = await makeUser('supervisor');
  qc = await makeUser('qc');
  recorderName = uniqueName('rec');
  await upsertIntegration({ name: recorderName, token: TOKEN, capabilities: ['recording'], createdBy: null });
  // A stand-in for the bank's recorder: a real HTTP server on an allow-listed host.
  const audio = Buffer.from(synthesizeCallAudio(1, [0.2]));
  const server = createServer((req, res) => {
    if (req.url === '/calls/1.wav') return res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': audio.length }).end(audio);
    if (req.url === '/calls/not-audio') return res.writeHead(200, { 'content-type': 'audio/wav' }).end('<html>not audio</html>');
    if (req.url === '/calls/redirect') return res.writeHead(302, { location: 'http://example.invalid/x.wav' }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  recorder = { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
  process.env.AIR_COUNTER_RECORDING_URL_HOSTS = `recorder.bank.internal, 127.0.0.1:${port}`;
});

afterAll(async () => {
  await recorder?.close();
  delete process.env.AIR_COUNTER_RECORDING_URL_HOSTS;
});

describe('a teller uploads a recording', () => {
  it('is stored with its SHA-256 under a random key, recorded on the timeline, and audited', async () => {
    const s = await sessionWithCustomer(teller.id);
    actAs(teller.sid);
    const blob = wavBlob(1.5, [0.5]);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const seq = await maxAuditSeq();
    const r = await upload(s.sessionId, blob);
    expect(r).toMatchObject({ ok: true, message: 'recordings.uploaded' });
    const [row] = await sql<{ storage_key: string; sha256: string; size: string; mime: string }[]>`
      SELECT f.storage_key, f.sha256, f.size, f.mime FROM session_recordings r JOIN stored_files f ON f.id = r.file_id WHERE r.session_id = ${s.sessionId}`;
    expect(row).toMatchObject({ sha256: sha(bytes), size: String(bytes.byteLength), mime: 'audio/wav' });
    expect(row!.storage_key).toMatch(/^recordings\/\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
    expect(Buffer.from(await storage().get(row!.storage_key)).equals(Buffer.from(bytes))).toBe(true);
    expect(await auditSince(seq)).toMatchObject([{ action: 'recording.upload', outcome: 'ok', actor_id: teller.id, details: { session: s.sessionId, sha256: sha(bytes) } }]);
    const [event] = await sql`SELECT kind FROM session_events WHERE session_id = ${s.sessionId} AND kind = 'recording.added'`;
    expect(event).toBeDefined();
  });

  it('refuses a file that is not audio or video by its bytes, whatever its name or stated type, and stores nothing', async () => {
    const s = await sessionWithCustomer(teller.id);
    actAs(teller.sid);
    const before = await businessChecksums();
    const fake = new File(['%PDF-1.4 not a recording'], 'call.wav', { type: 'audio/wav' });
    expect(await upload(s.sessionId, fake)).toEqual({ ok: false, message: 'errors.recordingType', fieldErrors: { file: ['errors.recordingType'] } });
    expect(await upload(s.sessionId, new File([], 'empty.wav'))).toMatchObject({ ok: false, fieldErrors: { file: ['errors.fileEmpty'] } });
    expect(await businessChecksums()).toEqual(before);
    // Nothing stored for a session recording but audio or video (documents of cases are stored files too).
    const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM session_recordings r JOIN stored_files f ON f.id = r.file_id WHERE f.mime NOT LIKE 'audio/%' AND f.mime NOT LIKE 'video/%'`;
    expect(n).toBe(0);
  });

  it('refuses an oversized recording before it is read', async () => {
    const s = await sessionWithCustomer(teller.id);
    actAs(teller.sid);
    process.env.AIR_COUNTER_MAX_RECORDING_MB = '0.01';
    try {
      const before = await businessChecksums();
      expect(await upload(s.sessionId, wavBlob(2))).toMatchObject({ ok: false, fieldErrors: { file: ['errors.fileTooLarge'] } });
      expect(await businessChecksums()).toEqual(before);
    } finally {
      delete process.env.AIR_COUNTER_MAX_RECORDING_MB;
    }
  });

  it('the same file twice to one session is recognised; the same bytes in another session are stored once', async () => {
    const a = await sessionWithCustomer(teller.id);
    const b = await sessionWithCustomer(teller.id);
    actAs(teller.sid);
    const blob = wavBlob(0.7, [0.1]);
    expect(await upload(a.sessionId, blob)).toMatchObject({ ok: true });
    expect(await upload(a.sessionId, blob)).toMatchObject({ ok: false, message: 'errors.recordingExists' });
    expect(await upload(b.sessionId, blob)).toMatchObject({ ok: true });
    const [{ files }] = await sql<{ files: number }[]>`SELECT count(*)::int AS files FROM stored_files WHERE sha256 = ${sha(new Uint8Array(await blob.arrayBuffer()))}`;
    expect(files).toBe(1);
  });

  it('the teller may add to their ended session for two hours; after that only the recorder delivers', async () => {
    const sessionId = await endedSession(teller.id);
    actAs(teller.sid);
    expect(await upload(sessionId, wavBlob(0.3, [0.05]))).toMatchObject({ ok: true });
    await sql`UPDATE service_sessions SET ended_at = now() - interval '3 hours', started_at = now() - interval '4 hours' WHERE id = ${sessionId}`;
    expect(await upload(sessionId, wavBlob(0.35, [0.1]))).toMatchObject({ ok: false, message: 'errors.notFound' });
  });

  it("another teller cannot add to a session that is not theirs (and learns nothing)", async () => {
    const s = await sessionWithCustomer(teller.id);
    actAs(other.sid);
    const before = await businessChecksums();
    expect(await upload(s.sessionId, wavBlob(0.3))).toMatchObject({ ok: false, message: 'errors.notFound' });
    expect(await businessChecksums()).toEqual(before);
  });
});

describe('playback', () => {
  let recordingId: string;
  let sessionId: string;
  let bytes: Buffer;
  beforeAll(async () => {
    const s = await sessionWithCustomer(teller.id);
    sessionId = s.sessionId;
    actAs(teller.sid);
    const blob = wavBlob(1, [0.3, 0.6]);
    bytes = Buffer.from(await blob.arrayBuffer());
    const r = await upload(sessionId, blob);
    recordingId = (r as { data: { id: string } }).data.id;
  });

  it('the owning teller and a supervisor hear it, no-store, audited once per viewer and playback (whatever the range); ranges work for seeking', async () => {
    const seq = await maxAuditSeq();
    const whole = await playAs(teller, recordingId);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('cache-control')).toBe('no-store');
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    const part = await playAs(supervisor, recordingId, 'bytes=100-199');
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    expect((await playAs(teller, recordingId, `bytes=${bytes.length + 10}-`)).status).toBe(416);
    // Range requests of a playback by the same person in the same window add no rows; each viewer is recorded once.
    expect((await playAs(teller, recordingId, 'bytes=2000-2999')).status).toBe(206);
    const views = (await auditSince(seq)).filter((a) => a.action === 'recording.view');
    expect(views.map((v) => v.actor_id)).toEqual([teller.id, supervisor.id]);
    expect(views[0]).toMatchObject({ outcome: 'ok', entity_id: recordingId });
  });

  it("another teller, and QC while the session is open, get 404; the refusal is audited", async () => {
    const seq = await maxAuditSeq();
    expect((await playAs(other, recordingId)).status).toBe(404);
    expect((await playAs(qc, recordingId)).status).toBe(404);
    expect(await auditSince(seq)).toMatchObject([
      { action: 'screen.view', outcome: 'denied', actor_id: other.id, entity_id: recordingId },
      { action: 'screen.view', outcome: 'denied', actor_id: qc.id, entity_id: recordingId },
    ]);
  });

  it('QC hears it once the session has ended; signed out gets 401', async () => {
    await sql`UPDATE service_sessions SET status = 'ended', ended_at = now(), outcome = 'resolved' WHERE id = ${sessionId}`;
    expect((await playAs(qc, recordingId)).status).toBe(200);
    actAs(null);
    const res = await play(new Request(`http://localhost/api/recordings/${recordingId}`), { params: Promise.resolve({ recordingId }) });
    expect(res.status).toBe(401);
  });
});

describe('the recorder integration endpoint', () => {
  it('refuses a bad token with 401, audited', async () => {
    const s = await endedSession(teller.id);
    const form = new FormData();
    form.append('sessionId', s);
    form.append('file', wavBlob(0.2));
    const seq = await maxAuditSeq();
    expect((await deliver(form, 'wrong-token-wrong-token-wrong')).status).toBe(401);
    expect(await auditSince(seq)).toMatchObject([{ action: 'integration.recording', outcome: 'denied', details: { reason: 'bad_token' } }]);
  });

  it('accepts a multipart file with its start time, for any session, and audits it', async () => {
    const sessionId = await endedSession(teller.id);
    const form = new FormData();
    form.append('sessionId', sessionId);
    form.append('startedAt', '2026-11-23T10:00:00+08:00');
    form.append('file', wavBlob(0.4, [0.1]));
    const res = await deliver(form);
    expect(res.status).toBe(201);
    const [row] = await sql<{ source: string; started_at: Date; added_via: string }[]>`SELECT source, started_at, added_via FROM session_recordings WHERE session_id = ${sessionId}`;
    expect(row!.source).toBe('integration');
    expect(new Date(row!.started_at).toISOString()).toBe('2026-11-23T02:00:00.000Z');
  });

  it('fetches from an allow-listed host only, without following redirects, and checks the bytes', async () => {
    const sessionId = await endedSession(teller.id);
    expect((await deliver({ sessionId, url: `${recorder.url}/calls/1.wav` })).status).toBe(201);
    const before = await businessChecksums();
    expect((await deliver({ sessionId, url: 'http://evil.example/calls/1.wav' })).status).toBe(403);
    expect((await deliver({ sessionId, url: `${recorder.url}/calls/redirect` })).status).toBe(502);
    expect((await deliver({ sessionId, url: `${recorder.url}/calls/not-audio` })).status).toBe(415);
    expect((await deliver({ sessionId, url: 'file:///etc/passwd' })).status).toBe(403);
    expect((await deliver({ sessionId: 'nope', url: `${recorder.url}/calls/1.wav` })).status).toBe(400);
    expect(await businessChecksums()).toEqual({ ...before, integrations: (await businessChecksums()).integrations });
  });
});
