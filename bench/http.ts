// Talking to the production build as a browser would: the app's own launcher environment for `next start`, sign-in
// through next-auth's credentials endpoint (the session cookie is what the load generator sends), and the body of a
// server action call as React's client encodes it (a FormData argument becomes fields "_1_<name>").
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { withAppHeap } from '../scripts/lib/app-heap.mjs';

export const BENCH_HTTP_PORT = Number(process.env.BENCH_HTTP_PORT ?? 3200);
export const BASE = `http://localhost:${BENCH_HTTP_PORT}`;

export type App = { child: ChildProcess; stop: () => Promise<void> };

/**
 * Starts `next start` on the existing production build with the environment scripts/start.mjs gives it (the app's
 * least-privileged database role, the secrets, AUTH_TRUST_HOST, demo mode for the seeded demo users), in its own
 * process group so that stop() ends every process it started.
 */
export async function startApp(env: Record<string, string>): Promise<App> {
  if (!fs.existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) throw new Error('No production build: run `npm run build` first.');
  if (await fetch(`${BASE}/api/health`).then(() => true, () => false)) throw new Error(`Port ${BENCH_HTTP_PORT} is taken: stop what runs there or set BENCH_HTTP_PORT.`);
  const log: string[] = [];
  const child = spawn(path.join(process.cwd(), 'node_modules', '.bin', 'next'), ['start', '-p', String(BENCH_HTTP_PORT)], {
    cwd: process.cwd(),
    // As `npm start` runs it (scripts/start.mjs): with the app's heap ceiling.
    env: { ...process.env, ...env, NODE_OPTIONS: withAppHeap(process.env.NODE_OPTIONS), NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', AUTH_TRUST_HOST: 'true', PORT: String(BENCH_HTTP_PORT) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.on('data', (d) => log.push(String(d)));
  child.stderr!.on('data', (d) => log.push(String(d)));
  const stop = async () => {
    if (child.exitCode !== null || !child.pid) return;
    const gone = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${log.join('').slice(-2000)}`);
    const ok = await fetch(`${BASE}/api/health`).then((r) => r.ok, () => false);
    if (ok) return { child, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`next start did not answer within 30 s:\n${log.join('').slice(-2000)}`);
}

/** Resident memory of the processes in the app's process group (next start and the server it runs), in bytes. */
export function groupRss(pgid: number): { total: number; largest: number } {
  let total = 0;
  let largest = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces): state, ppid, pgrp, ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'));
      if (!rss) continue;
      total += Number(rss[1]) * 1024;
      largest = Math.max(largest, Number(rss[1]) * 1024);
    } catch {
      // the process ended meanwhile
    }
  }
  return { total, largest };
}

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

/** The demo authenticator's current code for the supervisors and admins (two-factor is mandatory for them). */
async function demoCode(username: string): Promise<{ code?: string }> {
  const { DEMO_LOGINS } = await import('../scripts/lib/demo-logins.mjs');
  if (!DEMO_LOGINS.totpUsers.includes(username)) return {};
  const { generateSync } = await import('otplib');
  return { code: generateSync({ secret: DEMO_LOGINS.totpSecret }) };
}

/** Signs a demo user in through next-auth's credentials endpoint (as the sign-in form does) and returns the cookie. */
export async function signIn(username: string, password: string): Promise<string> {
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const res = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; '), origin: BASE },
    body: new URLSearchParams({ csrfToken, username, password, ...(await demoCode(username)), callbackUrl: `${BASE}/` }).toString(),
  });
  const session = cookiesOf(res).find((c) => c.startsWith('authjs.session-token='));
  if (!session) throw new Error(`bench: signing in as ${username} failed (HTTP ${res.status}, ${res.headers.get('location') ?? 'no redirect'})`);
  return session;
}

/** The id the build gave a server action (.next/server/server-reference-manifest.json), by its exported name. */
export function actionId(exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName?: string }>;
  };
  const found = Object.entries(manifest.node).find(([, v]) => v.exportedName === exportedName);
  if (!found) throw new Error(`bench: no server action ${exportedName} in this build`);
  return found[0];
}

const BOUNDARY = '----airCounterBench7MA4YWxkTrZu0gW';

/** A server action call `action(null, formData)` as the React client sends it: multipart, the FormData's fields under "_1_". */
export function actionRequest(id: string, fields: Record<string, string>): { headers: Record<string, string>; body: string } {
  // The FormData's fields come first and the root model ("0") last, in the order the client writes them.
  const parts = [...Object.entries(fields).map(([k, v]) => [`_1_${k}`, v]), ['0', '[null,"$K1"]']];
  const body = parts.map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('') + `--${BOUNDARY}--\r\n`;
  return {
    headers: { 'next-action': id, accept: 'text/x-component', 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, origin: BASE },
    body,
  };
}
