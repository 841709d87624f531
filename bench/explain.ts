// EXPLAIN (ANALYZE, BUFFERS) of every query the measured screens send. The SQL is not copied here: the screens' own
// data-access functions (bench/queries.ts) run against the bench database through a connection whose postgres.js
// debug hook records each statement with its parameters, exactly as the app would send it; each read is then
// explained. Budget per list or search page: no sequential scan of a table over 10,000 rows, at most 1,000 shared
// buffers (hit + read). The no-sequential-scan rule holds for every other read as well.
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from '@/db/schema';
import { EXPLAIN_ONLY, SCREENS, type Fixtures, type QueryKind, type ScreenQuery } from './queries';

export const SEQ_SCAN_ROWS = 10_000;
export const PAGE_BUFFERS = 1_000;

export type Statement = { text: string; params: unknown[] };
export type Explained = {
  screen: string;
  name: string;
  source: string;
  kind: QueryKind;
  statement: number;
  sql: string;
  ms: number;
  buffers: number;
  rows: number;
  seqScans: { table: string; rows: number }[];
  /** A sequential scan PostgreSQL's generic plan (used for a prepared statement after its 5th run) would make. */
  genericSeqScans: string[];
  violations: string[];
  /** The text plan of a statement over budget (the evidence for a fix), with its parameters. */
  plan?: string;
  params?: unknown[];
};

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Shared Hit Blocks'?: number; 'Shared Read Blocks'?: number; 'Actual Rows'?: number; Plans?: PlanNode[] };

function walk(node: PlanNode, visit: (n: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

const isRead = (text: string) => /^\s*(select|with)\b/i.test(text) && !/\b(insert|update|delete)\s/i.test(text.replace(/'[^']*'/g, ''));

/**
 * Points the app's data layer (db/index.ts keeps its pool on globalThis) at `url` through a client that records every
 * statement, and returns a recorder: run(work) gives the statements `work` sent.
 */
export function recordingConnection(url: string) {
  let sink: Statement[] | null = null;
  const client = postgres(url, { max: 4, onnotice: () => {}, debug: (_connection, text, params) => sink?.push({ text, params: [...(params as unknown[])] }) });
  (globalThis as unknown as { airCounterDb?: unknown }).airCounterDb = { client, db: drizzle(client, { schema }) };
  return {
    client,
    async record(work: () => Promise<unknown>): Promise<Statement[]> {
      const mine: Statement[] = [];
      sink = mine;
      try {
        await work();
      } finally {
        sink = null;
      }
      return mine;
    },
  };
}

export type Recorded = { screen: string; query: ScreenQuery; statements: Statement[] };

/** The statements one loaded request of the screen sends (its variants left out): what the database floor replays. */
export function requestStatements(recorded: Recorded[], screen: string): Statement[] {
  return recorded.filter((r) => r.screen === screen && !r.query.variant).flatMap((r) => r.statements);
}

/** Runs every screen's data-access calls once with the fixtures and keeps the SQL each sent. */
export async function recordScreens(recorder: ReturnType<typeof recordingConnection>, f: Fixtures): Promise<Recorded[]> {
  const out: Recorded[] = [];
  for (const screen of SCREENS) for (const query of screen.queries) out.push({ screen: screen.key, query, statements: await recorder.record(() => query.run(f)) });
  for (const query of EXPLAIN_ONLY) out.push({ screen: 'quality', query, statements: await recorder.record(() => query.run(f)) });
  return out;
}

/** Explains each recorded read (once per distinct statement and parameters) and judges it against the budget. */
export async function explainRecorded(sql: postgres.Sql, recorded: Recorded[]): Promise<Explained[]> {
  const sizes = new Map(
    (await sql<{ table: string; rows: number }[]>`SELECT c.relname AS table, greatest(c.reltuples, 0)::float8 AS rows FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`).map((r) => [r.table, Number(r.rows)]),
  );
  const seen = new Set<string>();
  const out: Explained[] = [];
  for (const { screen, query, statements } of recorded) {
    let i = 0;
    for (const st of statements) {
      i++;
      const key = `${query.kind}|${st.text}|${JSON.stringify(st.params)}`;
      if (!isRead(st.text) || seen.has(key)) continue;
      seen.add(key);
      const [row] = await sql.unsafe(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${st.text}`, st.params as postgres.ParameterOrJSON<never>[]);
      const plan = (row!['QUERY PLAN'] as { Plan: PlanNode; 'Execution Time': number }[])[0]!;
      const seqScans: Explained['seqScans'] = [];
      walk(plan.Plan, (n) => {
        if (n['Node Type'] === 'Seq Scan' && n['Relation Name']) seqScans.push({ table: n['Relation Name'], rows: sizes.get(n['Relation Name']) ?? 0 });
      });
      const genericSeqScans: string[] = [];
      if (st.params.length > 0) {
        try {
          const [generic] = await sql.unsafe(`EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${st.text}`);
          walk((generic!['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan, (n) => {
            if (n['Node Type'] === 'Seq Scan' && n['Relation Name'] && (sizes.get(n['Relation Name']) ?? 0) > SEQ_SCAN_ROWS) genericSeqScans.push(n['Relation Name']);
          });
        } catch {
          // A statement whose parameters' types only its values tell cannot be planned generically: nothing to report.
        }
      }
      const buffers = (plan.Plan['Shared Hit Blocks'] ?? 0) + (plan.Plan['Shared Read Blocks'] ?? 0);
      const violations: string[] = [];
      for (const s of seqScans) if (s.rows > SEQ_SCAN_ROWS) violations.push(`Seq Scan on ${s.table} (${Math.round(s.rows).toLocaleString('en')} rows)`);
      if ((query.kind === 'list' || query.kind === 'search') && buffers > PAGE_BUFFERS) violations.push(`${buffers.toLocaleString('en')} buffers for one page`);
      const explained: Explained = { screen, name: query.name, source: query.source, kind: query.kind, statement: i, sql: st.text, ms: plan['Execution Time'], buffers, rows: plan.Plan['Actual Rows'] ?? 0, seqScans, genericSeqScans, violations };
      if (violations.length) {
        const text = await sql.unsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${st.text}`, st.params as postgres.ParameterOrJSON<never>[]);
        explained.plan = text.map((r) => r['QUERY PLAN']).join('\n');
        explained.params = st.params;
      }
      out.push(explained);
    }
  }
  return out;
}
