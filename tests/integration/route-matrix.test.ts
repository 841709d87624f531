import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { NextRequest } from 'next/server';
import { encode } from 'next-auth/jwt';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from '@/db';
import { upsertIntegration, type IntegrationCapability } from '@/db/queries/credentials';
import { createStaffSession } from '@/db/queries/staff-sessions';
import { actions, dataRoutes, screens, type ActionName, type DataRoutePath, type ScreenPath } from '@/lib/auth/permissions';
import { ROLES, type Role } from '@/lib/auth/roles';
import { submitOpenAccount } from '@/lib/cases/account-business';
import { authSecret } from '@/lib/config';
import { uploadCaseDocument } from '@/lib/documents/service';
import { addRecording } from '@/lib/recordings/service';
import { synthesizeCallAudio } from '@/lib/recordings/wav';
import { endSession } from '@/lib/sessions/service';
import { samplePng, sessionWithAccount } from './card-factories';
import { makeStaff, makeUser, sessionWithCustomer, uniqueName, type TestUser } from './factories';
import { actAs, auditSince, businessChecksums, maxAuditSeq, type AuditRowLite } from './helpers';

/**
 * ASVS 8.2: every route handler under app/api (found on disk), every HTTP method it exports, called by every role and
 * signed out. Only the callers the permission map lets in get through; everyone else is refused (401 signed out, 403
 * wrong role) with nothing in the body, audited where the code audits refusals, and not one business row changed.
 * Parameterised routes also get their object-level checks (ASVS 8.2.2): another teller's object is refused like a
 * missing one.
 */

