import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import postgres from 'postgres';
import { ObjectNotFoundError, storage } from '@/lib/storage';
import { assertValidKey } from '@/lib/storage/object-storage';

// A logical backup in the app's own terms: every table of the public schema as COPY text (gzip), the sequences, the
// stored objects the database names, and a manifest of row counts and SHA-256 checksums. Not pg_dump: the embedded
// server is PostgreSQL 18 and Debian's pg_dump 15 refuses a newer server; the schema itself comes from the migrations.
// Left out on purpose: pg-boss's job tables (transient; the queues are installed again) and drizzle's own journal
// (the restore runs the migrations).

export const BACKUP_FORMAT = 'air-counter-backup';
export const BACKUP_FORMAT_VERSION = 1;
const MANIFEST = 'manifest.json';
const MANIFEST_SUM = 'manifest.json.sha256';
export const MIGRATIONS_DIR = path.resolve(process.cwd(), 'db/migrations');

export type TableShape = { name: string; columns: string[]; key: string[] };
export type TableEntry = TableShape & { rows: number; sha256: string; file: string; fileSha256: string };
export type FileEntry = { key: string; size: number; sha256: string; contentType: string };
export type Manifest = {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  server: string;
  migrations: { count: number; lastTag: string };
  tables: TableEntry[];
  sequences: { name: string; lastValue: string | null }[];
  files: FileEntry[];
};
export type Journal = { entries: { idx: number; when: number; tag: string }[] };

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function readJournal(): Journal {
  return JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** Passes bytes through while hashing them and counting rows (COPY text ends every row with a newline, escapes the rest). */
export function digestTap() {
  const hash = createHash('sha256');
  let rows = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows++;
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ rows, sha256: hash.digest('hex') }) };
}

/** Fixes every setting COPY's text depends on, so the same rows give the same bytes on any server and session. */
export async function fixOutputSettings(tx: postgres.TransactionSql): Promise<void> {
  for (const setting of ["TimeZone = 'UTC'", "DateStyle = 'ISO, YMD'", "IntervalStyle = 'postgres'", 'extra_float_digits = 1', "bytea_output = 'hex'"]) {
    await tx.unsafe(`SET LOCAL ${setting}`);
  }
}

/** The public schema's tables with their stored columns (generated ones are recomputed) and primary keys. */
export async function listTables(conn: postgres.Sql | postgres.TransactionSql): Promise<TableShape[]> {
  const rows = await conn<TableShape[]>`
    SELECT c.relname::text AS name,
      ARRAY(SELECT a.attname::text FROM pg_attribute a
            WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum) AS columns,
      ARRAY(SELECT a.attname::text FROM pg_index i, unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord), pg_attribute a
            WHERE i.indrelid = c.oid AND i.indisprimary AND a.attrelid = c.oid AND a.attnum = k.attnum ORDER BY k.ord) AS key
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r'`;
  const tables = rows.map((r) => ({ name: r.name, columns: r.columns, key: r.key })).sort((a, b) => (a.name < b.name ? -1 : 1));
  const keyless = tables.find((t) => t.key.length === 0);
  // Rows are written in key order so the same data always gives the same checksum.
  if (keyless) throw new Error(`Table ${keyless.name} has no primary key: a backup orders every table's rows by it.`);
  return tables;
}

/** COPY of a table's rows in key order, hashed; written gzip-compressed to `file`, or only hashed when `file` is null. */
export async function copyOut(tx: postgres.TransactionSql, t: TableShape, file: string | null): Promise<{ rows: number; sha256: string }> {
  const source = await tx
    .unsafe(`COPY (SELECT ${t.columns.map(ident).join(', ')} FROM public.${ident(t.name)} ORDER BY ${t.key.map(ident).join(', ')}) TO STDOUT`)
    .readable();
  const tap = digestTap();
  if (file) await pipeline(source, tap.stream, createGzip(), fs.createWriteStream(file, { mode: 0o600 }));
  else await pipeline(source, tap.stream, new Writable({ write: (_chunk, _encoding, done) => done() }));
  return tap.result();
}

/** The migration the database is at, by drizzle's journal of applied migrations matched against db/migrations. */
async function migrationState(tx: postgres.TransactionSql): Promise<Manifest['migrations']> {
  const [applied] = await tx<{ count: number; last: string | null }[]>`
    SELECT count(*)::int AS count, max(created_at)::text AS last FROM drizzle.__drizzle_migrations`;
  const entry = readJournal().entries[applied!.count - 1];
  if (!entry || String(entry.when) !== applied!.last) {
    throw new Error(`The database has ${applied!.count} migration(s) applied that this checkout's db/migrations does not match: back up with the code that migrated it.`);
  }
  return { count: applied!.count, lastTag: entry.tag };
}

/** Where a stored object lives inside an archive (keys are checked segments, so the path stays inside it). */
export function archivedFile(dir: string, key: string): string {
  assertValidKey(key);
  return path.join(dir, 'files', ...key.split('/'));
}

export type BackupSummary = { dir: string; tables: number; rows: number; sequences: number; files: number; manifestSha256: string };

