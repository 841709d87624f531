import 'server-only';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { fsStorageRoot, storage } from '@/lib/storage';
import { archivedFile, copyOut, digestTap, fixOutputSettings, ident, listTables, MIGRATIONS_DIR, readJournal, sha256, verifyArchive, type Manifest } from './backup';
import { runMigrations } from './migrate';

/** Refuses a database that holds anything of ours: a restore never merges into or overwrites live data. */
async function assertEmptyDatabase(sql: postgres.Sql): Promise<void> {
  const [{ n }] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
    WHERE s.nspname IN ('public', 'drizzle', 'pgboss') AND c.relkind IN ('r', 'p', 'S', 'v', 'm')`;
  if (n > 0) {
    throw new Error(
      `Refusing to restore: the target database is not empty (${n} table(s) or sequence(s) already there). ` +
        'Restore into a new, empty database (embedded: point AIR_COUNTER_DATA_DIR at a new directory, or set DATABASE_URL to a freshly created database).',
    );
  }
}

/** Refuses a document store that already holds objects (filesystem: any file; S3: any of the archive's keys). */
async function assertEmptyStorage(manifest: Manifest): Promise<void> {
  if ((process.env.AIR_COUNTER_STORAGE?.trim() || 'fs') === 'fs') {
    const root = fsStorageRoot();
    const files = fs.existsSync(root) ? fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
    if (files > 0) throw new Error(`Refusing to restore: the document store ${root} is not empty (${files} file(s)). Point AIR_COUNTER_STORAGE_DIR at an empty directory.`);
    return;
  }
  let taken = 0;
  for (const f of manifest.files) if (await storage().exists(f.key)) taken++;
  if (taken > 0) throw new Error(`Refusing to restore: ${taken} of the archive's objects already exist in the bucket. Restore into an empty bucket.`);
}

/** Applies the committed migrations up to the archive's, so its rows load into the schema they were taken from. */
async function migrateTo(url: string, count: number): Promise<void> {
  const journal = readJournal();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'air-counter-migrations-'));
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const entries = journal.entries.slice(0, count);
    fs.mkdirSync(path.join(folder, 'meta'));
    fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
    for (const e of entries) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(folder, `${e.tag}.sql`));
    await migrate(drizzle(client), { migrationsFolder: folder });
  } finally {
    await client.end();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Loads every table in one transaction as the owner with triggers and foreign-key checks off (replica role): the
 * append-only and state-machine triggers would refuse historic rows, and tables load in name order, not FK order.
 * Rows the migrations seeded (default policies, scorecards...) are replaced by the archive's. Before committing, every
 * table is read back and must give the archive's row count and checksum; any difference rolls the whole load back.
 */
async function loadTables(sql: postgres.Sql, dir: string, manifest: Manifest): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SET LOCAL session_replication_role = replica`;
    await fixOutputSettings(tx);
    const present = await listTables(tx);
    const shape = (t: { name: string; columns: string[] }) => `${t.name}(${t.columns.join(',')})`;
    if (present.map(shape).join(' ') !== manifest.tables.map(shape).join(' ')) {
      throw new Error(`The schema at migration ${manifest.migrations.lastTag} does not have the archive's tables and columns: was db/migrations edited after the backup?`);
    }
    await tx.unsafe(`TRUNCATE ${present.map((t) => `public.${ident(t.name)}`).join(', ')}`);
    for (const t of manifest.tables) {
      const sink = await tx.unsafe(`COPY public.${ident(t.name)} (${t.columns.map(ident).join(', ')}) FROM STDIN`).writable();
      const tap = digestTap();
      await pipeline(fs.createReadStream(path.join(dir, t.file)), createGunzip(), tap.stream, sink);
      const loaded = tap.result();
      if (loaded.rows !== t.rows || loaded.sha256 !== t.sha256) throw new Error(`Restore check failed: ${t.file} does not hold the rows its manifest describes.`);
    }
    for (const s of manifest.sequences) {
      if (s.lastValue === null) await tx.unsafe(`ALTER SEQUENCE public.${ident(s.name)} RESTART`);
      else await tx`SELECT setval(${`public.${ident(s.name)}`}::regclass, ${s.lastValue}::bigint, true)`;
    }
    for (const t of manifest.tables) {
      const held = await copyOut(tx, t, null);
      if (held.rows !== t.rows || held.sha256 !== t.sha256) {
        throw new Error(`Restore check failed: table ${t.name} holds ${held.rows} row(s) with checksum ${held.sha256}; the archive has ${t.rows} with ${t.sha256}.`);
      }
    }
  });
}

/** Puts every archived object back and reads it again: size and SHA-256 must be the manifest's. */
async function restoreFiles(dir: string, manifest: Manifest): Promise<void> {
  for (const f of manifest.files) {
    await storage().put(f.key, fs.readFileSync(archivedFile(dir, f.key)), f.contentType);
    const back = await storage().get(f.key);
    if (back.length !== f.size || sha256(back) !== f.sha256) throw new Error(`Restore check failed: stored file ${f.key} does not match the archive.`);
  }
}

export type RestoreSummary = { tables: number; rows: number; sequences: number; files: number; migratedTo: string; undelivered: number };

/**
 * Restores an archive made by createBackup into an empty database and an empty document store, after checking the
 * whole archive. The schema comes from the migrations (up to the archive's, then any newer ones this code has, as an
 * upgrade would); data and files are verified against the manifest before this returns.
 */
export async function restoreBackup(url: string, from: string, log: (line: string) => void = () => {}): Promise<RestoreSummary> {
  const dir = path.resolve(from);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  let started = false;
  try {
    await assertEmptyDatabase(sql);
    const manifest = await verifyArchive(dir);
    log(`Archive intact: ${manifest.tables.length} table(s), ${manifest.files.length} file(s), made ${manifest.createdAt} at migration ${manifest.migrations.lastTag}.`);
    await assertEmptyStorage(manifest);
    const journal = readJournal();
    if (journal.entries[manifest.migrations.count - 1]?.tag !== manifest.migrations.lastTag) {
      throw new Error(
        `Refusing to restore: the archive is at migration ${manifest.migrations.lastTag}, which this code's db/migrations (at ${journal.entries.at(-1)?.tag}) does not have. ` +
          'Restore with the version of the app that made the backup, or a newer one.',
      );
    }
    started = true;
    await migrateTo(url, manifest.migrations.count);
    await loadTables(sql, dir, manifest);
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    log(`Database loaded and checked: ${manifest.tables.length} table(s), ${rows} row(s), ${manifest.sequences.length} sequence(s) match the archive.`);
    // Newer code: its later migrations run on the restored data, as an upgrade would; and the job queue is installed.
    await runMigrations(url);
    await restoreFiles(dir, manifest);
    log(`Document store restored and checked: ${manifest.files.length} file(s) match the archive.`);
    // Jobs are not in the archive: a message still queued at backup time may or may not have gone out since.
    const [{ undelivered }] = await sql<{ undelivered: number }[]>`SELECT count(*)::int AS undelivered FROM outbox_messages WHERE status IN ('queued', 'sending')`;
    return { tables: manifest.tables.length, rows, sequences: manifest.sequences.length, files: manifest.files.length, migratedTo: readJournal().entries.at(-1)!.tag, undelivered };
  } catch (err) {
    if (!started) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${message}\nThe target may now hold part of the restore: drop it (database and document store) and restore into empty ones again.`);
  } finally {
    await sql.end();
  }
}
