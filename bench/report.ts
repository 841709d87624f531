// The bench's report: every target of issue 10 marked met or missed with its figure, the query plans, the load table
// with its ratios to the two floors, the seed's own checks and First Load JS per route. Written to the terminal and to
// bench/results/<date>.json and .md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { FIRST_LOAD_BUDGET, type BundleReport } from './bundle';
import { PAGE_BUFFERS, SEQ_SCAN_ROWS, type Explained } from './explain';
import type { LoadResult, Point } from './load';
import type { ActionsResult } from './actions';
import type { LighthousePage } from './lighthouse';
import { SCREENS } from './queries';
import type { Sizes, SeedTimings } from './seed';
import type { Check } from './verify';

export type Target = { target: string; status: 'met' | 'missed' | 'not measured'; figure: string };

export type Report = {
  date: string;
  size: Sizes;
  machine: { cpus: number; memoryGb: number; node: string; commit: string | null };
  seconds: { seed: number | null; total: number };
  seed: SeedTimings;
  checks: Check[];
  explain: Explained[];
  load: LoadResult | null;
  actions?: ActionsResult | null;
  lighthouse?: LighthousePage[] | null;
  bundles: BundleReport | null;
  targets: Target[];
  failures: string[];
};

const ms = (n: number | null | undefined) => (n == null || Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(1) : n.toFixed(0));
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const pct = (n: number) => `${(n * 100).toFixed(0)}%`;

function point(points: Point[], screen: string, connections: number): Point | undefined {
  return points.find((p) => p.screen === screen && p.connections === connections);
}