/**
 * Writes one archive directory under `outDir`, named by its UTC time. Every table is read in one repeatable-read
 * snapshot, so the archive is consistent across tables while the app keeps running. It appears under its final name
 * only when complete; a failure leaves nothing behind. The archive holds personal data (sealed columns and document
 * files stay sealed under the data key, which is never in it): keep it as protected as the database.
 */
export async function createBackup(url: string, outDir: string): Promise<BackupSummary> {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const dir = path.resolve(outDir, `air-counter-backup-${stamp}`);
  const partial = `${dir}.partial`;
  fs.mkdirSync(path.join(partial, 'tables'), { recursive: true, mode: 0o700 });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const manifest = await sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
      await fixOutputSettings(tx);
      const [{ server }] = await tx<{ server: string }[]>`SELECT current_setting('server_version') AS server`;
      const migrations = await migrationState(tx);
      const tables: TableEntry[] = [];
      for (const t of await listTables(tx)) {
        const file = `tables/${t.name}.copy.gz`;
        const copied = await copyOut(tx, t, path.join(partial, file));
        tables.push({ ...t, ...copied, file, fileSha256: await sha256File(path.join(partial, file)) });
      }
      // Sequences are not transactional: a value read here may be a little ahead of the snapshot, which is harmless.
      const sequences = await tx<{ name: string; lastValue: string | null }[]>`
        SELECT sequencename::text AS name, last_value::text AS "lastValue" FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`;
      // The objects the snapshot's rows name (a purged file's object is on its way out and is not kept).
      const objects = await tx<{ key: string; mime: string }[]>`SELECT storage_key AS key, mime FROM stored_files WHERE deleted_at IS NULL ORDER BY storage_key`;
      return { server, migrations, tables, sequences: sequences.map((s) => ({ ...s })), objects: objects.map((o) => ({ ...o })) };
    });

    const files: FileEntry[] = [];
    let missing = 0;
    for (const o of manifest.objects) {
      let bytes: Uint8Array;
      try {
        bytes = await storage().get(o.key);
      } catch (err) {
        if (err instanceof ObjectNotFoundError) { missing++; continue; }
        throw err;
      }
      const file = archivedFile(partial, o.key);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, bytes, { mode: 0o600 });
      // Documents are stored sealed (their bytes are opaque); recordings keep their media type.
      files.push({ key: o.key, size: bytes.length, sha256: sha256(bytes), contentType: o.key.startsWith('documents/') ? 'application/octet-stream' : o.mime });
    }
    if (missing > 0) throw new Error(`${missing} stored file(s) named by the database are missing from the document store: the backup would be incomplete.`);

    const { objects: _objects, ...rest } = manifest;
    const body: Manifest = { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, createdAt: new Date().toISOString(), ...rest, files };
    const text = `${JSON.stringify(body, null, 2)}\n`;
    fs.writeFileSync(path.join(partial, MANIFEST), text, { mode: 0o600 });
    const manifestSha256 = sha256(Buffer.from(text));
    // In sha256sum's format, so `sha256sum -c manifest.json.sha256` checks it too.
    fs.writeFileSync(path.join(partial, MANIFEST_SUM), `${manifestSha256}  ${MANIFEST}\n`, { mode: 0o600 });
    fs.renameSync(partial, dir);
    const rows = body.tables.reduce((n, t) => n + t.rows, 0);
    return { dir, tables: body.tables.length, rows, sequences: body.sequences.length, files: files.length, manifestSha256 };
  } catch (err) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw err;
  } finally {
    await sql.end();
  }
}

const damaged = (what: string) => new Error(`Archive damaged: ${what} does not match its checksum in the manifest. Nothing was restored.`);

/**
 * Checks an archive end to end before anything is restored from it: the manifest against its checksum, then every
 * table file and stored file against the manifest. Returns the manifest.
 */
export async function verifyArchive(dir: string): Promise<Manifest> {
  const at = (name: string) => path.join(dir, name);
  if (!fs.existsSync(at(MANIFEST)) || !fs.existsSync(at(MANIFEST_SUM))) throw new Error(`Not a backup archive: ${dir} has no ${MANIFEST} and ${MANIFEST_SUM}.`);
  const text = fs.readFileSync(at(MANIFEST));
  if (fs.readFileSync(at(MANIFEST_SUM), 'utf8').split(/\s/)[0] !== sha256(text)) throw damaged(MANIFEST);
  const manifest = JSON.parse(text.toString('utf8')) as Manifest;
  if (manifest.format !== BACKUP_FORMAT || manifest.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new Error(`Not an archive this version can restore (format ${manifest.format} v${manifest.formatVersion}; expected ${BACKUP_FORMAT} v${BACKUP_FORMAT_VERSION}).`);
  }
  for (const t of manifest.tables) {
    if (!/^tables\/[a-z0-9_]+\.copy\.gz$/.test(t.file) || !fs.existsSync(at(t.file)) || (await sha256File(at(t.file))) !== t.fileSha256) throw damaged(t.file);
  }
  for (const f of manifest.files) {
    const file = archivedFile(dir, f.key);
    if (!fs.existsSync(file) || fs.statSync(file).size !== f.size || (await sha256File(file)) !== f.sha256) throw damaged(`files/${f.key}`);
  }
  return manifest;
}