// Auth.js's route re-exports the real `handlers`: the setup's mock of '@/auth' (auth() names the test's session) is
// kept and the real handlers added. next-auth imports "next/server" without an extension, which Node's own resolver
// (it loads node_modules) refuses: the hook below adds it, for next-auth's benefit only.
vi.mock('@/auth', async (importOriginal) => {
  const { register } = await import('node:module');
  const hook = `export async function resolve(s, c, next) { return next(/^next\\/(server|headers|navigation)$/.test(s) ? s + '.js' : s, c); }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  const real = await importOriginal<typeof import('@/auth')>();
  type State = { current: string | null; scoped: { getStore(): { sid: string | null } | undefined } };
  const state = () => (globalThis as unknown as { __testAuth: State }).__testAuth;
  return {
    ...real,
    auth: async () => {
      const scoped = state().scoped.getStore();
      const sid = scoped ? scoped.sid : state().current;
      return sid ? { sid } : null;
    },
    updateSession: async (data: { sid: string }) => {
      const scoped = state().scoped.getStore();
      if (scoped) scoped.sid = data.sid;
      else state().current = data.sid;
    },
  };
});

const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Caller = Role | 'signed-out';
const CALLERS: Caller[] = [...ROLES, 'signed-out'];
const IP = '203.0.113.7';

type Objects = { openSessionId: string; collectingCaseId: string; openDocumentId: string; openRecordingId: string; endedDocumentId: string; endedRecordingId: string };
type Fixture = { users: Record<Role, TestUser>; other: TestUser; mine: Objects; theirs: Objects; tokens: Record<IntegrationCapability, string> };
type Call = { path: string; params?: Record<string, string>; init?: RequestInit; query?: string };

/**
 * Who may call a method: `guard` through guardRoute(gate), `action` through roleRoute(action) (both the permission
 * map); `signed-in` any staff member for their own sign-in (the heartbeat); `public` everyone; `integration` nobody
 * signed in, only the holder of an integration token with the capability.
 */
type Access =
  | { kind: 'guard'; gate: ScreenPath | DataRoutePath }
  | { kind: 'action'; action: ActionName }
  | { kind: 'signed-in' }
  | { kind: 'public' }
  | { kind: 'integration'; capability: IntegrationCapability };
type Spec = Access & {
  request: (f: Fixture) => Call;
  /** The allowed caller's status. */
  ok: number;
  /** Server-sent events: status and headers only, then the stream is cancelled. */
  stream?: boolean;
};

// A different recording each call: the same bytes twice in a session are refused as already there.
let wavs = 0;
const wav = () => Buffer.from(synthesizeCallAudio(0.5 + ++wavs / 100));
async function form(fields: Record<string, string | Blob>): Promise<RequestInit> {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  return { method: 'POST', body };
}

// The table: every route file under app/api and every method it exports. A file or method not listed fails below.
const ROUTES: Record<string, Partial<Record<Method, Spec>>> = {
  'app/api/auth/[...nextauth]/route.ts': {
    GET: { kind: 'public', ok: 200, request: () => ({ path: '/api/auth/session', params: { nextauth: 'session' } }) },
    // A sign-in posted without Auth.js's CSRF token (as a cross-site form would): sent back to the sign-in page.
    POST: { kind: 'public', ok: 302, request: () => ({ path: '/api/auth/callback/credentials', params: { nextauth: 'callback,credentials' }, init: { method: 'POST', body: new URLSearchParams({ username: 'nobody', password: 'x' }) } }) },
  },
  'app/api/board/events/route.ts': { GET: { kind: 'guard', gate: '/api/board/tiles', ok: 200, stream: true, request: () => ({ path: '/api/board/events' }) } },
  'app/api/board/export/route.ts': { GET: { kind: 'guard', gate: '/api/board/export', ok: 200, request: () => ({ path: '/api/board/export', query: 'list=sessions-open&format=csv' }) } },
  'app/api/board/tiles/route.ts': { GET: { kind: 'guard', gate: '/api/board/tiles', ok: 200, request: () => ({ path: '/api/board/tiles' }) } },
  'app/api/cases/[caseId]/documents/route.ts': {
    POST: { kind: 'action', action: 'document.upload', ok: 200, request: (f) => ({ path: `/api/cases/${f.mine.collectingCaseId}/documents`, params: { caseId: f.mine.collectingCaseId } }) },
  },
  'app/api/cases/queue/events/route.ts': { GET: { kind: 'guard', gate: '/api/cases/queue', ok: 200, stream: true, request: () => ({ path: '/api/cases/queue/events' }) } },
  'app/api/cases/queue/route.ts': { GET: { kind: 'guard', gate: '/api/cases/queue', ok: 200, request: () => ({ path: '/api/cases/queue' }) } },
  'app/api/documents/[documentId]/route.ts': {
    GET: { kind: 'guard', gate: '/api/documents', ok: 200, request: (f) => ({ path: `/api/documents/${f.mine.endedDocumentId}`, params: { documentId: f.mine.endedDocumentId } }) },
  },
  'app/api/health/route.ts': { GET: { kind: 'public', ok: 200, request: () => ({ path: '/api/health' }) } },
  'app/api/integrations/telephony/password/route.ts': { POST: { kind: 'integration', capability: 'keypad', ok: 400, request: () => ({ path: '/api/integrations/telephony/password', init: { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } } }) } },
  'app/api/integrations/telephony/recordings/route.ts': { POST: { kind: 'integration', capability: 'recording', ok: 400, request: () => ({ path: '/api/integrations/telephony/recordings', init: { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } } }) } },
  'app/api/kb/preview/route.ts': { POST: { kind: 'guard', gate: '/api/kb/preview', ok: 200, request: () => ({ path: '/api/kb/preview', init: { method: 'POST', body: '# 转账限额\n\n**注意**' } }) } },
  'app/api/kb/search/route.ts': { GET: { kind: 'guard', gate: '/api/kb/search', ok: 200, request: () => ({ path: '/api/kb/search', query: 'q=限额' }) } },
  'app/api/live/sessions/events/route.ts': { GET: { kind: 'guard', gate: '/supervisor/live', ok: 200, stream: true, request: () => ({ path: '/api/live/sessions/events' }) } },
  'app/api/live/sessions/route.ts': { GET: { kind: 'guard', gate: '/supervisor/live', ok: 200, request: () => ({ path: '/api/live/sessions' }) } },
  'app/api/quality/report/route.ts': { GET: { kind: 'guard', gate: '/api/quality/report', ok: 200, request: () => ({ path: '/api/quality/report', query: 'month=2019-01' }) } },
  'app/api/recordings/[recordingId]/route.ts': {
    GET: { kind: 'guard', gate: '/api/recordings', ok: 200, request: (f) => ({ path: `/api/recordings/${f.mine.endedRecordingId}`, params: { recordingId: f.mine.endedRecordingId } }) },
  },
  'app/api/session/ping/route.ts': {
    POST: { kind: 'signed-in', ok: 204, request: () => ({ path: '/api/session/ping', init: { method: 'POST' } }) },
    // Ends the caller's own sign-in (a fresh one per case, see below); signed out there is nothing to end.
    DELETE: { kind: 'signed-in', ok: 204, request: () => ({ path: '/api/session/ping', init: { method: 'DELETE' } }) },
  },
  'app/api/sessions/[sessionId]/cases/events/route.ts': {
    GET: { kind: 'guard', gate: '/api/sessions/cases', ok: 200, stream: true, request: (f) => ({ path: `/api/sessions/${f.mine.openSessionId}/cases/events`, params: { sessionId: f.mine.openSessionId } }) },
  },
  'app/api/sessions/[sessionId]/recordings/route.ts': {
    POST: { kind: 'action', action: 'recording.upload', ok: 200, request: (f) => ({ path: `/api/sessions/${f.mine.openSessionId}/recordings`, params: { sessionId: f.mine.openSessionId } }) },
  },
};

/** The roles let in, from the permission map; null for routes nobody signs in to (integrations). */
function allowedRoles(spec: Spec): readonly Role[] | null {
  if (spec.kind === 'guard') return spec.gate.startsWith('/api/') ? dataRoutes[spec.gate as DataRoutePath] : screens[spec.gate as ScreenPath];
  if (spec.kind === 'action') return actions[spec.action];
  if (spec.kind === 'integration') return null;
  return ROLES;
}

/** Whether `caller` gets through: the map's roles; signed out only the public routes and ending a sign-in (a no-op). */
function mayCall(spec: Spec, method: Method, caller: Caller): boolean {
  if (caller === 'signed-out') return spec.kind === 'public' || (spec.kind === 'signed-in' && method === 'DELETE');
  return allowedRoles(spec)?.includes(caller) ?? false;
}

/** Route files on disk, relative to the project (Next.js also accepts route.js/.tsx...). */
function routeFiles(): string[] {
  const dir = path.resolve(process.cwd(), 'app/api');
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((p) => /(^|[\\/])route\.(ts|tsx|js|jsx|mjs)$/.test(p))
    .map((p) => `app/api/${p.split(path.sep).join('/')}`)
    .sort();
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const modules = new Map<string, Record<string, unknown>>();
const load = async (file: string) => modules.get(file) ?? modules.set(file, await import(/* @vite-ignore */ path.resolve(process.cwd(), file))).get(file)!;

/** Calls the route's method as Next.js would, as `sid` (null: signed out), with its body from `extra`. */
async function call(file: string, method: Method, c: Call, sid: string | null, extra: { init?: RequestInit; headers?: Record<string, string> } = {}) {
  actAs(sid);
  const handler = (await load(file))[method] as Handler;
  const controller = new AbortController();
  const init = { ...c.init, ...extra.init };
  const headers = new Headers({ 'x-forwarded-for': IP, ...(init.headers as Record<string, string> | undefined), ...extra.headers });
  const req = new NextRequest(`http://localhost${c.path}${c.query ? `?${c.query}` : ''}`, { ...init, method, headers, signal: controller.signal });
  const res = await handler(req, { params: Promise.resolve(c.params ?? {}) });
  return { res, controller };
}

/** A stream's status and headers are all we read: closed at once, so no test waits on it. */
async function closeStream(r: { res: Response; controller: AbortController }) {
  r.controller.abort();
  await r.res.body?.cancel();
}

/** The body a caller sends: a real file for the uploads, so a refusal is seen to come before the body is read. */
async function bodyFor(spec: Spec): Promise<RequestInit | undefined> {
  if (spec.kind !== 'action') return undefined;
  if (spec.action === 'document.upload') return form({ kind: 'application_form', file: new File([Buffer.from(await samplePng())], 'form.png', { type: 'image/png' }) });
  return form({ file: new File([wav()], 'call.wav', { type: 'audio/wav' }) });
}

/** Objects of `tellerId`: an open session with a recording, a case collecting documents (one uploaded), and an ended session's document and recording. */
async function objectsOf(tellerId: string): Promise<Objects> {
  const recording = async (sessionId: string) => (await addRecording({ sessionId, bytes: new Uint8Array(wav()), by: { staffId: tellerId }, source: 'upload' })).id;
  const collectingCase = async () => {
    const s = await sessionWithAccount(tellerId);
    const c = await submitOpenAccount(s.sessionId, tellerId, { accountKind: 'savings', idempotencyKey: randomUUID() });
    const doc = await uploadCaseDocument({ caseId: c.id, tellerId, kind: 'id_front', bytes: await samplePng() });
    return { sessionId: s.sessionId, caseId: c.id, documentId: doc.id };
  };
  const open = await sessionWithCustomer(tellerId);
  const collecting = await collectingCase();
  const ended = await collectingCase();
  const endedRecordingId = await recording(ended.sessionId);
  await endSession(ended.sessionId, tellerId, 'resolved', 5);
  return {
    openSessionId: open.sessionId,
    openRecordingId: await recording(open.sessionId),
    collectingCaseId: collecting.caseId,
    openDocumentId: collecting.documentId,
    endedDocumentId: ended.documentId,
    endedRecordingId,
  };
}

let f: Fixture;
beforeAll(async () => {
  for (const file of routeFiles()) await load(file);
  const users = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await makeUser(r)] as const))) as Record<Role, TestUser>;
  const other = await makeUser('teller');
  const tokens = { keypad: `route-matrix-keypad-${randomUUID()}`, recording: `route-matrix-recorder-${randomUUID()}` };
  await upsertIntegration({ name: uniqueName('rm-ivr'), token: tokens.keypad, capabilities: ['keypad'], createdBy: null });
  await upsertIntegration({ name: uniqueName('rm-rec'), token: tokens.recording, capabilities: ['recording'], createdBy: null });
  f = { users, other, mine: await objectsOf(users.teller.id), theirs: await objectsOf(other.id), tokens };
});

