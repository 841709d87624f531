// The launcher behind `npm start`, `npm run dev` and the db:* scripts.
// Without DATABASE_URL it runs an embedded PostgreSQL (data kept in AIR_COUNTER_DATA_DIR, default .data/),
// applies migrations, seeds an empty database, builds if needed, serves the app, and on Ctrl-C stops both cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from './lib/embedded-db.mjs';
import { withAppHeap } from './lib/app-heap.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] ?? 'start';
const task = process.argv[3];
const dataDir = path.resolve(root, process.env.AIR_COUNTER_DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 3000);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const GENERATED = ['AUTH_SECRET', 'DATA_ENCRYPTION_KEY', 'APP_DB_PASSWORD'];

function loadSecrets(env) {
  const missing = GENERATED.filter((key) => !env[key]);
  if (missing.length === 0) return;
  if (env.AIR_COUNTER_ENV === 'production' && (missing.includes('AUTH_SECRET') || missing.includes('DATA_ENCRYPTION_KEY'))) {
    console.error('Refusing to start: AIR_COUNTER_ENV=production needs AUTH_SECRET and DATA_ENCRYPTION_KEY (32+ random characters each).');
    process.exit(1);
  }
  // Demo mode: random secrets made once and kept beside the data, so sessions and encrypted data survive restarts.
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'secrets.json');
  const saved = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  const absent = GENERATED.filter((key) => !saved[key]);
  for (const key of absent) saved[key] = randomBytes(32).toString('base64url');
  if (absent.length > 0) fs.writeFileSync(file, JSON.stringify(saved, null, 2), { mode: 0o600 });
  for (const key of missing) env[key] = saved[key];
  // Keys retired by a demo rotation stay readable until every value is re-encrypted.
  if (missing.includes('DATA_ENCRYPTION_KEY') && saved.DATA_ENCRYPTION_KEYS_PREVIOUS) env.DATA_ENCRYPTION_KEYS_PREVIOUS ??= saved.DATA_ENCRYPTION_KEYS_PREVIOUS;
  // Generated secrets mean the demo: its conveniences (demo SMS inbox) are switched on.
  if (missing.includes('AUTH_SECRET') || missing.includes('DATA_ENCRYPTION_KEY')) env.AIR_COUNTER_ENV ??= 'demo';
}

/**
 * `npm run keys:rotate` on the demo's own secrets: a new key becomes current and the old one is kept as previous
 * until every value is re-encrypted. With your own DATA_ENCRYPTION_KEY, set the new key and the old one in
 * DATA_ENCRYPTION_KEYS_PREVIOUS yourself, then run it; afterwards the old key can go.
 */
function rotateDemoKey(env) {
  const file = path.join(dataDir, 'secrets.json');
  if (process.env.DATA_ENCRYPTION_KEY || !fs.existsSync(file)) return;
  const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  const previous = [saved.DATA_ENCRYPTION_KEY, ...(saved.DATA_ENCRYPTION_KEYS_PREVIOUS ?? '').split(',')].filter(Boolean);
  saved.DATA_ENCRYPTION_KEYS_PREVIOUS = [...new Set(previous)].join(',');
  saved.DATA_ENCRYPTION_KEY = randomBytes(32).toString('base64url');
  // Written before anything is re-encrypted, so an interruption leaves every value readable.
  fs.writeFileSync(file, JSON.stringify(saved, null, 2), { mode: 0o600 });
  env.DATA_ENCRYPTION_KEY = saved.DATA_ENCRYPTION_KEY;
  env.DATA_ENCRYPTION_KEYS_PREVIOUS = saved.DATA_ENCRYPTION_KEYS_PREVIOUS;
  console.log('Demo data key rotated: a new key is current; the old one is kept until re-encryption finishes.');
}

function forgetPreviousDemoKeys() {
  const file = path.join(dataDir, 'secrets.json');
  if (process.env.DATA_ENCRYPTION_KEY || !fs.existsSync(file)) return;
  const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  delete saved.DATA_ENCRYPTION_KEYS_PREVIOUS;
  fs.writeFileSync(file, JSON.stringify(saved, null, 2), { mode: 0o600 });
}

