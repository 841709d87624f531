import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { submitOpenAccount } from '@/lib/cases/account-business';
import { decideCase } from '@/lib/cases/service';
import { uploadCaseDocument } from '@/lib/documents/service';
import { endSession } from '@/lib/sessions/service';
import { freePort, startEmbeddedPostgres } from '../../scripts/lib/embedded-db.mjs';
import { runAs } from './actions';
import { samplePng, sessionWithAccount } from './card-factories';
import { endedSession, makeUser, pendingMobileChange, sessionWithCustomer, type TestCustomer } from './factories';

// The disaster-recovery drill (数据备份与恢复演练), with the real commands: a database of its own is prepared as the
// launcher does (migrations + demo seed) and given business through the real services; `npm run db:backup` archives it
// with its document store; `npm run db:restore` puts it into a second PostgreSQL server and an empty store; every table,
// sequence and file of the copy is compared with the original, and audit:verify and ledger:verify run on the copy.

const root = process.cwd();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'air-counter-drill-'));
const store = { source: path.join(work, 'files-source'), copy: path.join(work, 'files-copy'), spare: path.join(work, 'files-spare') };
const at = (url: string, database: string) => Object.assign(new URL(url), { pathname: `/${database}` }).toString();
const sourceUrl = at(process.env.DATABASE_URL!, `aircounter_drill_${process.pid}`);
let second: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
const secondDir = path.resolve(root, `.data-test-restore-${process.pid}`);
let copyUrl: string;
let archive: string;
let customer: TestCustomer;

/** Runs `npm run <script> -- args` as npm would (node scripts/start.mjs task ...), against the given database and store. */
function task(name: string, args: string[], databaseUrl: string, storageDir: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['scripts/start.mjs', 'task', name, ...args],
      // APP_DB_PASSWORD given so the launcher writes no secrets file; the data key is the test run's.
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, AIR_COUNTER_STORAGE_DIR: storageDir, APP_DB_PASSWORD: 'drill-unused' }, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