const matrix = Object.entries(ROUTES).flatMap(([file, methods]) =>
  Object.entries(methods).flatMap(([method, spec]) => CALLERS.map((caller) => ({ file, method: method as Method, spec: spec!, caller, label: `${method} ${file.replace(/^app|\/route\.ts$/g, '')}` }))),
);
const checked = new Set<string>();

describe('the table of routes', () => {
  it('lists every route file on disk, and every HTTP method each exports', async () => {
    expect(Object.keys(ROUTES).sort()).toEqual(routeFiles());
    for (const file of routeFiles()) {
      const mod = await load(file);
      const exported = HTTP_METHODS.filter((m) => typeof mod[m] === 'function');
      expect(exported, file).toEqual(HTTP_METHODS.filter((m) => m in ROUTES[file]!));
    }
  });

  it('names the gate each handler really uses', async () => {
    for (const [file, methods] of Object.entries(ROUTES)) {
      const source = fs.readFileSync(path.resolve(process.cwd(), file), 'utf8');
      for (const [method, spec] of Object.entries(methods)) {
        if (spec!.kind === 'guard') expect(source, file).toContain(`guardRoute('${spec!.gate}')`);
        if (spec!.kind === 'action') expect(((await load(file))[method] as { actionName?: string }).actionName, file).toBe(spec!.action);
      }
    }
    // The integration endpoints are the handlers that check the token first; Auth.js's route is its bare re-export.
    const { handleKeypad } = await import('@/lib/integrations/telephony');
    const { handleRecordingDelivery } = await import('@/lib/integrations/recordings');
    const { handlers } = await import('@/auth');
    expect((await load('app/api/integrations/telephony/password/route.ts')).POST).toBe(handleKeypad);
    expect((await load('app/api/integrations/telephony/recordings/route.ts')).POST).toBe(handleRecordingDelivery);
    expect((await load('app/api/auth/[...nextauth]/route.ts')).GET).toBe(handlers.GET);
    expect((await load('app/api/auth/[...nextauth]/route.ts')).POST).toBe(handlers.POST);
  });
});

