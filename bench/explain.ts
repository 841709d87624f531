// EXPLAIN (ANALYZE, BUFFERS) of every query the measured screens send. The SQL is not copied here: the screens' own
// data-access functions (bench/queries.ts) run against the bench database through a connection whose postgres.js
// debug hook records each statement with its parameters, exactly as the app would send it; each read is then
// explained. Budget per list or search page: no sequential scan of a table over 10,000 rows, at most 1,000 shared
// buffers (hit + read). The no-sequential-scan rule holds for every other read as well.
// At the small size (CI) every table is small, so the planner rightly prefers a Seq Scan and the budget would prove
// nothing: there each read is explained with `SET LOCAL enable_seqscan = off`. A list or search statement then fails
// when a Seq Scan survives that (no index at all), or when a scan walks an index and filters out the rows it does not
// want (an index that does not serve the condition: what the planner does instead of a Seq Scan when those are priced
// out), each on a table the full-size rule would hold to it (a table the history fills counts at its full-size rows,
// see fullSizeRows). Buffers are reported there, judged only at full size.
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from '@/db/schema';
import { EXPLAIN_ONLY, SCREENS, type Fixtures, type QueryKind, type ScreenQuery } from './queries';
import { SIZES, TRIGGERED } from './seed';

export const SEQ_SCAN_ROWS = 10_000;
export const PAGE_BUFFERS = 1_000;
/**
 * The rows a table of the small history stands for at full size: the tables the history fills grow with it (the small
 * history is 1/100 of the full one), the others (staff, settings) are the same at both sizes.
 */
function fullSizeRows(table: string, rows: number): number {
  return TRIGGERED.includes(table) ? (rows * SIZES.full.sessions) / SIZES.small.sessions : rows;
}

/** full: the real budgets (Seq Scan on a table over 10,000 rows, buffers a page). small: Seq Scans that survive enable_seqscan = off. */
export type ExplainMode = 'full' | 'small';

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
  /** Rows a scan read and threw away (its Filter), per table: an index that does not serve the condition, walked. */
  filtered: { table: string; index: string | null; rows: number }[];
  /** A sequential scan PostgreSQL's generic plan (used for a prepared statement after its 5th run) would make. */
  genericSeqScans: string[];
  violations: string[];
  /** The text plan of a statement over budget (the evidence for a fix), with its parameters. */
  plan?: string;
  params?: unknown[];
};

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
};

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
export async function explainRecorded(sql: postgres.Sql, recorded: Recorded[], mode: ExplainMode = 'full'): Promise<Explained[]> {
  // In small mode each EXPLAIN runs in its own transaction with sequential scans priced out of the plan.
  const explain = <T extends postgres.Row[]>(text: string, params?: unknown[]): Promise<T> =>
    mode === 'full'
      ? (sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]) as unknown as Promise<T>)
      : (sql.begin(async (tx) => {
          await tx.unsafe('SET LOCAL enable_seqscan = off');
          return tx.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
        }) as unknown as Promise<T>);
  const overLimit = (table: string) => {
    const rows = sizes.get(table) ?? 0;
    return (mode === 'full' ? rows : fullSizeRows(table, rows)) > SEQ_SCAN_ROWS;
  };
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
      const [row] = await explain(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${st.text}`, st.params);
      const plan = (row!['QUERY PLAN'] as { Plan: PlanNode; 'Execution Time': number }[])[0]!;
      const seqScans: Explained['seqScans'] = [];
      const filtered: Explained['filtered'] = [];
      walk(plan.Plan, (n) => {
        if (n['Node Type'] === 'Seq Scan' && n['Relation Name']) seqScans.push({ table: n['Relation Name'], rows: sizes.get(n['Relation Name']) ?? 0 });
        const thrown = ((n['Rows Removed by Filter'] ?? 0) + (n['Rows Removed by Index Recheck'] ?? 0)) * (n['Actual Loops'] ?? 1);
        if (n['Relation Name'] && thrown > 0) filtered.push({ table: n['Relation Name'], index: n['Index Name'] ?? null, rows: thrown });
      });
      const genericSeqScans: string[] = [];
      if (st.params.length > 0) {
        try {
          const [generic] = await explain(`EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${st.text}`);
          walk((generic!['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan, (n) => {
            if (n['Node Type'] === 'Seq Scan' && n['Relation Name'] && overLimit(n['Relation Name'])) genericSeqScans.push(n['Relation Name']);
          });
        } catch {
          // A statement whose parameters' types only its values tell cannot be planned generically: nothing to report.
        }
      }
      const buffers = (plan.Plan['Shared Hit Blocks'] ?? 0) + (plan.Plan['Shared Read Blocks'] ?? 0);
      const violations: string[] = [];
      const page = query.kind === 'list' || query.kind === 'search';
      if (mode === 'full') {
        for (const s of seqScans) if (s.rows > SEQ_SCAN_ROWS) violations.push(`Seq Scan on ${s.table} (${Math.round(s.rows).toLocaleString('en')} rows)`);
        if (page && buffers > PAGE_BUFFERS) violations.push(`${buffers.toLocaleString('en')} buffers for one page`);
      } else if (page) {
        for (const s of seqScans) {
          if (overLimit(s.table)) violations.push(`Seq Scan on ${s.table} (${Math.round(s.rows).toLocaleString('en')} rows, ${Math.round(fullSizeRows(s.table, s.rows)).toLocaleString('en')} at full size) with enable_seqscan = off: no index serves it`);
        }
        // Priced out of a Seq Scan, the planner walks any index whole instead: rows read and thrown away by a filter
        // show an index that does not serve the condition (judged at full-size rows, as a Seq Scan is).
        for (const f of filtered) {
          if (fullSizeRows(f.table, f.rows) > SEQ_SCAN_ROWS) violations.push(`${f.index ? `walks ${f.index}` : `scans ${f.table}`} and filters out ${Math.round(f.rows).toLocaleString('en')} rows (${Math.round(fullSizeRows(f.table, f.rows)).toLocaleString('en')} at full size): no index serves the condition`);
        }
      }
      const explained: Explained = { screen, name: query.name, source: query.source, kind: query.kind, statement: i, sql: st.text, ms: plan['Execution Time'], buffers, rows: plan.Plan['Actual Rows'] ?? 0, seqScans, filtered, genericSeqScans, violations };
      if (violations.length) {
        const text = await explain<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${st.text}`, st.params);
        explained.plan = text.map((r) => r['QUERY PLAN']).join('\n');
        explained.params = st.params;
      }
      out.push(explained);
    }
  }
  return out;
}