async function withClient<T>(url: string, work: (c: postgres.Sql) => Promise<T>): Promise<T> {
  const client = postgres(url, { max: 1, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Every public table's row count and an md5 over its rows' full text, and every sequence's value: computed here, not by the backup code. */
function contentOf(url: string) {
  return withClient(url, async (c) => {
    const tables: Record<string, { rows: number; md5: string | null }> = {};
    for (const { name } of await c<{ name: string }[]>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`) {
      const [r] = await c<{ rows: number; md5: string | null }[]>`SELECT count(*)::int AS rows, md5(string_agg(t::text, E'\n' ORDER BY t::text)) AS md5 FROM ${c(name)} t`;
      tables[name] = { ...r! };
    }
    const sequences = await c`SELECT sequencename::text AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`;
    return { tables, sequences: sequences.map((s) => ({ ...s })) };
  });
}

const publicRelations = (url: string) =>
  withClient(url, async (c) => (await c<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_class k JOIN pg_namespace s ON s.oid = k.relnamespace WHERE s.nspname = 'public'`)[0]!.n);
const filesUnder = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort() : []);
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

beforeAll(async () => {
  await withClient(process.env.DATABASE_URL!, (c) => c.unsafe(`CREATE DATABASE ${new URL(sourceUrl).pathname.slice(1)}`));
  // The launcher's own first start on an empty database: migrations, then the demo seed (staff, customers, balances, recordings).
  const prepared = await task('prepare', [], sourceUrl, store.source);
  expect(prepared, prepared.out).toMatchObject({ code: 0 });
  // This file's services work on the drill's database and store from here on; nothing has opened the pool yet.
  expect((globalThis as { airCounterDb?: unknown }).airCounterDb).toBeUndefined();
  process.env.DATABASE_URL = sourceUrl;
  process.env.AIR_COUNTER_STORAGE_DIR = store.source;

  const [teller, supervisor, inspector] = await Promise.all([makeUser('teller'), makeUser('supervisor'), makeUser('qc')]);
  // A case approved and executed: the customer's mobile changes.
  const change = await pendingMobileChange(teller.id);
  customer = change.customer;
  expect(await decideCase(change.caseId, supervisor.id, 'approve', null, null)).toMatchObject({ outcome: 'decided', state: 'completed' });
  // An account opening with a scanned identity document stored (sealed) in the document store.
  const s = await sessionWithAccount(teller.id);
  const opening = await submitOpenAccount(s.sessionId, teller.id, { accountKind: 'savings', idempotencyKey: randomUUID() });
  await uploadCaseDocument({ caseId: opening.id, tellerId: teller.id, kind: 'id_front', bytes: await samplePng() });
  // An inspection, through the action (audited).
  const inspected = await endedSession(teller.id);
  const rated = { r_greeting: 'yes', r_identity_statement: 'yes', r_verification_before_request: 'na', r_confirmation: 'no', r_data_accuracy: '5', r_supplement_followed: 'na', r_completeness: 'yes', r_risk_disclosure: 'yes', r_attitude: '5', r_closed_with_outcome: 'yes', r_closing_words: 'yes' };
  expect(await runAs(inspector, 'inspection.submit', { sessionId: inspected, ...rated })).toMatchObject({ ok: true });
  // A complaint about a session, through the action.
  const complained = await sessionWithCustomer(teller.id);
  await endSession(complained.sessionId, teller.id, 'resolved', 2);
  expect(await runAs(teller, 'complaint.record', { sessionId: complained.sessionId, channel: 'phone', category: 'service_attitude', severity: 'medium', content: '演练投诉：等待时间过长' })).toMatchObject({ ok: true });

  const port = await freePort();
  second = await startEmbeddedPostgres({ dataDir: secondDir, port, database: 'aircounter_restored' });
  copyUrl = second.url;
}, 180_000);

afterAll(async () => {
  await sql.end({ timeout: 5 });
  await second?.stop();
  fs.rmSync(secondDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the backup and restore drill', () => {
  it('backs up, restores into a second server and an empty store, and the copy equals the original', async () => {
    const source = await contentOf(sourceUrl);
    const [{ files }] = await sql<{ files: number }[]>`SELECT count(*)::int AS files FROM stored_files WHERE deleted_at IS NULL`;
    // The drill covers the business: an executed case, a ledger, an inspection, a complaint, an audit trail, documents.
    for (const table of ['cases', 'ledger_entries', 'inspections', 'complaints', 'audit_events', 'case_documents', 'session_recordings']) expect(source.tables[table]?.rows, table).toBeGreaterThan(0);

    const backup = await task('db-backup', ['--out', path.join(work, 'backups')], sourceUrl, store.source);
    expect(backup, backup.out).toMatchObject({ code: 0 });
    archive = backup.out.match(/Backup written: (\S+)/)![1]!;
    expect(backup.out).toContain(`${files} stored file(s)`);

    const restore = await task('db-restore', ['--from', archive], copyUrl, store.copy);
    expect(restore, restore.out).toMatchObject({ code: 0 });
    expect(restore.out).toMatch(/Audit trail intact: [1-9]\d* rows/);
    expect(restore.out).toMatch(/Ledger intact/);
    expect(restore.out).toContain('Restore complete and verified');
    // Counts and checksums on the console, never personal data.
    for (const out of [backup.out, restore.out]) for (const secret of [customer.fullName, customer.idNumber, customer.mobile, '演练投诉']) expect(out).not.toContain(secret);

    // Every table (row count and content) and every sequence, compared independently of the backup's own checks.
    expect(await contentOf(copyUrl)).toEqual(source);
    // Every stored file: the same objects, byte for byte, and nothing else.
    const keys = (await sql<{ key: string }[]>`SELECT storage_key AS key FROM stored_files WHERE deleted_at IS NULL ORDER BY 1`).map((r) => r.key);
    expect(filesUnder(store.copy)).toEqual(keys.map((k) => path.join(...k.split('/'))).sort());
    for (const k of keys) expect(sha(path.join(store.copy, ...k.split('/'))), k).toBe(sha(path.join(store.source, ...k.split('/'))));

    // The verifications the operators run, on the copy.
    const audit = await task('audit-verify', [], copyUrl, store.copy);
    expect(audit, audit.out).toMatchObject({ code: 0 });
    expect(audit.out).toContain(`Audit trail intact: ${source.tables.audit_events!.rows} rows.`);
    const ledger = await task('ledger-verify', [], copyUrl, store.copy);
    expect(ledger, ledger.out).toMatchObject({ code: 0 });
    expect(ledger.out).toContain('Ledger intact');
  });

  it('refuses a tampered archive before restoring anything', async () => {
    const tampered = path.join(work, 'tampered');
    fs.cpSync(archive, tampered, { recursive: true });
    const file = path.join(tampered, 'tables', 'audit_events.copy.gz');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length >> 1] ^= 0x01;
    fs.writeFileSync(file, bytes);
    await withClient(copyUrl, (c) => c`CREATE DATABASE aircounter_tampered`);
    const target = at(copyUrl, 'aircounter_tampered');

    const r = await task('db-restore', ['--from', tampered], target, store.spare);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Archive damaged: tables/audit_events.copy.gz does not match its checksum in the manifest. Nothing was restored.');
    expect(await publicRelations(target)).toBe(0);
    expect(filesUnder(store.spare)).toEqual([]);
  });

  it('refuses a database or a document store that is not empty', async () => {
    const before = await contentOf(copyUrl);
    const intoCopy = await task('db-restore', ['--from', archive], copyUrl, store.spare);
    expect(intoCopy.code).toBe(1);
    expect(intoCopy.out).toContain('Refusing to restore: the target database is not empty');
    expect(await contentOf(copyUrl)).toEqual(before);

    const target = at(copyUrl, 'aircounter_tampered');
    const intoUsedStore = await task('db-restore', ['--from', archive], target, store.copy);
    expect(intoUsedStore.code).toBe(1);
    expect(intoUsedStore.out).toMatch(/Refusing to restore: the document store \S+ is not empty/);
    expect(await publicRelations(target)).toBe(0);
  });
});