/** The issue's targets, judged on what this run measured (at 10 users for screens, 50 for memory). */
export function judge(explain: Explained[], load: LoadResult | null, bundles: BundleReport | null, size: Sizes['name'] = 'full', actions: ActionsResult | null = null, lighthouse: LighthousePage[] | null = null): Target[] {
  const targets: Target[] = [];
  const badPlans = explain.filter((e) => e.violations.length > 0);
  const rule =
    size === 'full'
      ? `Every list and search query: no Seq Scan on a table over ${SEQ_SCAN_ROWS.toLocaleString('en')} rows, ≤ ${PAGE_BUFFERS.toLocaleString('en')} buffers a page`
      : `Every list and search query can use an index (small size, enable_seqscan = off: no Seq Scan, no index walked past more than ${SEQ_SCAN_ROWS.toLocaleString('en')} filtered rows at full size)`;
  targets.push({ target: rule, status: badPlans.length ? 'missed' : 'met', figure: badPlans.length ? `${badPlans.length} of ${explain.length} statements over budget` : `${explain.length} statements within budget` });
  if (load) {
    const floor = point(load.http, 'floor', 10);
    // The floor itself against the screens' target: what the framework and the sign-in check leave to the screens.
    if (floor) targets.push({ target: 'Trivial authenticated page (/notices, the framework + auth floor): p95 ≤ 100 ms at 10 users', status: floor.p95 <= 100 ? 'met' : 'missed', figure: `p95 ${ms(floor.p95)} ms, ${floor.rps.toFixed(0)} req/s` });
    for (const screen of SCREENS.filter((s) => s.key !== 'floor')) {
      const p = point(load.http, screen.key, 10);
      if (!p) continue;
      targets.push({ target: `${screen.title}: p95 ≤ 100 ms at 10 users`, status: p.p95 <= 100 ? 'met' : 'missed', figure: p.requests ? `p95 ${ms(p.p95)} ms` : 'no request completed within the run' });
      if (floor) targets.push({ target: `${screen.title}: throughput ≥ 40% of the trivial page's`, status: p.rps >= 0.4 * floor.rps ? 'met' : 'missed', figure: `${p.rps.toFixed(0)} req/s = ${pct(p.rps / floor.rps)} of ${floor.rps.toFixed(0)}` });
      targets.push({ target: `${screen.title}: database time ≤ 5 ms a request`, status: (p.dbMsPerRequest ?? Infinity) <= 5 ? 'met' : 'missed', figure: `${ms(p.dbMsPerRequest)} ms` });
      targets.push({ target: `${screen.title}: ≤ 10 queries a request`, status: (p.queriesPerRequest ?? Infinity) <= 10 ? 'met' : 'missed', figure: `${p.queriesPerRequest?.toFixed(1) ?? '–'} queries` });
    }
    const at50 = load.http.filter((p) => p.connections === 50);
    const rss = Math.max(...at50.map((p) => p.rssMax ?? 0));
    const largest = Math.max(...at50.map((p) => p.rssLargest ?? 0));
    targets.push({ target: 'App RSS ≤ 400 MB under the 50-user load', status: rss <= 400e6 ? 'met' : 'missed', figure: `${(rss / 1e6).toFixed(0)} MB at most, all processes of next start (the largest ${(largest / 1e6).toFixed(0)} MB; ${(load.rssIdle / 1e6).toFixed(0)} MB idle)` });
  } else {
    targets.push({ target: 'Screens under load (p95, throughput, database time, queries, memory)', status: 'not measured', figure: '--skip-load' });
  }
  if (bundles) {
    const over = bundles.routes.filter((r) => r.overBudget);
    const floorOver = bundles.framework.gzipBytes > FIRST_LOAD_BUDGET;
    targets.push({
      target: `First Load JS ≤ ${kb(FIRST_LOAD_BUDGET)} for every route`,
      status: over.length ? 'missed' : 'met',
      figure:
        `${over.length} of ${bundles.routes.length} routes over; largest ${bundles.routes[0]?.route} ${kb(bundles.routes[0]?.gzipBytes ?? 0)}; shared by all ${kb(bundles.shared.gzipBytes)}, the framework alone ${kb(bundles.framework.gzipBytes)}` +
        (floorOver ? ` (React 19 DOM and the Next 16 client runtime, before any code of the app: no route can meet ${kb(FIRST_LOAD_BUDGET)}; held instead to its own budget, next line)` : ''),
    });
    const overOwn = bundles.routes.filter((r) => r.overRouteBudget);
    targets.push({
      target: `First Load JS within each route's budget (${bundles.budgetsFile})`,
      status: overOwn.length ? 'missed' : 'met',
      figure: overOwn.length ? `${overOwn.length} over: ${overOwn.map((r) => `${r.route} ${kb(r.gzipBytes)} > ${kb(r.budgetBytes)}`).join(', ')}` : `${bundles.routes.length} routes within budget`,
    });
  }
  if (actions) {
    for (const a of [actions.submit, actions.approve]) {
      const what = a.action === 'submit' ? 'Submit (a transfer from the session console)' : 'Approve (from the decision screen, executing the transfer)';
      targets.push({ target: `${what}: ≥ 200 operations/s at ${a.connections} users`, status: a.opsPerSecond >= 200 ? 'met' : 'missed', figure: `${a.opsPerSecond.toFixed(0)} ops/s (${a.ok} in ${a.seconds.toFixed(1)} s${a.refused ? `; ${a.refused} refused` : ''}${a.errors ? `; ${a.errors} failed` : ''})` });
      targets.push({ target: `${what}: p95 ≤ 150 ms at ${a.connections} users`, status: a.p95 <= 150 ? 'met' : 'missed', figure: `p95 ${ms(a.p95)} ms (p50 ${ms(a.p50)}, p99 ${ms(a.p99)})` });
    }
    const broken = actions.checks.filter((c) => c.violations > 0);
    targets.push({ target: 'Actions: zero double decisions, the ledger verified afterwards', status: broken.length ? 'missed' : 'met', figure: broken.length ? broken.map((c) => `${c.name}: ${c.violations}`).join('; ') : `${actions.checks.length} checks, 0 violations (each case approved by two supervisors at once: ${actions.approve.refused} second approvals refused)` });
    const s = actions.sse;
    targets.push({ target: `Live updates: a queue change reaches ${s.clients} supervisors within 1 s p95`, status: s.p95 <= 1000 && s.missed === 0 ? 'met' : 'missed', figure: `p95 ${ms(s.p95)} ms, p50 ${ms(s.p50)} ms, max ${ms(s.max)} ms over ${s.deliveries} deliveries of ${s.changes} changes${s.missed ? `; ${s.missed} never arrived` : ''}` });
  } else {
    targets.push({ target: 'Actions: approve and submit ≥ 200 operations/s, p95 ≤ 150 ms at 50 users', status: 'not measured', figure: '--skip-load' });
    targets.push({ target: 'Live updates: a queue change reaches 200 supervisors within 1 s p95', status: 'not measured', figure: '--skip-load' });
  }
  if (lighthouse) {
    for (const p of lighthouse) {
      targets.push({ target: `Lighthouse ${p.screen} (${p.path.replace(/[0-9a-f-]{36}/, '[id]')}): performance ≥ 0.95`, status: (p.performance ?? 0) >= 0.95 ? 'met' : 'missed', figure: `${p.performance?.toFixed(2) ?? '–'} desktop (LCP ${ms(p.lcpMs)} ms, TBT ${ms(p.tbtMs)} ms, CLS ${p.cls?.toFixed(3) ?? '–'}); mobile emulation ${p.mobilePerformance?.toFixed(2) ?? '–'}` });
      targets.push({ target: `Lighthouse ${p.screen}: accessibility 1.0`, status: p.accessibility === 1 ? 'met' : 'missed', figure: `${p.accessibility?.toFixed(2) ?? '–'}${p.failedAudits.length ? ` (failed: ${p.failedAudits.join(', ')})` : ''}` });
    }
  } else {
    targets.push({ target: 'Lighthouse performance ≥ 0.95, accessibility 1.0', status: 'not measured', figure: 'run with --lighthouse' });
  }
  return targets;
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`)].join('\n');
}

function loadRows(load: LoadResult): string[][] {
  return load.http.map((p) => {
    const floor = point(load.http, 'floor', p.connections);
    const db = point(load.dbFloor, p.screen, p.connections);
    return [
      p.screen,
      String(p.connections),
      p.rps.toFixed(0),
      ms(p.p50),
      ms(p.p95),
      ms(p.p99),
      floor ? pct(p.rps / floor.rps) : '–',
      floor ? `${(p.p95 / floor.p95).toFixed(1)}×` : '–',
      db ? `${ms(db.p95)} ms (${(p.p95 / db.p95).toFixed(1)}×)` : '–',
      ms(p.dbMsPerRequest),
      p.queriesPerRequest?.toFixed(1) ?? '–',
      p.rssMax ? (p.rssMax / 1e6).toFixed(0) : '–',
      String(p.errors),
    ];
  });
}

export function markdown(r: Report): string {
  const out: string[] = [];
  out.push(`# Bench ${r.date} (${r.size.name} size)`, '');
  out.push(`${r.machine.cpus} CPUs, ${r.machine.memoryGb} GB, Node ${r.machine.node}, commit ${r.machine.commit ?? 'unknown'}. ${r.seconds.seed == null ? 'History reused from an earlier seed (--keep)' : `Seed ${r.seconds.seed.toFixed(0)} s`}, whole run ${r.seconds.total.toFixed(0)} s.`, '');
  if (r.size.name === 'small') {
    out.push(
      'Small size: the plans and timings are indicative; the targets are for the full size (`npm run bench`). At this size every table is small and the planner rightly scans them, so each statement is explained with `SET LOCAL enable_seqscan = off`. A list or search statement fails when a Seq Scan survives that (no index at all), or when it walks an index and filters out rows (the index does not serve the condition), on a table the full-size rule holds (a table the history fills counted at 100× its rows: over 10,000). Buffers are shown, judged at full size only.',
      '',
    );
  }
  out.push('## Targets', '', table(['Target', 'Status', 'Figure'], r.targets.map((t) => [t.target, t.status, t.figure])), '');
  if (r.failures.length) out.push('## Why the bench failed', '', ...r.failures.map((f) => `- ${f}`), '');
  out.push('## Seeded history', '', table(['Step', 'Seconds'], r.seed.map((s) => [s.step, s.seconds.toFixed(1)])), '');
  out.push('Checks of what the switched-off triggers hold, over the whole history:', '', table(['Invariant', 'Violations', 'Seconds'], r.checks.map((c) => [c.name, String(c.violations), c.seconds.toFixed(1)])), '');
  out.push('## Query plans (EXPLAIN ANALYZE, BUFFERS)', '', table(['Screen', 'Query', 'Kind', '#', 'ms', 'Buffers', 'Seq scans (rows) · rows filtered out', 'Verdict'], r.explain.map((e) => [e.screen, `${e.name} (${e.source})`, e.kind, String(e.statement), ms(e.ms), e.buffers.toLocaleString('en'), e.seqScans.map((s) => `${s.table} (${Math.round(s.rows).toLocaleString('en')})`).join(', ') + (e.genericSeqScans.length ? ` · generic plan: ${e.genericSeqScans.join(', ')}` : '') + ((e.filtered ?? []).length ? ` · filtered: ${e.filtered.map((f) => `${f.table} ${Math.round(f.rows).toLocaleString('en')}`).join(', ')}` : ''), e.violations.join('; ') || 'ok'])), '');
  const over = r.explain.filter((e) => e.plan);
  if (over.length) {
    out.push('### Plans over budget', '');
    for (const e of over) out.push(`**${e.screen} / ${e.name}** (${e.source}): ${e.violations.join('; ')}`, '', '```sql', e.sql, '```', `Parameters: \`${JSON.stringify(e.params)}\``, '', '```', e.plan ?? '', '```', '');
  }
  if (r.load) {
    out.push('## Load (autocannon)', '', 'rps vs floor: throughput as a share of the trivial authenticated page at the same concurrency; p95 vs floor: p95 over its p95; DB floor: the screen\'s own SQL replayed through postgres.js (pool of 10), p95 and the screen\'s p95 over it. DB ms and q/req: pg_stat_statements per request (execution time, statements). RSS: the app\'s processes, most seen during the run.', '');
    out.push(table(['Screen', 'Users', 'req/s', 'p50', 'p95', 'p99', 'rps vs floor', 'p95 vs floor', 'DB floor p95', 'DB ms/req', 'q/req', 'RSS MB', 'Errors'], loadRows(r.load)), '');
  }
  if (r.actions) {
    const a = r.actions;
    out.push('## Actions and live updates', '', 'Submit: 50 generated tellers, each in their own open contact (passed through the fund-movement ladder), sending a new transfer (its own idempotency key) as the session console does, for the time given. Approve: every case submitted then, sent twice at once by the two demo supervisors (signed in just before: step-up), as the decision screen does; the second is refused. ops/s counts what was done (submitted, approved).', '');
    const opt = (n: number | undefined, digits: number) => (n === undefined ? '–' : n.toFixed(digits));
    out.push(table(['Action', 'Users', 'Seconds', 'Requests', 'Done', 'Refused', 'Failed', 'ops/s', 'p50', 'p95', 'p99', 'q/req', 'DB ms/req', 'RSS MB'], [a.submit, a.approve].map((p) => [p.action, String(p.connections), p.seconds.toFixed(1), String(p.requests), String(p.ok), String(p.refused), String(p.errors), p.opsPerSecond.toFixed(0), ms(p.p50), ms(p.p95), ms(p.p99), opt(p.queriesPerRequest, 1), opt(p.dbMsPerRequest, 1), opt(p.rssMax === undefined ? undefined : p.rssMax / 1e6, 0)])), '');
    out.push('Checked in the database afterwards:', '', table(['Check', 'Violations'], a.checks.map((c) => [c.name, String(c.violations)])), '');
    out.push(`Live updates: ${a.sse.clients} event streams of the approval queue (/api/cases/queue/events, the two demo supervisors' sign-ins), ${a.sse.changes} changes of a case (a claim, then its release, committed by the bench), each timed from before its UPDATE to its arrival on every stream: p50 ${ms(a.sse.p50)} ms, p95 ${ms(a.sse.p95)} ms, max ${ms(a.sse.max)} ms, ${a.sse.missed} missed.`, '');
  }
  if (r.bundles) {
    out.push('## First Load JS (gzip, from .next/diagnostics/route-bundle-stats.json)', '', `Shared by every route: ${kb(r.bundles.shared.gzipBytes)} (${r.bundles.shared.chunks.length} chunks), of which the framework itself (React DOM, the Next.js client and runtime: the build manifest's root main files) is ${kb(r.bundles.framework.gzipBytes)}. Budget ${kb(FIRST_LOAD_BUDGET)}.`, '');
    out.push(table(['Route', 'First Load JS', 'Uncompressed', 'Chunks', `≤ ${kb(FIRST_LOAD_BUDGET)}`, `Own budget (${r.bundles.budgetsFile})`], r.bundles.routes.map((b) => [b.route, kb(b.gzipBytes), kb(b.rawBytes), String(b.chunks), b.overBudget ? 'over' : 'ok', `${kb(b.budgetBytes)}${b.listed ? '' : ' (default)'} ${b.overRouteBudget ? 'OVER' : 'ok'}`])), '');
  }
  return out.join('\n');
}

