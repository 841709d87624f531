// Lighthouse (12.8.2, Debian's Chromium) on the screens the issue names, against the production build with the bench's
// history, each signed in as its role (the session cookie sent as a header). Lighthouse is not a dependency of the
// project: `--lighthouse` uses the CLI at LIGHTHOUSE_BIN (install it apart: npm install --prefix /tmp/lh
// lighthouse@12.8.2) and the browser at CHROME_PATH. The targets are judged on the desktop preset (the console is a
// desktop application); the default mobile emulation is recorded beside them.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BASE, signIn, startApp } from './http';
import type { Fixtures } from './queries';

const run = promisify(execFile);

export type LighthousePage = {
  screen: string;
  path: string;
  performance: number | null;
  accessibility: number | null;
  lcpMs: number | null;
  tbtMs: number | null;
  cls: number | null;
  failedAudits: string[];
  /** The same page under Lighthouse's default mobile emulation (slow 4G, 4× CPU slowdown), for reference. */
  mobilePerformance: number | null;
};

type Page = { screen: string; role: 'teller' | 'supervisor' | 'qc' | null; path: (f: Fixtures) => string };
const PAGES: Page[] = [
  { screen: 'Sign-in', role: null, path: () => '/login' },
  { screen: 'Teller workbench', role: 'teller', path: () => '/teller' },
  { screen: 'Session console', role: 'teller', path: (f) => `/teller/sessions/${f.openSessionId}` },
  { screen: 'Approval queue', role: 'supervisor', path: () => '/supervisor' },
  { screen: 'Inspection workspace', role: 'qc', path: (f) => `/qc/sessions/${f.inspectSessionId}` },
  { screen: 'Operations board', role: 'supervisor', path: () => '/supervisor/board' },
];

export function lighthouseBin(): string {
  const bin = process.env.LIGHTHOUSE_BIN ?? '/tmp/lh/node_modules/.bin/lighthouse';
  if (!fs.existsSync(bin)) throw new Error(`--lighthouse: no Lighthouse CLI at ${bin} (npm install --prefix /tmp/lh lighthouse@12.8.2, or set LIGHTHOUSE_BIN)`);
  return bin;
}

type Lhr = {
  finalDisplayedUrl: string;
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, { score: number | null; numericValue?: number; scoreDisplayMode: string }>;
};

export async function runLighthouse(v: { appEnv: Record<string, string>; fixtures: Fixtures; log: (line: string) => void }): Promise<LighthousePage[]> {
  const bin = lighthouseBin();
  const app = await startApp(v.appEnv);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lh-'));
  const out: LighthousePage[] = [];
  try {
    const cookies: Record<string, string> = {};
    for (const role of ['teller', 'qc'] as const) cookies[role] = await signIn(role, 'Demo-2468');
    // The demo supervisor's authenticator code is good once per 30-second step (the load signed in with it before).
    try {
      cookies.supervisor = await signIn('supervisor2', 'Demo-2468');
    } catch {
      await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 500));
      cookies.supervisor = await signIn('supervisor2', 'Demo-2468');
    }
    const audit = async (page: Page, preset: 'desktop' | 'mobile'): Promise<Lhr> => {
      const url = BASE + page.path(v.fixtures);
      const file = path.join(dir, `${out.length}-${preset}.json`);
      const args = [url, '--only-categories=performance,accessibility', '--output=json', `--output-path=${file}`, '--quiet', '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage'];
      if (preset === 'desktop') args.push('--preset=desktop');
      if (page.role) args.push(`--extra-headers=${JSON.stringify({ Cookie: cookies[page.role] })}`);
      await run(bin, args, { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' }, timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
      const lhr = JSON.parse(fs.readFileSync(file, 'utf8')) as Lhr;
      // A sign-in that did not hold would have scored the sign-in page instead.
      if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname) throw new Error(`Lighthouse: ${url} ended at ${lhr.finalDisplayedUrl}`);
      return lhr;
    };
    for (const page of PAGES) {
      const lhr = await audit(page, 'desktop');
      const mobile = await audit(page, 'mobile');
      const num = (id: string) => lhr.audits[id]?.numericValue ?? null;
      const failedAudits = lhr.categories.accessibility!.auditRefs
        .filter((r) => r.weight > 0 && lhr.audits[r.id]?.scoreDisplayMode === 'binary' && lhr.audits[r.id]?.score === 0)
        .map((r) => r.id);
      const p: LighthousePage = { screen: page.screen, path: page.path(v.fixtures), performance: lhr.categories.performance!.score, accessibility: lhr.categories.accessibility!.score, lcpMs: num('largest-contentful-paint'), tbtMs: num('total-blocking-time'), cls: num('cumulative-layout-shift'), failedAudits, mobilePerformance: mobile.categories.performance!.score };
      out.push(p);
      v.log(`  ${page.screen.padEnd(22)} performance ${p.performance?.toFixed(2)} (mobile ${p.mobilePerformance?.toFixed(2)})  accessibility ${p.accessibility?.toFixed(2)}${failedAudits.length ? `  (${failedAudits.join(', ')})` : ''}`);
    }
    return out;
  } finally {
    await app.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