/** The Auth.js session cookie a signed-in caller's browser holds (the JWT naming their server-side session). */
async function sessionCookie(user: TestUser): Promise<string> {
  const name = 'authjs.session-token';
  const token = await encode({ token: { sub: user.id, name: user.displayName, sid: user.sid, role: user.role }, secret: authSecret(), salt: name });
  return `${name}=${token}`;
}

const denials = (rows: AuditRowLite[]) => rows.filter((r) => r.outcome === 'denied');

describe('every route × method × caller', () => {
  it.each(matrix)('$label as $caller', async ({ file, method, spec, caller, label }) => {
    const user = caller === 'signed-out' ? null : f.users[caller];
    const allowed = mayCall(spec, method, caller);
    // Ending a sign-in must not end the one the other cases use.
    const sid = user && spec.kind === 'signed-in' && method === 'DELETE' ? await createStaffSession(user.id) : (user?.sid ?? null);
    const headers: Record<string, string> = spec.kind === 'public' && user ? { cookie: await sessionCookie(user) } : {};
    const before = await businessChecksums();
    const seq = await maxAuditSeq();

    const r = await call(file, method, spec.request(f), sid, { init: await bodyFor(spec), headers });
    const audit = await auditSince(seq);
    const after = await businessChecksums();

    if (!allowed) {
      const expected = spec.kind === 'integration' || !user ? 401 : 403;
      expect(r.res.status, label).toBe(expected);
      expect(r.res.headers.get('cache-control')).toBe('no-store');
      if (spec.kind === 'guard') {
        // guardRoute: no body at all; every refusal audited as a refused view of the gate, as the action wrapper audits
        // its own: who (nobody, signed out), outcome denied, why, the request id and address.
        expect(await r.res.text()).toBe('');
        expect(audit).toEqual([{ seq: expect.any(Number), action: 'screen.view', outcome: 'denied', actor_id: user?.id ?? null, actor_role: user ? caller : null, entity_id: spec.gate, ip: IP, details: { reason: user ? 'role' : 'signed_out' } }]);
        const [row] = await sql<{ entity_type: string; request_id: string | null; age: number }[]>`SELECT entity_type, request_id, extract(epoch FROM now() - occurred_at)::float AS age FROM audit_events WHERE seq = ${audit[0]!.seq}`;
        expect(row).toEqual({ entity_type: 'screen', request_id: expect.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), age: expect.any(Number) });
        expect(row!.age).toBeLessThan(60);
      } else if (spec.kind === 'signed-in') {
        // The heartbeat signed out: a 401 that is the answer to "am I still signed in?" (the shell then goes to the
        // sign-in page), not a refused view, so nothing to audit.
        expect(await r.res.text()).toBe('');
        expect(audit).toEqual([]);
      } else if (spec.kind === 'action') {
        expect(await r.res.json()).toEqual({ ok: false, message: user ? 'errors.forbidden' : 'errors.signedOut', fieldErrors: {} });
        const target = spec.request(f).params!;
        expect(audit).toEqual([expect.objectContaining({ action: spec.action, outcome: 'denied', actor_id: user?.id ?? null, ip: IP, entity_id: Object.values(target)[0], details: { reason: user ? 'role' : 'signed_out' } })]);
      } else if (spec.kind === 'integration') {
        // An integration: a staff member's sign-in is no credential there. Refused for want of a token, audited.
        expect(r.res.headers.get('www-authenticate')).toBe('Bearer');
        expect(await r.res.json()).toEqual({ error: 'unauthorized' });
        expect(audit).toEqual([expect.objectContaining({ action: `integration.${spec.capability}`, outcome: 'denied', actor_id: null, ip: IP, details: { reason: 'no_token' } })]);
      } else {
        throw new Error(`${label} is public, yet refused ${caller}`);
      }
      expect(after).toEqual(before);
      checked.add(`${label} ${caller}`);
      return;
    }

    expect(r.res.status, `${label}: ${r.res.status === spec.ok ? '' : await r.res.clone().text()}`).toBe(spec.ok);
    expect(denials(audit)).toEqual([]);
    if (spec.stream) {
      expect(r.res.headers.get('content-type')).toBe('text/event-stream');
      expect(r.res.headers.get('cache-control')).toBe('no-store');
      await closeStream(r);
    }
    if (spec.kind === 'action') {
      expect(await r.res.json()).toMatchObject({ ok: true, data: { id: expect.any(String) } });
      expect(audit).toMatchObject([{ action: spec.action, outcome: 'ok', actor_id: user!.id }]);
    } else if (spec.kind === 'signed-in' && method === 'DELETE') {
      // The caller's own sign-in ended, and only it; signed out, nothing at all.
      const { staff_sessions: sessionsAfter, ...rest } = after;
      const { staff_sessions: sessionsBefore, ...restBefore } = before;
      expect(rest).toEqual(restBefore);
      if (user) {
        expect(sessionsAfter).not.toEqual(sessionsBefore);
        expect(await sql`SELECT staff_id, end_reason FROM staff_sessions WHERE ended_at IS NOT NULL AND id = ${sid}`).toEqual([{ staff_id: user.id, end_reason: 'idle_timeout' }]);
        expect(await sql`SELECT count(*)::int AS n FROM staff_sessions WHERE id = ${user.sid} AND ended_at IS NULL`).toEqual([{ n: 1 }]);
        expect(audit).toMatchObject([{ action: 'auth.idle_timeout', actor_id: user.id }]);
      } else {
        expect(sessionsAfter).toEqual(sessionsBefore);
        expect(audit).toEqual([]);
      }
    } else {
      // Reading (and the heartbeat, Auth.js's public endpoints, health) writes no business row.
      expect(after).toEqual(before);
    }
    if (file === 'app/api/health/route.ts') {
      // Public by design, so it says whether the service is up and nothing else.
      expect(await r.res.json()).toEqual({ ok: true });
      expect(r.res.headers.get('set-cookie')).toBeNull();
    }
    if (file.startsWith('app/api/auth/') && method === 'GET') {
      // Auth.js's session endpoint: nothing for the signed out; only their own session for a signed-in caller.
      const session = await r.res.json();
      if (!user) expect(session).toBeNull();
      else expect(session).toEqual({ sid: user.sid, user: { name: user.displayName }, expires: expect.any(String) });
    }
    if (file.startsWith('app/api/auth/') && method === 'POST') expect(r.res.headers.get('location')).toBe('http://localhost/login?error=MissingCSRF');
    checked.add(`${label} ${caller}`);
  });

  it(`checked ${matrix.length} combinations (routes × methods × callers)`, () => {
    const methods = Object.values(ROUTES).reduce((n, m) => n + Object.keys(m).length, 0);
    console.info(`route matrix: ${Object.keys(ROUTES).length} route files, ${methods} methods × ${CALLERS.length} callers = ${matrix.length} combinations, ${checked.size} passed`);
    expect(matrix.length).toBe(methods * CALLERS.length);
    expect(checked.size).toBe(matrix.length);
  });
});