/** A compact terminal summary: the targets, and what failed. */
export function terminal(r: Report): string {
  const lines = ['', `Targets (${r.size.name} size):`];
  for (const t of r.targets) lines.push(`  ${t.status === 'met' ? 'MET    ' : t.status === 'missed' ? 'MISSED ' : 'n/a    '} ${t.target}: ${t.figure}`);
  const bad = r.explain.filter((e) => e.violations.length);
  if (bad.length) {
    lines.push('', 'Query plans over budget:');
    for (const e of bad) lines.push(`  ${e.screen} / ${e.name} (${e.source}): ${e.violations.join('; ')}`);
  }
  if (r.failures.length) lines.push('', 'FAILED:', ...r.failures.map((f) => `  - ${f}`));
  return lines.join('\n');
}

export function writeReport(r: Report): { json: string; md: string } {
  const dir = path.join(process.cwd(), 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = r.date.replace(/:/g, '-').replace(/\..*$/, '');
  const json = path.join(dir, `${stamp}-${r.size.name}.json`);
  const md = path.join(dir, `${stamp}-${r.size.name}.md`);
  fs.writeFileSync(json, JSON.stringify(r, null, 2) + '\n');
  fs.writeFileSync(md, markdown(r) + '\n');
  return { json: path.relative(process.cwd(), json), md: path.relative(process.cwd(), md) };
}

export function machine(): Report['machine'] {
  let commit: string | null = null;
  try {
    commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    // not a git checkout
  }
  return { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 1e9), node: process.versions.node, commit };
}
