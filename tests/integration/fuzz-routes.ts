import fc from 'fast-check';
import { dataRoutes, screens, type DataRoutePath } from '@/lib/auth/permissions';
import type { Role } from '@/lib/auth/roles';
import { BOARD_LISTS } from '@/lib/board/lists';
import { BUSINESS_TYPES } from '@/lib/cases/approval-policy';
import * as boardExport from '@/app/api/board/export/route';
import * as boardTiles from '@/app/api/board/tiles/route';
import * as boardEvents from '@/app/api/board/events/route';
import * as casesQueue from '@/app/api/cases/queue/route';
import * as casesQueueEvents from '@/app/api/cases/queue/events/route';
import * as documentView from '@/app/api/documents/[documentId]/route';
import * as health from '@/app/api/health/route';
import * as kbPreview from '@/app/api/kb/preview/route';
import * as kbSearch from '@/app/api/kb/search/route';
import * as liveSessions from '@/app/api/live/sessions/route';
import * as liveSessionEvents from '@/app/api/live/sessions/events/route';
import * as qualityReport from '@/app/api/quality/report/route';
import * as recordingView from '@/app/api/recordings/[recordingId]/route';
import * as sessionPing from '@/app/api/session/ping/route';
import * as sessionCaseEvents from '@/app/api/sessions/[sessionId]/cases/events/route';
import * as telephonyPassword from '@/app/api/integrations/telephony/password/route';
import * as telephonyRecordings from '@/app/api/integrations/telephony/recordings/route';
import { fileArb, formJunk, headerValue, hugeString, idArb, nastyString, type FuzzContext } from './fuzz-inputs';

/** The route handlers under app/api the fuzz suite calls as Next.js would (the upload routes go with the actions). */
export type RouteTarget = {
  label: string;
  /** Who may call it at all; the rest get 401/403. null: not behind a sign-in (integrations, health, heartbeat). */
  roles: readonly Role[] | null;
  method: 'GET' | 'POST';
  handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
  /** The route's dynamic segment, if any. */
  param?: string;
  /** Query parameters it reads, with values that may be right. */
  query?: Record<string, fc.Arbitrary<string>>;
  /** Whether an accepted call writes business rows (an integration's does); a refusal never may. */
  writes?: boolean;
};

type Handler = RouteTarget['handler'];

// A queue cursor's shape with dates JavaScript reads and PostgreSQL refuses (30 February, hour 24, year 0).
const cursor = fc
  .tuple(fc.constantFrom('2024-01-15', '2024-02-30', '0000-01-01', '2024-13-01', '9999-12-31', '1970-01-01'), fc.constantFrom('00:00:00', '23:59:60', '24:00:00', '12:30:45'), fc.uuid())
  .map(([d, t, id]) => `${d}T${t}.000000Z|${id}`);
const day = fc.constantFrom('2024-01-15', '2024-02-30', '2024-02-29', '2023-02-29', '0000-01-01', '9999-12-31', '2035-10-01', '1900-01-01', '');
const text = (values: string[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...values) }, { weight: 2, arbitrary: nastyString }, { weight: 1, arbitrary: hugeString });

/** By the permission map's data routes (typed, and checked by the suite: a new data route must be added here). */
export const DATA_ROUTES: Record<DataRoutePath, RouteTarget[]> = {
  '/api/cases/queue': [
    { label: 'GET /api/cases/queue', roles: dataRoutes['/api/cases/queue'], method: 'GET', handler: casesQueue.GET, query: { type: text([...BUSINESS_TYPES, 'x']), overdue: text(['1', '0']), after: fc.oneof(cursor, text([''])) } },
    { label: 'GET /api/cases/queue/events', roles: dataRoutes['/api/cases/queue'], method: 'GET', handler: casesQueueEvents.GET },
  ],
  '/api/sessions/cases': [{ label: 'GET /api/sessions/:sessionId/cases/events', roles: dataRoutes['/api/sessions/cases'], method: 'GET', handler: sessionCaseEvents.GET as Handler, param: 'sessionId' }],
  '/api/recordings': [{ label: 'GET /api/recordings/:recordingId', roles: dataRoutes['/api/recordings'], method: 'GET', handler: recordingView.GET as Handler, param: 'recordingId' }],
  '/api/documents': [{ label: 'GET /api/documents/:documentId', roles: dataRoutes['/api/documents'], method: 'GET', handler: documentView.GET as Handler, param: 'documentId', query: { thumb: text(['1', '0']) } }],
  '/api/quality/report': [{ label: 'GET /api/quality/report', roles: dataRoutes['/api/quality/report'], method: 'GET', handler: qualityReport.GET, query: { month: text(['2019-01', '2024-02', '2024-13', '0000-00', '9999-12']) } }],
  '/api/board/tiles': [
    { label: 'GET /api/board/tiles', roles: dataRoutes['/api/board/tiles'], method: 'GET', handler: boardTiles.GET },
    { label: 'GET /api/board/events', roles: dataRoutes['/api/board/tiles'], method: 'GET', handler: boardEvents.GET },
  ],
  '/api/board/export': [
    { label: 'GET /api/board/export', roles: dataRoutes['/api/board/export'], method: 'GET', handler: boardExport.GET, query: { list: text([...BOARD_LISTS]), format: text(['csv', 'xlsx', 'pdf']), from: fc.oneof(day, nastyString), to: fc.oneof(day, nastyString) } },
  ],
  '/api/kb/search': [{ label: 'GET /api/kb/search', roles: dataRoutes['/api/kb/search'], method: 'GET', handler: kbSearch.GET, query: { q: text(['限额', '转账', 'a & b | !c', "'", ':*', '<b>']) } }],
  '/api/kb/preview': [{ label: 'POST /api/kb/preview', roles: dataRoutes['/api/kb/preview'], method: 'POST', handler: kbPreview.POST }],
};