// Integration rows other than the time of their last use (which a presented token updates, refused or not).
async function integrationsChecksum(): Promise<string | null> {
  const [row] = await sql<{ sum: string | null }[]>`SELECT md5(string_agg((to_jsonb(i) - 'last_used_at')::text, '|' ORDER BY i.id)) AS sum FROM integrations i`;
  return row!.sum;
}

describe('the integration endpoints', () => {
  const endpoints = Object.entries(ROUTES).flatMap(([file, methods]) => Object.entries(methods).filter(([, s]) => s!.kind === 'integration').map(([method, spec]) => ({ file, method: method as Method, spec: spec as Spec & { kind: 'integration' } })));
  const other = (c: IntegrationCapability): IntegrationCapability => (c === 'keypad' ? 'recording' : 'keypad');

  it.each(endpoints)('$file refuses a wrong token (401) and another integration’s token (403), audited, and lets its own through', async ({ file, method, spec }) => {
    expect(endpoints).toHaveLength(2);
    for (const [token, status, reason] of [[`not-a-token-${randomUUID()}`, 401, 'bad_token'], [f.tokens[other(spec.capability)], 403, 'capability']] as const) {
      const before = await businessChecksums();
      const integrations = await integrationsChecksum();
      const seq = await maxAuditSeq();
      const r = await call(file, method, spec.request(f), f.users.admin.sid, { headers: { authorization: `Bearer ${token}` } });
      expect(r.res.status).toBe(status);
      expect(await r.res.json()).toEqual({ error: status === 401 ? 'unauthorized' : 'forbidden' });
      expect(await auditSince(seq)).toEqual([expect.objectContaining({ action: `integration.${spec.capability}`, outcome: 'denied', actor_id: null, details: expect.objectContaining({ reason }) })]);
      const { integrations: _a, ...after } = await businessChecksums();
      const { integrations: _b, ...rest } = before;
      expect(after).toEqual(rest);
      expect(await integrationsChecksum()).toBe(integrations);
    }
    // Its own token passes the check: the empty body is then refused as invalid input, past authentication.
    const seq = await maxAuditSeq();
    const r = await call(file, method, spec.request(f), null, { headers: { authorization: `Bearer ${f.tokens[spec.capability]}` } });
    expect(r.res.status).toBe(spec.ok);
    expect(await r.res.json()).toMatchObject({ error: 'invalid' });
    expect(await auditSince(seq)).toEqual([expect.objectContaining({ action: `integration.${spec.capability}`, outcome: 'failed', details: expect.objectContaining({ reason: 'invalid_input' }) })]);
  });
});

