// First Load JS per route, read from the build. Next 16 no longer prints a size table after `next build`; it writes
// .next/diagnostics/route-bundle-stats.json instead: for each route, the JavaScript chunks its first load fetches.
// First Load JS is their gzip size summed, as the old build report measured it (polyfills for old browsers excluded,
// as there). Two yardsticks: the 130 kB green band (a target, reported), and bench/budgets.json, each route's
// own budget (what fails the bench): the framework alone is over 130 kB, so the green band cannot hold any route and
// the per-route budgets are what catch a regression.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const FIRST_LOAD_BUDGET = 130_000;

/** bench/budgets.json: gzip kB per route; `default` for a route not listed yet. */
type Budgets = { default: number; routes: Record<string, number> };
const BUDGETS_FILE = path.join(path.dirname(new URL(import.meta.url).pathname), 'budgets.json');

export type RouteBundle = { route: string; gzipBytes: number; rawBytes: number; chunks: number; overBudget: boolean; budgetBytes: number; overRouteBudget: boolean; listed: boolean };
export type BundleReport = { routes: RouteBundle[]; shared: { gzipBytes: number; chunks: string[] }; framework: { gzipBytes: number; chunks: string[] }; budgetsFile: string };

export function firstLoadJs(root = process.cwd()): BundleReport {
  const file = path.join(root, '.next', 'diagnostics', 'route-bundle-stats.json');
  if (!fs.existsSync(file)) throw new Error(`No ${path.relative(root, file)}: run \`npm run build\` (Next 16 writes it) first.`);
  const stats = JSON.parse(fs.readFileSync(file, 'utf8')) as { route: string; firstLoadChunkPaths: string[] }[];
  const sizes = new Map<string, { gzip: number; raw: number }>();
  const sizeOf = (chunk: string) => {
    let s = sizes.get(chunk);
    if (!s) {
      const bytes = fs.readFileSync(path.join(root, chunk));
      s = { gzip: gzipSync(bytes, { level: 9 }).length, raw: bytes.length };
      sizes.set(chunk, s);
    }
    return s;
  };
  const budgets = JSON.parse(fs.readFileSync(BUDGETS_FILE, 'utf8')) as Budgets;
  const routes = stats
    .map((r) => {
      const gzipBytes = r.firstLoadChunkPaths.reduce((sum, c) => sum + sizeOf(c).gzip, 0);
      const listed = r.route in budgets.routes;
      const budgetBytes = (listed ? budgets.routes[r.route]! : budgets.default) * 1000;
      return {
        route: r.route,
        gzipBytes,
        rawBytes: r.firstLoadChunkPaths.reduce((sum, c) => sum + sizeOf(c).raw, 0),
        chunks: r.firstLoadChunkPaths.length,
        overBudget: gzipBytes > FIRST_LOAD_BUDGET,
        budgetBytes,
        overRouteBudget: gzipBytes > budgetBytes,
        listed,
      };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes || a.route.localeCompare(b.route));
  // What every route loads: the chunks common to all of them (framework, runtime, the root layout's client code).
  const common = stats.reduce<string[] | null>((acc, r) => (acc ? acc.filter((c) => r.firstLoadChunkPaths.includes(c)) : [...r.firstLoadChunkPaths]), null) ?? [];
  // The framework's own part (React DOM, the Next.js client and runtime): the build manifest's root main files.
  const manifest = JSON.parse(fs.readFileSync(path.join(root, '.next', 'build-manifest.json'), 'utf8')) as { rootMainFiles?: string[] };
  const framework = (manifest.rootMainFiles ?? []).map((f) => path.join('.next', f));
  return {
    routes,
    shared: { gzipBytes: common.reduce((sum, c) => sum + sizeOf(c).gzip, 0), chunks: common },
    framework: { gzipBytes: framework.reduce((sum, c) => sum + sizeOf(c).gzip, 0), chunks: framework },
    budgetsFile: path.relative(root, BUDGETS_FILE),
  };
}