/** The other route handlers: the live board (a screen's routes), the heartbeat, health and the telephony integration. */
export const OTHER_ROUTES: RouteTarget[] = [
  { label: 'GET /api/live/sessions', roles: screens['/supervisor/live'], method: 'GET', handler: liveSessions.GET },
  { label: 'GET /api/live/sessions/events', roles: screens['/supervisor/live'], method: 'GET', handler: liveSessionEvents.GET },
  { label: 'POST /api/session/ping', roles: null, method: 'POST', handler: sessionPing.POST },
  { label: 'GET /api/health', roles: null, method: 'GET', handler: health.GET },
  { label: 'POST /api/integrations/telephony/password', roles: null, method: 'POST', handler: telephonyPassword.POST, writes: true },
  { label: 'POST /api/integrations/telephony/recordings', roles: null, method: 'POST', handler: telephonyRecordings.POST, writes: true },
];

/** Repeated and unknown query parameters too, prototype names among them. */
export function queryArb(t: RouteTarget): fc.Arbitrary<[string, string][]> {
  return fc.array(
    fc.oneof(
      ...Object.entries(t.query ?? {}).map(([k, v]) => fc.tuple(fc.constant(k), v)),
      fc.tuple(fc.oneof(nastyString, fc.constantFrom('__proto__', 'constructor', 'after', 'q')), fc.oneof(nastyString, hugeString)),
    ),
    { maxLength: 4 },
  );
}

/** Headers the routes read: byte ranges, the language cookie, request ids, addresses, a token ('__demo__': the demo integration's). */
export const routeHeaderArb = fc.record(
  {
    range: fc.constantFrom('bytes=0-', 'bytes=-5', 'bytes=0-0', 'bytes=5-1', 'bytes=999999999999-', 'bytes=abc', 'bytes=0-1,2-3', 'bytes=-0', 'items=0-1', 'bytes=1e3-'),
    cookie: fc.constantFrom('NEXT_LOCALE=en', 'NEXT_LOCALE=xx', 'NEXT_LOCALE=__proto__', 'NEXT_LOCALE=', ';;;'),
    'x-request-id': headerValue,
    'x-forwarded-for': fc.constantFrom('203.0.113.7', '', ',,,', 'not-an-ip', '::1, 10.0.0.1'),
    authorization: fc.oneof(fc.constant('__demo__'), fc.constantFrom('Bearer ', 'Bearer x', 'Basic Og==', 'bearer'), headerValue.map((v) => `Bearer ${v}`)),
    'content-type': fc.constantFrom('application/json', 'multipart/form-data; boundary=x', 'text/plain', ''),
  },
  { requiredKeys: [] },
);

/** A POST body: text, JSON shaped like an integration's call (real and spoiled ids), any JSON, or a form with a file. */
export function routeBodyArb(ctx: FuzzContext): fc.Arbitrary<string | FormData> {
  const call = fc.record(
    {
      sessionId: idArb(ctx),
      digits: fc.constantFrom('000000', '135790', '12345', ''),
      confirm: fc.constantFrom('135790', 'x'),
      url: fc.constantFrom('http://127.0.0.1:1/x', 'file:///etc/passwd', 'http://169.254.169.254/'),
      startedAt: fc.constantFrom('2024-01-01T00:00:00Z', 'x'),
    },
    { requiredKeys: [] },
  );
  const form = fc.tuple(fileArb(ctx), formJunk(ctx)).map(([file, other]) => {
    const f = new FormData();
    f.append('file', file);
    f.append('sessionId', other);
    return f;
  });
  return fc.oneof(
    { weight: 3, arbitrary: fc.oneof(nastyString, hugeString) },
    { weight: 3, arbitrary: call.map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: form },
  );
}

/** An upload's body: a generated form (see payloadArb), raw bytes under any content type, or none. */
export function uploadBodyArb(form: fc.Arbitrary<{ form: FormData; shown: string }>) {
  const raw = fc
    .tuple(
      fc.constantFrom('multipart/form-data; boundary=x', 'multipart/form-data', 'multipart/form-data; boundary=', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
      fc.oneof(nastyString, hugeString, fc.constant('--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\u0000\u0001--x--')),
    )
    .map(([type, body]) => ({ kind: 'raw' as const, type, body, shown: `raw ${type} ${JSON.stringify(body.slice(0, 60))}` }));
  return fc.oneof(
    { weight: 6, arbitrary: form.map((f) => ({ kind: 'form' as const, ...f })) },
    { weight: 2, arbitrary: raw },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const, shown: 'no body' }) },
  );
}

/** An upload's headers: a foreign or broken origin (CSRF check), a lying length, a hostile request id. */
export const uploadHeaderArb = fc.record(
  { origin: fc.constantFrom('null', 'http://evil.example', 'http://localhost', 'garbage', ''), 'content-length': fc.constantFrom('999999999999', '-1', 'abc', '0', '1e3'), 'x-request-id': fc.oneof(headerValue, fc.constant('a'.repeat(65))) },
  { requiredKeys: [] },
);