/**
 * ASVS 8.2.2: the parameterised routes, by a teller allowed the route, for another teller's object. Refused exactly as a
 * missing object is (no hint it exists), with no data in the body, the refusal audited, nothing changed.
 */
type ObjectCase = {
  label: string;
  file: string;
  method: Method;
  caller: () => TestUser;
  theirs: () => Call;
  missing: (id: string) => Call;
  /** The refusal's audit row, and the type of object it names. */
  audit: (id: string, user: TestUser) => Partial<AuditRowLite>;
  entityType: string;
};
const viewAudit = (id: string, user: TestUser) => ({ action: 'screen.view', outcome: 'denied', actor_id: user.id, entity_id: id, ip: IP });
const objectCases: ObjectCase[] = [
  {
    label: 'a teller, another teller’s document',
    file: 'app/api/documents/[documentId]/route.ts', method: 'GET', caller: () => f.users.teller,
    theirs: () => ({ path: `/api/documents/${f.theirs.endedDocumentId}`, params: { documentId: f.theirs.endedDocumentId } }),
    missing: (id) => ({ path: `/api/documents/${id}`, params: { documentId: id } }),
    audit: viewAudit,
    entityType: 'case_document',
  },
  {
    label: 'a teller, another teller’s recording',
    file: 'app/api/recordings/[recordingId]/route.ts', method: 'GET', caller: () => f.users.teller,
    theirs: () => ({ path: `/api/recordings/${f.theirs.endedRecordingId}`, params: { recordingId: f.theirs.endedRecordingId } }),
    missing: (id) => ({ path: `/api/recordings/${id}`, params: { recordingId: id } }),
    audit: viewAudit,
    entityType: 'session_recording',
  },
  {
    label: 'a teller, another teller’s session’s live cases',
    file: 'app/api/sessions/[sessionId]/cases/events/route.ts', method: 'GET', caller: () => f.users.teller,
    theirs: () => ({ path: `/api/sessions/${f.theirs.openSessionId}/cases/events`, params: { sessionId: f.theirs.openSessionId } }),
    missing: (id) => ({ path: `/api/sessions/${id}/cases/events`, params: { sessionId: id } }),
    audit: viewAudit,
    entityType: 'service_session',
  },
  {
    label: 'a teller, a document upload to another teller’s case',
    file: 'app/api/cases/[caseId]/documents/route.ts', method: 'POST', caller: () => f.users.teller,
    theirs: () => ({ path: `/api/cases/${f.theirs.collectingCaseId}/documents`, params: { caseId: f.theirs.collectingCaseId } }),
    missing: (id) => ({ path: `/api/cases/${id}/documents`, params: { caseId: id } }),
    audit: (id, user) => ({ action: 'document.upload', outcome: 'denied', actor_id: user.id, entity_id: id, details: { reason: 'errors.notFound' } }),
    entityType: 'case',
  },
  {
    label: 'a teller, a recording upload to another teller’s session',
    file: 'app/api/sessions/[sessionId]/recordings/route.ts', method: 'POST', caller: () => f.users.teller,
    theirs: () => ({ path: `/api/sessions/${f.theirs.openSessionId}/recordings`, params: { sessionId: f.theirs.openSessionId } }),
    missing: (id) => ({ path: `/api/sessions/${id}/recordings`, params: { sessionId: id } }),
    audit: (id, user) => ({ action: 'recording.upload', outcome: 'denied', actor_id: user.id, entity_id: id, details: { reason: 'errors.notFound' } }),
    entityType: 'service_session',
  },
  {
    label: 'QC, a document of a session still open',
    file: 'app/api/documents/[documentId]/route.ts', method: 'GET', caller: () => f.users.qc,
    theirs: () => ({ path: `/api/documents/${f.theirs.openDocumentId}`, params: { documentId: f.theirs.openDocumentId } }),
    missing: (id) => ({ path: `/api/documents/${id}`, params: { documentId: id } }),
    audit: viewAudit,
    entityType: 'case_document',
  },
  {
    label: 'QC, a recording of a session still open',
    file: 'app/api/recordings/[recordingId]/route.ts', method: 'GET', caller: () => f.users.qc,
    theirs: () => ({ path: `/api/recordings/${f.theirs.openRecordingId}`, params: { recordingId: f.theirs.openRecordingId } }),
    missing: (id) => ({ path: `/api/recordings/${id}`, params: { recordingId: id } }),
    audit: viewAudit,
    entityType: 'session_recording',
  },
];

