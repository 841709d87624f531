// The fault check's own stack: an embedded PostgreSQL, the database prepared as the launcher prepares it, and the
// production build's `next start` and the outbox worker, each in its own process group so either can be killed alone.
// The same steps as scripts/start.mjs (which ties app, worker and database together and stops all when one stops).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from './embedded-db.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns truthy; the elapsed milliseconds, or throws naming `what` after `timeoutMs`. */
export async function waitFor(what, probe, timeoutMs, everyMs = 250) {
  const start = Date.now();
  for (;;) {
    if (await probe().catch(() => false)) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The HTTP status of a GET, 0 when nothing answers. */
export async function statusOf(url, init = {}) {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000), ...init });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

export function createStack({ root, dataDir, pgPort, appPort, log = console.log }) {
  const bin = (name) => path.join(root, 'node_modules', '.bin', name);
  const logDir = path.join(dataDir, 'logs');
  const baseURL = `http://localhost:${appPort}`;
  // Secrets made for this run only: nothing is written beside the data but the database itself.
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
    APP_DB_PASSWORD: randomBytes(24).toString('base64url'),
    AIR_COUNTER_ENV: 'demo',
    AIR_COUNTER_DATA_DIR: dataDir,
    AUTH_TRUST_HOST: 'true',
    PORT: String(appPort),
    // Deliveries that fail while the database is away are retried soon, so the run can watch the worker catch up.
    OUTBOX_RETRY_DELAY: process.env.OUTBOX_RETRY_DELAY ?? '2',
    // A worker takes one job per poll: the shortest poll pg-boss allows, so the run's messages drain in seconds.
    WORKER_POLL_SECONDS: process.env.WORKER_POLL_SECONDS ?? '0.5',
    // A delivery cut off by the outage is taken again within seconds, not pg-boss's default 15 minutes: its job expires
    // sooner, maintenance looks more often, and a message left 'sending' may be claimed again sooner (db/boss.ts,
    // db/queries/outbox.ts).
    OUTBOX_JOB_EXPIRE_SECONDS: process.env.OUTBOX_JOB_EXPIRE_SECONDS ?? '15',
    WORKER_MAINTENANCE_SECONDS: process.env.WORKER_MAINTENANCE_SECONDS ?? '5',
    OUTBOX_RECLAIM_SECONDS: process.env.OUTBOX_RECLAIM_SECONDS ?? '10',
  };
  delete env.DATABASE_URL;
  let database;
  let ownerUrl;
  const procs = {};
  const workers = [];
  const alive = (name) => !!procs[name] && procs[name].child.exitCode === null && procs[name].child.signalCode === null;

  const taskArgs = (name) => ['--conditions=react-server', '--tsconfig', path.join(root, 'tsconfig.json'), path.join(root, 'scripts/db-task.ts'), name];

  function runTask(name, url) {
    const out = spawnSync(bin('tsx'), taskArgs(name), { cwd: root, env: { ...env, DATABASE_URL: url }, encoding: 'utf8' });
    return { code: out.status ?? 1, stdout: out.stdout ?? '', stderr: out.stderr ?? '' };
  }

  function spawnGroup(name, cmd, args) {
    fs.mkdirSync(logDir, { recursive: true });
    const out = fs.openSync(path.join(logDir, `${name}.log`), 'a');
    // detached: a new session (setsid), so the whole group — next-server and anything it runs — is signalled at once.
    const child = spawn(cmd, args, { cwd: root, env: { ...env, DATABASE_URL: appUrl() }, stdio: ['ignore', out, out], detached: true });
    fs.closeSync(out);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    procs[name] = { child, exited };
    return procs[name];
  }

  let appRoleUrl;
  const appUrl = () => appRoleUrl;

  async function killGroup(name, signal) {
    const p = procs[name];
    if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
    try {
      process.kill(-p.child.pid, signal);
    } catch {
      /* the group is gone already */
    }
    const t = setTimeout(() => {
      try { process.kill(-p.child.pid, 'SIGKILL'); } catch { /* gone */ }
    }, 10_000);
    await p.exited;
    clearTimeout(t);
    delete procs[name];
  }

  return {
    baseURL,
    env,
    get ownerUrl() {
      return ownerUrl;
    },
    logFile: (name) => path.join(logDir, `${name}.log`),

    async startDatabase() {
      database = await startEmbeddedPostgres({ dataDir, port: pgPort });
      if (database.reused) throw new Error(`port ${pgPort} already has a PostgreSQL server: set FAULT_PG_PORT to a free port`);
      ownerUrl = database.url;
    },
    /** Fast shutdown (SIGINT to the postmaster): sessions are ended with admin_shutdown, open transactions roll back. */
    async stopDatabase() {
      await database?.stop();
      database = undefined;
    },

    /** Migrations, demo seed and the least-privileged role the app serves as, exactly as `npm start` does. */
    prepare() {
      const prep = runTask('prepare', ownerUrl);
      if (prep.code !== 0) throw new Error(`prepare failed:\n${prep.stdout}${prep.stderr}`);
      const role = runTask('app-role', ownerUrl);
      if (role.code !== 0) throw new Error(`app-role failed:\n${role.stderr}`);
      appRoleUrl = role.stdout.trim().split('\n').at(-1);
    },
    /**
     * Holds `LOCK TABLE <table> IN <mode> MODE` in an open transaction, as the owner, from a process of its own (a
     * connection the database kills must not take this process with it). Resolves once the lock is held; the returned
     * function lets it go (or the database's stop does).
     */
    async holdLock(table, mode) {
      const code = `import postgres from 'postgres';
        const sql = postgres(process.env.OWNER_URL, { max: 1, onnotice: () => {} });
        sql.begin(async (tx) => { await tx.unsafe('LOCK TABLE ${table} IN ${mode} MODE'); console.log('locked'); await new Promise(() => {}); }).catch(() => process.exit(0));`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: root, env: { ...process.env, OWNER_URL: ownerUrl }, stdio: ['ignore', 'pipe', 'ignore'] });
      await new Promise((resolve, reject) => {
        child.stdout.on('data', (d) => String(d).includes('locked') && resolve());
        child.once('exit', () => reject(new Error(`could not lock ${table}`)));
      });
      return () => child.kill('SIGKILL');
    },
    /** `npm run <name>`'s logic (ledger-verify, audit-verify) against this database, as its owner. */
    task: (name) => runTask(name, ownerUrl),

    startApp: () => spawnGroup('app', bin('next'), ['start', '-p', String(appPort)]),
    /** One more outbox worker (several may run, as with `npm run worker` beside more app instances). */
    startWorker: () =>
      spawnGroup(`worker${workers.push(workers.length + 1)}`, bin('tsx'), ['--conditions=react-server', '--tsconfig', path.join(root, 'tsconfig.json'), path.join(root, 'scripts/worker.ts')]),
    workerNames: () => workers.map((n) => `worker${n}`),
    appPid: () => procs.app?.child.pid,
    appAlive: () => alive('app'),
    workersAlive: () => workers.every((n) => alive(`worker${n}`)),
    killApp: (signal = 'SIGKILL') => killGroup('app', signal),

    /** Serving pages and reaching the database. */
    async waitReady(timeoutMs = 90_000) {
      return waitFor('the app to answer /login and /api/health', async () => (await statusOf(`${baseURL}/login`)) === 200 && (await statusOf(`${baseURL}/api/health`)) === 200, timeoutMs);
    },

    async shutdown() {
      await Promise.all(Object.keys(procs).map((name) => killGroup(name, 'SIGTERM')));
      await this.stopDatabase().catch(() => {});
      log(`(logs were in ${logDir})`);
    },
  };
}
