import postgres from 'postgres';
import { sql } from '@/db';
import { runMigrations } from '@/db/migrate';

/**
 * The fuzz suite's own database and its write log. Fuzzed calls that succeed change configuration and whole tables
 * other files count on, so the suite runs in a database of its own, made and migrated here and dropped at the end.
 */

const baseUrl = process.env.DATABASE_URL!;
const name = `aircounter_fuzz_${process.pid}`;

async function onBase<T>(work: (c: postgres.Sql) => Promise<T>): Promise<T> {
  const client = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Makes and migrates the database and points the app at it. Must run before anything opens the app's pool. */
export async function useOwnDatabase(): Promise<void> {
  // The pool is made on first use (db/index.ts): it must not exist yet, or it would point at the shared database.
  if ((globalThis as { airCounterDb?: unknown }).airCounterDb) throw new Error('the app pool was opened before the fuzz database was made');
  await onBase((c) => c.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  await onBase((c) => c.unsafe(`CREATE DATABASE "${name}"`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  process.env.DATABASE_URL = url.toString();
}

export async function dropOwnDatabase(): Promise<void> {
  await sql.end({ timeout: 5 });
  await onBase((c) => c.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * Logs every committed row change of a business table — all tables of the schema but the audit trail, as
 * businessChecksums covers them — naming the columns an update changed. An update that changes nothing is no write;
 * a write rolled back leaves no log row. businessChecksums per call would be too slow for 10,000 cases.
 */
export async function installWriteLog(): Promise<void> {
  await sql.unsafe(`
    CREATE SCHEMA fuzz;
    CREATE TABLE fuzz.writes (id bigserial PRIMARY KEY, tbl text NOT NULL, op text NOT NULL, cols text);
    CREATE FUNCTION fuzz.log_write() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE changed text;
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          SELECT string_agg(n.key, ',' ORDER BY n.key) INTO changed FROM jsonb_each(to_jsonb(NEW)) n WHERE n.value IS DISTINCT FROM to_jsonb(OLD) -> n.key;
          IF changed IS NULL THEN RETURN NULL; END IF;
        END IF;
        INSERT INTO fuzz.writes (tbl, op, cols) VALUES (TG_TABLE_NAME, TG_OP, changed);
        RETURN NULL;
      END $$;`);
  const tables = await sql<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'audit_events'`;
  for (const t of tables) {
    await sql.unsafe(`CREATE TRIGGER zz_fuzz_write_log AFTER INSERT OR UPDATE OR DELETE ON public."${t.name}" FOR EACH ROW EXECUTE FUNCTION fuzz.log_write()`);
  }
}

// Activity bookkeeping, not business: a sign-in's last request, an integration token's last use (also on a refusal).
const ACTIVITY = ['UPDATE staff_sessions (last_seen_at)', 'UPDATE integrations (last_used_at)'];

export async function writeMark(): Promise<number> {
  const [row] = await sql<{ n: string }[]>`SELECT coalesce(max(id), 0)::text AS n FROM fuzz.writes`;
  return Number(row!.n);
}

/** The writes committed since `mark`, as "UPDATE cases (state,updated_at) ×1"; activity left out unless asked for. */
export async function writesSince(mark: number, opts: { activity?: boolean } = {}): Promise<string[]> {
  const rows = await sql<{ tbl: string; op: string; cols: string | null; n: number }[]>`
    SELECT tbl, op, cols, count(*)::int AS n FROM fuzz.writes WHERE id > ${mark} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
  const all = rows.map((r) => `${r.op} ${r.tbl}${r.cols ? ` (${r.cols})` : ''} ×${r.n}`);
  return opts.activity ? all : all.filter((w) => !ACTIVITY.some((a) => w.startsWith(`${a} ×`)));
}