describe('object-level checks on the parameterised routes', () => {
  it('cover every route with an id in its path', () => {
    const parameterised = Object.keys(ROUTES).filter((file) => file.includes('/[') && !file.includes('[...'));
    expect([...new Set(objectCases.map((c) => c.file))].sort()).toEqual(parameterised.sort());
  });

  it.each(objectCases)('$label: refused like a missing one, audited, nothing changed', async (c) => {
    const spec = ROUTES[c.file]![c.method]!;
    const user = c.caller();
    const before = await businessChecksums();
    const seq = await maxAuditSeq();
    const theirs = await call(c.file, c.method, c.theirs(), user.sid, { init: await bodyFor(spec) });
    const theirsBody = await theirs.res.text();
    const audit = await auditSince(seq);
    expect(await businessChecksums()).toEqual(before);
    expect([403, 404, 422]).toContain(theirs.res.status);
    const id = Object.values(c.theirs().params!)[0]!;
    expect(audit).toMatchObject([c.audit(id, user)]);
    expect(audit).toHaveLength(1);
    expect(await sql`SELECT entity_type FROM audit_events WHERE seq > ${seq}`).toEqual([{ entity_type: c.entityType }]);
    // The same answer as for an id that names nothing: no body (views), or the wrapper's refusal without data.
    const missing = await call(c.file, c.method, c.missing(randomUUID()), user.sid, { init: await bodyFor(spec) });
    expect(theirs.res.status).toBe(missing.res.status);
    expect(theirsBody).toBe(await missing.res.text());
    if (spec.kind === 'action') expect(JSON.parse(theirsBody)).toEqual({ ok: false, message: 'errors.notFound', fieldErrors: {} });
    else expect(theirsBody).toBe('');
    expect(theirs.res.headers.get('content-type') ?? '').not.toMatch(/^(audio|video|image|application\/pdf|text\/event-stream)/);
  });
});

describe('a supervisor without an authenticator', () => {
  const gated = Object.entries(ROUTES).flatMap(([file, methods]) =>
    Object.entries(methods)
      .filter(([, s]) => s!.kind === 'guard' && allowedRoles(s!)!.includes('supervisor'))
      .map(([method, spec]) => ({ file, method: method as Method, spec: spec!, label: `${method} ${file}` })),
  );

  it.each(gated)('is refused $label (403, audited) until they set one up', async ({ file, method, spec }) => {
    const member = await makeStaff('supervisor', { mfa: false });
    const sid = await createStaffSession(member.id);
    const before = await businessChecksums();
    const seq = await maxAuditSeq();
    const r = await call(file, method, spec.request(f), sid);
    expect(r.res.status).toBe(403);
    expect(await r.res.text()).toBe('');
    expect(await auditSince(seq)).toMatchObject([{ action: 'screen.view', outcome: 'denied', actor_id: member.id, entity_id: (spec as { gate: string }).gate, details: { reason: 'mfa_enrolment' } }]);
    expect(await businessChecksums()).toEqual(before);
  });
});
