import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from '@/db';

type AuthState = { current: string | null; scoped: AsyncLocalStorage<{ sid: string | null }> };
const auth = () => (globalThis as unknown as { __testAuth: AuthState }).__testAuth;

/** Makes `auth()` (mocked in setup.ts) name this staff session from now on; null means signed out. */
export function actAs(sid: string | null): void {
  auth().current = sid;
}

/** Runs `work` as the given session without touching the global one, so parallel calls can act as different people. */
export function asSession<T>(sid: string | null, work: () => Promise<T>): Promise<T> {
  return auth().scoped.run({ sid }, work);
}

// Every table a business action may write — all tables of the schema, so a new one is covered the day it is added —
// except audit_events (which grows by design) and staff_sessions, whose last_seen_at reading the current user may touch.
let tables: Promise<string[]> | undefined;
function businessTables(): Promise<string[]> {
  tables ??= sql<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_events', 'staff_sessions')
    ORDER BY table_name`.then((rows) => rows.map((r) => r.name));
  return tables;
}

export type Checksums = Record<string, string | null>;

/** One md5 per business table over every row's full text: any insert, update or delete changes it. */
export async function businessChecksums(): Promise<Checksums> {
  const out: Checksums = {};
  for (const table of await businessTables()) {
    const [row] = await sql<{ sum: string | null }[]>`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS sum FROM ${sql(table)} t`;
    out[table] = row!.sum;
  }
  const [sessions] = await sql<{ sum: string | null }[]>`
    SELECT md5(string_agg((t.id, t.staff_id, t.created_at, t.ended_at, t.end_reason)::text, '|' ORDER BY t.id)) AS sum
    FROM staff_sessions t`;
  out.staff_sessions = sessions!.sum;
  return out;
}

export type AuditRowLite = { seq: number; action: string; outcome: string; actor_id: string | null; actor_role: string | null; ip: string | null; entity_id: string | null; details: Record<string, unknown> };

export async function maxAuditSeq(): Promise<number> {
  const [row] = await sql<{ seq: string | null }[]>`SELECT max(seq)::text AS seq FROM audit_events`;
  return Number(row!.seq ?? 0);
}

/** Audit rows appended after `seq`, oldest first. */
export async function auditSince(seq: number): Promise<AuditRowLite[]> {
  const rows = await sql<AuditRowLite[]>`
    SELECT seq::int AS seq, action, outcome::text AS outcome, actor_id, actor_role::text AS actor_role, ip, entity_id, details
    FROM audit_events WHERE seq > ${seq} ORDER BY seq`;
  return rows.map((r) => ({ ...r }));
}

/** The PostgreSQL error a statement fails with (code, constraint, message), or a failed assertion if it succeeds. */
export async function pgFailure(run: () => Promise<unknown>): Promise<{ code: string; constraint?: string; message: string }> {
  try {
    await run();
  } catch (err) {
    // Drizzle wraps the driver's error; the PostgreSQL fields are on its cause.
    const e = ((err as { cause?: unknown }).cause ?? err) as { code?: string; constraint_name?: string; message: string };
    return { code: String(e.code), constraint: e.constraint_name, message: e.message };
  }
  throw new Error('expected the statement to fail, but it succeeded');
}

/** Waits (bounded) until `n` backends are blocked on a lock: both contenders are then inside their transaction. */
export async function untilLockWaiters(n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [row] = await sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (row!.n >= n) return;
    if (Date.now() > deadline) throw new Error(`only ${row!.n} of ${n} backends reached the lock`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Serves a route handler over real HTTP on a free loopback port, for code that calls the app's own endpoints (the demo
 * phone's keypad posts to the telephony endpoint). Returns its base URL.
 */
export async function serveHandler(handler: (req: Request) => Promise<Response>): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer } = await import('node:http');
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const response = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }));
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** What intake asks beyond name, document and mobile, as a teller would fill it for a resident ID holder. */
export const KYC_DEFAULTS = { longTerm: 'on', nationality: 'CHN', occupation: 'office_clerk', address: '上海市徐汇区漕溪北路 88 号' } as const;

/** A customer.create payload with its second entries (二次确认) and the KYC fields filled in, as a careful teller would. */
export function confirmed<T extends { name?: unknown; idNumber?: unknown; mobile?: unknown }>(payload: T): typeof KYC_DEFAULTS & T & { nameConfirm: T['name']; idNumberConfirm: T['idNumber']; mobileConfirm: T['mobile'] } {
  return { ...KYC_DEFAULTS, ...payload, nameConfirm: payload.name, idNumberConfirm: payload.idNumber, mobileConfirm: payload.mobile };
}
