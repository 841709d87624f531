// The load: every measured screen of the production build at 1, 10 and 50 concurrent users (autocannon), as the
// signed-in role that uses it, with the database's own account of each run (pg_stat_statements: queries and execution
// time per request) and the app's memory under the 50-user load. Two floors are measured in the same run: the
// trivial authenticated page (framework + auth) and each screen's own SQL replayed through postgres.js (database).
import autocannon from 'autocannon';
import postgres from 'postgres';
import { actionId, actionRequest, BASE, groupRss, signIn, startApp } from './http';
import { SCREENS, type Fixtures, type Screen } from './queries';
import { requestStatements, type Recorded } from './explain';

export const CONNECTIONS = [1, 10, 50] as const;

export type Point = {
  screen: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /** pg_stat_statements over the run, per request: statements sent and their execution time. */
  queriesPerRequest: number | null;
  dbMsPerRequest: number | null;
  /** Resident memory of the app's processes (all of them, and the largest one), the most seen during the run. */
  rssMax: number | null;
  rssLargest?: number | null;
};
export type LoadResult = { http: Point[]; dbFloor: Point[]; rssIdle: number };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summarize(screen: string, connections: number, latencies: number[], seconds: number, errors: number): Point {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { screen, connections, requests: sorted.length, rps: sorted.length / seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), errors, queriesPerRequest: null, dbMsPerRequest: null, rssMax: null };
}

/** The database's own count of the app role's statements (transaction control left out) since the last reset. */
export async function statementTotals(owner: postgres.Sql): Promise<{ calls: number; ms: number }> {
  const [row] = await owner<{ calls: number; ms: number }[]>`
    SELECT coalesce(sum(s.calls), 0)::float8 AS calls, coalesce(sum(s.total_exec_time), 0)::float8 AS ms
    FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
    WHERE r.rolname = 'aircounter_app' AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND s.query !~* '^\\s*(begin|commit|rollback|savepoint|release|set|show)\\b'`;
  return row!;
}

type Target = { url: string; method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; expect: (status: number, body: string) => boolean };

function targetOf(screen: Screen, f: Fixtures, cookie: string): Target {
  if (screen.action === 'customer.search') {
    const call = actionRequest(actionId('searchCustomersAction'), { sessionId: f.openSessionId, query: f.search.name });
    return { url: BASE + screen.path(f), method: 'POST', headers: { ...call.headers, cookie }, body: call.body, expect: (s, b) => s === 200 && b.includes('"ok":true') };
  }
  return { url: BASE + screen.path(f), method: 'GET', headers: { cookie }, expect: (s) => s === 200 };
}

async function hit(t: Target): Promise<{ status: number; body: string }> {
  const res = await fetch(t.url, { method: t.method, headers: t.headers, body: t.body, redirect: 'manual' });
  return { status: res.status, body: await res.text() };
}

/** Runs autocannon; `sent` counts the requests cut off by the end of the run too (their queries are in the totals). */
function cannon(t: Target, connections: number, seconds: number, onSample?: () => void): Promise<{ latencies: number[]; errors: number; seconds: number; sent: number }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    let errors = 0;
    const t0 = performance.now();
    const sampler = onSample ? setInterval(onSample, 200) : undefined;
    const instance = autocannon({ url: t.url, method: t.method, headers: t.headers, body: t.body, connections, duration: seconds, timeout: 30 }, (err, result) => {
      if (sampler) clearInterval(sampler);
      if (err) reject(err);
      else resolve({ latencies, errors, seconds: (performance.now() - t0) / 1000, sent: result.requests.sent });
    });
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
      else errors++;
    });
    instance.on('reqError', () => errors++);
  });
}

/** One screen's recorded SQL, replayed in order per simulated request through a pool the app's size (10). */
async function replay(pool: postgres.Sql, statements: ReturnType<typeof requestStatements>, connections: number, seconds: number): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const start = performance.now();
        try {
          for (const st of statements) await pool.unsafe(st.text, st.params as postgres.ParameterOrJSON<never>[]);
          latencies.push(performance.now() - start);
        } catch {
          errors++;
        }
      }
    }),
  );
  return { latencies, errors, seconds: (performance.now() - t0) / 1000 };
}

export async function runLoad(v: {
  appEnv: Record<string, string>;
  ownerUrl: string;
  appUrl: string;
  fixtures: Fixtures;
  recorded: Recorded[];
  seconds: number;
  floorSeconds: number;
  log: (line: string) => void;
}): Promise<LoadResult> {
  const owner = postgres(v.ownerUrl, { max: 1, onnotice: () => {} });
  await owner`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`;
  const app = await startApp(v.appEnv);
  const pgid = app.child.pid!;
  const http: Point[] = [];
  try {
    const rssIdle = groupRss(pgid).total;
    const cookies: Record<string, string> = {};
    for (const role of ['teller', 'supervisor', 'qc', 'admin'] as const) cookies[role] = await signIn(role, 'Demo-2468');
    for (const screen of SCREENS) {
      const target = targetOf(screen, v.fixtures, cookies[screen.role]!);
      const first = await hit(target);
      if (!target.expect(first.status, first.body)) throw new Error(`bench: ${screen.title} answered HTTP ${first.status} (${target.url}): ${first.body.slice(0, 300)}`);
      for (let i = 0; i < 3; i++) await hit(target); // warm: compiled code paths, prepared statements, caches
      for (const connections of CONNECTIONS) {
        await owner`SELECT pg_stat_statements_reset()`;
        let rssMax = 0;
        let rssLargest = 0;
        const run = await cannon(target, connections, v.seconds, () => {
          const rss = groupRss(pgid);
          rssMax = Math.max(rssMax, rss.total);
          rssLargest = Math.max(rssLargest, rss.largest);
        });
        const totals = await statementTotals(owner);
        const point = summarize(screen.key, connections, run.latencies, run.seconds, run.errors);
        // Per request sent: a request cut off by the end of the run has sent (some of) its queries too.
        const sent = Math.max(run.sent, point.requests);
        point.queriesPerRequest = sent ? totals.calls / sent : null;
        point.dbMsPerRequest = sent ? totals.ms / sent : null;
        point.rssMax = rssMax;
        point.rssLargest = rssLargest;
        http.push(point);
        v.log(`  ${screen.key.padEnd(12)} ${String(connections).padStart(2)} users  ${point.rps.toFixed(0).padStart(5)} req/s  p95 ${point.p95.toFixed(0).padStart(5)} ms  ${point.queriesPerRequest?.toFixed(1)} q/req${point.errors ? `  ${point.errors} errors` : ''}`);
      }
    }
    await app.stop();
    // The database floor: the same statements without the app, through postgres.js as the app holds them (pool of 10).
    const pool = postgres(v.appUrl, { max: Number(process.env.DB_POOL_SIZE ?? 10), onnotice: () => {} });
    const dbFloor: Point[] = [];
    for (const screen of SCREENS) {
      const statements = requestStatements(v.recorded, screen.key);
      for (const connections of CONNECTIONS) {
        const run = await replay(pool, statements, connections, v.floorSeconds);
        dbFloor.push(summarize(screen.key, connections, run.latencies, run.seconds, run.errors));
      }
    }
    await pool.end();
    return { http, dbFloor, rssIdle };
  } finally {
    await app.stop();
    await owner.end();
  }
}