function run(cmd, args, env, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit', ...opts });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const taskArgs = (name) => ['--conditions=react-server', '--tsconfig', path.join(root, 'tsconfig.json'), path.join(root, 'scripts/db-task.ts'), name];
const dbTask = (name, env, extra = []) => run(bin('tsx'), [...taskArgs(name), ...extra], env);

/** The URL of the least-privileged role the app serves as (embedded database only; see db/app-role.ts). */
function appRoleUrl(env) {
  const out = spawnSync(bin('tsx'), taskArgs('app-role'), { cwd: root, env, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`Could not set up the app's database role: ${out.stderr.trim()}`);
  return out.stdout.trim().split('\n').at(-1);
}

async function main() {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  loadSecrets(env);

  let database = { stop: async () => {}, url: env.DATABASE_URL };
  const embedded = !env.DATABASE_URL;
  if (embedded) {
    const pgPort = Number(env.AIR_COUNTER_PG_PORT ?? 54329);
    try {
      database = await startEmbeddedPostgres({ dataDir, port: pgPort });
    } catch (err) {
      console.error(err.message);
      process.exit(1);
    }
    env.DATABASE_URL = database.url;
    console.log(`Embedded PostgreSQL ${database.reused ? '(already running) ' : ''}on port ${pgPort}, data in ${path.relative(root, dataDir) || dataDir}`);
  } else {
    console.log('Using the PostgreSQL server at DATABASE_URL.');
  }

  let stopping = false;
  const children = [];
  const shutdown = async (code) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      children
        .filter((c) => c.exitCode === null)
        .map((c) => {
          try { process.kill(-c.pid, 'SIGTERM'); } catch { /* already gone */ }
          return new Promise((r) => { const t = setTimeout(r, 8000); c.once('exit', () => { clearTimeout(t); r(); }); });
        }),
    );
    await database.stop();
    process.exit(code);
  };
  // App and worker run as their own process groups; if either stops, everything stops.
  const spawnChild = (cmd, args, childEnv = env) => {
    const c = spawn(cmd, args, { cwd: root, env: childEnv, stdio: 'inherit', detached: true });
    c.on('exit', (code) => shutdown(code ?? 0));
    children.push(c);
  };
  const startWorker = () => spawnChild(bin('tsx'), ['--conditions=react-server', '--tsconfig', path.join(root, 'tsconfig.json'), path.join(root, 'scripts/worker.ts')]);
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));

  if (mode === 'task' && task === 'keys-rotate') {
    rotateDemoKey(env);
    const code = await dbTask(task, env);
    // The old key goes only once every value is proven to open with the new one.
    if (code === 0 && (await dbTask('keys-verify', env)) === 0) forgetPreviousDemoKeys();
    return shutdown(code);
  }
  if (mode === 'task') {
    // Anything after the task's name is its own (`npm run db:backup -- --out dir`).
    const code = await dbTask(task, env, process.argv.slice(4));
    return shutdown(code);
  }

  if ((await dbTask(mode === 'worker' ? 'migrate' : 'prepare', env)) !== 0) return shutdown(1);
  if (embedded) {
    // Embedded: migrations ran as the owner; the app serves as a role that can only append to the audit trail.
    try {
      env.DATABASE_URL = appRoleUrl(env);
    } catch (err) {
      console.error(err.message);
      return shutdown(1);
    }
  }

  if (mode === 'start' && !fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.log('No production build found: building (about a minute)...');
    if ((await run(bin('next'), ['build'], env)) !== 0) return shutdown(1);
  }
  if (mode === 'start') env.AUTH_TRUST_HOST = 'true';
  // The demo phone's keypad calls the app's own integration endpoint over HTTP, as a telephony system would.
  env.PORT = String(port);

  if (mode === 'worker') return startWorker();

  const { DEMO_LOGINS } = await import('./lib/demo-logins.mjs');
  console.log(
    `\nAir counter console: http://localhost:${port}\nDemo logins (demo only; password ${DEMO_LOGINS.password}): ${DEMO_LOGINS.usernames.join(', ')}\n` +
      `${DEMO_LOGINS.totpUsers.join(', ')} also need their authenticator's code: add the demo key ${DEMO_LOGINS.totpSecret} to an authenticator app, or run \`npm run demo:code\`.\n`,
  );

  // The heap ceiling is the app's (measured under its load); the worker keeps Node's own sizing.
  spawnChild(bin('next'), [mode === 'dev' ? 'dev' : 'start', '-p', String(port)], mode === 'start' ? { ...env, NODE_OPTIONS: withAppHeap(env.NODE_OPTIONS) } : env);
  if (env.AIR_COUNTER_WORKER !== 'off') startWorker();
}

main();
