import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql as dsql, TransactionRollbackError } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Tx } from '@/db';
import { appendAudit, verifyAuditChain } from '@/db/queries/audit';
import { runMigrations } from '@/db/migrate';
import * as schema from '@/db/schema';
import { DestinationFileExistsError, directoryDestination, s3ClientFromEnv, s3Destination } from '@/lib/audit/destination';
import { publicKeyFingerprint, sha256Hex } from '@/lib/audit/digest';
import { AuditExportError, exportAuditTrail } from '@/lib/audit/export';
import { verifyAgainstDigests, type Finding } from '@/lib/audit/verify-digests';
import { maxAuditSeq } from './helpers';

const root = process.cwd();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'air-counter-audit-export-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const digestFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.startsWith('audit-digest-')).sort();
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
/** The exported rows as the file holds them: one JSON object per line. */
const rowsIn = (file: string) => gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
/** Exported files are read-only; an attacker with access to the directory replaces them. */
function replaceFile(file: string, bytes: Buffer | string) {
  fs.rmSync(file);
  fs.writeFileSync(file, bytes);
}

/** `npm run <script> -- args` as npm runs it (node scripts/start.mjs task ...), with the given extra environment. */
function task(name: string, args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = { ...process.env, APP_DB_PASSWORD: 'unused', AUDIT_SIGNING_KEY: undefined, AUDIT_EXPORT_DIR: undefined, AUDIT_EXPORT_BUCKET: undefined };
  return new Promise((resolve) => {
    execFile(process.execPath, ['scripts/start.mjs', 'task', name, ...args], { cwd: root, env: { ...base, ...env }, timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run audit:export and audit:verify -- --digests (the shared database, demo signing key)', () => {
  const out = path.join(work, 'cli-export');
  const dataDir = path.join(work, 'cli-data');
  const env = { AIR_COUNTER_ENV: 'demo', AIR_COUNTER_DATA_DIR: dataDir };

  it('ships every row with a signed digest, publishes the public key, and the rows file is the database verbatim', async () => {
    for (let i = 0; i < 3; i++) await appendAudit({ actorId: null, actorRole: null, action: 'test.export.first', outcome: 'ok', details: { i, 说明: '导出' } });
    const upTo = await maxAuditSeq();
    const r = await task('audit-export', ['--to', out], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`now covered up to seq ${upTo}`);

    const [digestName] = digestFiles(out);
    expect(digestFiles(out)).toEqual([`audit-digest-${'1'.padStart(12, '0')}-${String(upTo).padStart(12, '0')}.json`]);
    const digest = readJson(path.join(out, digestName!));
    expect(digest).toMatchObject({ from: 1, to: upTo, rows: upTo, previousDigest: null });
    // The demo key was made in the data directory and its public half published beside the digests.
    const signing = fs.readFileSync(path.join(dataDir, 'audit-signing-key.pem'), 'utf8');
    expect(fs.readFileSync(path.join(out, 'public-key.pem'), 'utf8')).toBe(createPublicKey(signing).export({ type: 'spki', format: 'pem' }));

    const db = await sql<{ seq: number; action: string; prev_hash: string; hash: string; details: unknown }[]>`
      SELECT seq::int AS seq, action, prev_hash, hash, details FROM audit_events ORDER BY seq`;
    const exported = rowsIn(path.join(out, digest.rowsFile.name));
    expect(exported.map((e) => ({ seq: e.seq, action: e.action, prev_hash: e.prevHash, hash: e.hash, details: e.details }))).toEqual(db);
    expect(digest.lastChainHash).toBe(db.at(-1)!.hash);
  });

  it('the second export covers only the new rows and chains to the first; a third has nothing to do', async () => {
    const [first] = digestFiles(out);
    const firstTo = readJson(path.join(out, first!)).to;
    for (let i = 0; i < 2; i++) await appendAudit({ actorId: null, actorRole: null, action: 'test.export.second', outcome: 'ok' });
    const upTo = await maxAuditSeq();
    const keyBefore = fs.readFileSync(path.join(out, 'public-key.pem'));
    expect((await task('audit-export', ['--to', out], env)).code).toBe(0);

    const names = digestFiles(out);
    expect(names).toHaveLength(2);
    const second = readJson(path.join(out, names[1]!));
    expect(second).toMatchObject({ from: firstTo + 1, to: upTo, rows: upTo - firstTo });
    expect(second.previousDigest).toEqual({ name: first, sha256: sha256Hex(fs.readFileSync(path.join(out, first!))) });
    expect(rowsIn(path.join(out, second.rowsFile.name)).map((e) => e.seq)).toEqual(Array.from({ length: upTo - firstTo }, (_, k) => firstTo + 1 + k));
    expect(fs.readFileSync(path.join(out, 'public-key.pem'))).toEqual(keyBefore);

    const again = await task('audit-export', [], { ...env, AUDIT_EXPORT_DIR: out });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Nothing new to export: ${out} covers the audit trail up to seq ${upTo}`);
    expect(digestFiles(out)).toEqual(names);
  });

  it('verifies clean with --digests, and without it behaves as before', async () => {
    const rows = await maxAuditSeq();
    const checked = await task('audit-verify', ['--digests', out], env);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain(`Audit trail intact: ${rows} rows.`);
    expect(checked.stdout).toContain(`Digests in ${out}: 2, covering seq 1..${rows}; ${rows} database row(s) checked`);
    expect(checked.stdout).toContain('Audit trail matches the exported digests.');
    const plain = await task('audit-verify', [], env);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(`Audit trail intact: ${rows} rows.\n`);
    expect(plain.stdout).not.toContain('Digests');
  });

  it('refuses without a destination, and outside demo mode without a signing key', async () => {
    const none = await task('audit-export', [], env);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('set AUDIT_EXPORT_DIR');
    const production = await task('audit-export', ['--to', path.join(work, 'never')], { AIR_COUNTER_ENV: 'production' });
    expect(production.code).toBe(1);
    expect(production.stderr).toContain('AUDIT_SIGNING_KEY must be set');
    expect(fs.existsSync(path.join(work, 'never'))).toBe(false);
  });
});

// Tampering that the database's own check cannot see needs the database owner with the triggers off; it happens in a
// database of its own on the same server (dropped afterwards), and most of it inside transactions that are rolled back.
describe('what the digests catch that the database cannot (separate database)', () => {
  const dbName = `aircounter_audit_export_${process.pid}_${Date.now()}`;
  const url = Object.assign(new URL(process.env.DATABASE_URL!), { pathname: `/${dbName}` }).toString();
  const dir = path.join(work, 'tamper-export');
  const dest = directoryDestination(dir);
  const { privateKey: key } = generateKeyPairSync('ed25519');
  let client: postgres.Sql;
  let conn: ReturnType<typeof drizzle<typeof schema>>;
  let names: string[];

  const append = (action: string, c: Parameters<typeof appendAudit>[1] = conn) => appendAudit({ actorId: null, actorRole: null, action, outcome: 'ok', details: { action } }, c);
  const summary = (findings: Finding[]) => findings.map((f) => `${f.kind} ${f.from}..${f.to}`).sort();

  /** As the owner, triggers off (what a DBA could do), then rolled back whatever happens. */
  async function tampered(work: (tx: Tx) => Promise<void>): Promise<void> {
    try {
      await conn.transaction(async (tx) => {
        await tx.execute(dsql`SET LOCAL session_replication_role = replica`);
        await work(tx);
        tx.rollback();
      });
    } catch (err) {
      if (err instanceof TransactionRollbackError) return;
      throw err;
    }
    throw new Error('the tampering was not rolled back');
  }

  /** Rewrites one row, then recomputes every later hash and link so the chain holds again. */
  async function rewriteAndRechain(tx: Tx, seq: number, action: string) {
    await tx.execute(dsql`UPDATE audit_events SET action = ${action} WHERE seq = ${seq}`);
    const [{ max }] = (await tx.execute<{ max: number }>(dsql`SELECT max(seq)::int AS max FROM audit_events`)) as unknown as [{ max: number }];
    for (let s = seq; s <= max; s++) {
      await tx.execute(dsql`UPDATE audit_events SET prev_hash = coalesce((SELECT hash FROM audit_events WHERE seq = ${s - 1}), 'genesis') WHERE seq = ${s}`);
      await tx.execute(dsql`UPDATE audit_events a SET hash = audit_row_hash(a) WHERE seq = ${s}`);
    }
  }

  const cleanReport = async () => verifyAgainstDigests(dest, undefined, conn);

  beforeAll(async () => {
    await sql.unsafe(`CREATE DATABASE "${dbName}"`);
    await runMigrations(url);
    client = postgres(url, { max: 2, onnotice: () => {} });
    conn = drizzle(client, { schema });
    for (let i = 1; i <= 6; i++) await append(`test.row${i}`);
  });

  afterAll(async () => {
    await client?.end();
    await sql.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  });

  it('exports in batches, then only the new rows, each digest chained to the one before', async () => {
    const first = await exportAuditTrail(dest, key, { conn, maxRowsPerDigest: 3 });
    expect(first.digests.map((d) => [d.from, d.to])).toEqual([[1, 3], [4, 6]]);
    expect(first.publishedPublicKey).toBe(true);
    for (let i = 7; i <= 9; i++) await append(`test.row${i}`);
    const second = await exportAuditTrail(dest, key, { conn, maxRowsPerDigest: 3 });
    expect(second.digests.map((d) => [d.from, d.to])).toEqual([[7, 9]]);
    expect(second.publishedPublicKey).toBe(false);

    names = digestFiles(dir);
    expect(names).toHaveLength(3);
    const digests = names.map((n) => readJson(path.join(dir, n)));
    expect(digests[0].previousDigest).toBeNull();
    for (const i of [1, 2]) expect(digests[i].previousDigest).toEqual({ name: names[i - 1], sha256: sha256Hex(fs.readFileSync(path.join(dir, names[i - 1]!))) });
    const hashes = await client<{ hash: string }[]>`SELECT hash FROM audit_events WHERE seq IN (3, 6, 9) ORDER BY seq`;
    expect(digests.map((d) => d.lastChainHash)).toEqual(hashes.map((h) => h.hash));
  });

  it('verifies clean, with the published key or the same key given explicitly', async () => {
    expect(await cleanReport()).toMatchObject({ digests: 3, coveredTo: 9, rowsChecked: 9, notYetExported: 0, keySource: 'destination', findings: [] });
    const given = await verifyAgainstDigests(dest, createPublicKey(key), conn);
    expect(given).toMatchObject({ keySource: 'given', findings: [] });
  });

  it('catches a rewritten row whose chain was recomputed, which the database itself finds intact; and will not export on top of it', async () => {
    await tampered(async (tx) => {
      await rewriteAndRechain(tx, 5, 'test.rewritten');
      const [row] = (await tx.execute<{ action: string }>(dsql`SELECT action FROM audit_events WHERE seq = 5`)) as unknown as [{ action: string }];
      expect(row.action).toBe('test.rewritten');
      expect(await verifyAuditChain(tx)).toEqual({ intact: true, rows: 9 });

      const report = await verifyAgainstDigests(dest, undefined, tx);
      expect(summary(report.findings)).toEqual(['chain-hash 4..6', 'chain-hash 7..9', 'content 4..6', 'content 7..9']);
      const content = report.findings.find((f) => f.kind === 'content' && f.from === 4)!;
      expect(content).toMatchObject({ digest: names[1], seqs: [5, 6] });
      expect(content.message).toContain('changed since export: seq 5 (action)');
      expect(content.message).toContain('re-chained hashes: seq 6');

      await tx.execute(dsql`SET LOCAL session_replication_role = origin`);
      await append('test.after_rewrite', tx);
      await expect(exportAuditTrail(dest, key, { conn: tx })).rejects.toThrow(/Not exporting: the chain hash of seq 9 in the database is not the one/);
      expect(digestFiles(dir)).toEqual(names);
    });
    expect((await cleanReport()).findings).toEqual([]);
  });

  it('catches a deleted row, and will not export once the database ends before the digests do', async () => {
    await tampered(async (tx) => {
      await tx.execute(dsql`DELETE FROM audit_events WHERE seq = 8`);
      const report = await verifyAgainstDigests(dest, undefined, tx);
      expect(summary(report.findings)).toEqual(['content 7..9', 'count 7..9']);
      expect(report.findings.find((f) => f.kind === 'content')!.message).toContain('missing from the database: seq 8');

      await tx.execute(dsql`DELETE FROM audit_events WHERE seq = 9`);
      expect(summary((await verifyAgainstDigests(dest, undefined, tx)).findings)).toEqual(['chain-hash 7..9', 'content 7..9', 'count 7..9']);
      await expect(exportAuditTrail(dest, key, { conn: tx })).rejects.toThrow(/ends at seq 7 but .* holds digests up to seq 9/);
    });
    expect((await cleanReport()).findings).toEqual([]);
  });

  it('catches an altered digest (signature) and the next digest no longer chains to it; an altered rows file too', async () => {
    const file = path.join(dir, names[1]!);
    const original = fs.readFileSync(file);
    const forged = { ...JSON.parse(original.toString('utf8')), rows: 2 };
    replaceFile(file, JSON.stringify(forged, null, 2));
    try {
      const report = await cleanReport();
      expect(summary(report.findings)).toEqual(['digest-chain 7..9', 'signature 4..6']);
      expect(report.findings.find((f) => f.kind === 'digest-chain')!.message).toContain(`previous digest ${names[1]} is not the file this one was chained to`);
    } finally {
      replaceFile(file, original);
    }

    const rowsFile = path.join(dir, readJson(path.join(dir, names[0]!)).rowsFile.name);
    const rows = fs.readFileSync(rowsFile);
    replaceFile(rowsFile, Buffer.concat([rows, Buffer.from([0])]));
    try {
      expect(summary((await cleanReport()).findings)).toEqual(['rows-file 1..3']);
    } finally {
      replaceFile(rowsFile, rows);
    }
    expect((await cleanReport()).findings).toEqual([]);
  });

  it('catches a digest deleted from the middle of the chain', async () => {
    const file = path.join(dir, names[1]!);
    const aside = path.join(work, 'aside.json');
    fs.renameSync(file, aside);
    try {
      const report = await cleanReport();
      expect(report.digests).toBe(2);
      expect(summary(report.findings)).toEqual(['digest-chain 7..9', 'digest-chain 7..9']);
      const messages = report.findings.map((f) => f.message).join('\n');
      expect(messages).toContain('seq 4..6 is covered by no digest');
      expect(messages).toContain(`(${names[1]} is missing)`);
    } finally {
      fs.renameSync(aside, file);
    }
    expect((await cleanReport()).findings).toEqual([]);
  });

  it('checks signatures with the key given, not a substitute, and will not sign with another key', async () => {
    const other = generateKeyPairSync('ed25519');
    const report = await verifyAgainstDigests(dest, other.publicKey, conn);
    expect(summary(report.findings)).toEqual(['signature 1..3', 'signature 4..6', 'signature 7..9']);
    expect(report.keyFingerprint).toBe(publicKeyFingerprint(other.publicKey));
    await expect(exportAuditTrail(dest, other.privateKey, { conn })).rejects.toBeInstanceOf(AuditExportError);
  });

  it('the CLI reports a committed rewrite the database check passes', async () => {
    await conn.transaction(async (tx) => {
      await tx.execute(dsql`SET LOCAL session_replication_role = replica`);
      await rewriteAndRechain(tx, 2, 'test.rewritten.committed');
    });
    const env = { DATABASE_URL: url, AUDIT_SIGNING_KEY: String(key.export({ type: 'pkcs8', format: 'pem' })) };
    const plain = await task('audit-verify', [], env);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('Audit trail intact: 9 rows.');
    const checked = await task('audit-verify', ['--digests', dir], env);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain('Audit trail DOES NOT MATCH the exported digests: 6 finding(s).');
    expect(checked.stderr).toContain(`[content] ${names[0]} (seq 1..3): the rows in seq 1..3 differ from those exported: changed since export: seq 2 (action)`);
    const exported = await task('audit-export', ['--to', dir], env);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain('Not exporting: the chain hash of seq 9');
    expect(digestFiles(dir)).toEqual(names);
  });
});

// @20minutes/s3rver ships no types; only what this test uses is declared.
type S3rver = { run(): Promise<AddressInfo>; close(): Promise<void> };
type S3rverOptions = { address: string; port: number; directory: string; silent: boolean; configureBuckets: Array<{ name: string }> };

describe('an S3 bucket as the destination (local S3-compatible server)', () => {
  let server: S3rver;
  let client: S3Client;
  let key: KeyObject;

  beforeAll(async () => {
    const S3rverClass = createRequire(import.meta.url)('@20minutes/s3rver') as new (o: S3rverOptions) => S3rver;
    server = new S3rverClass({ address: '127.0.0.1', port: 0, directory: path.join(work, 's3'), silent: true, configureBuckets: [{ name: 'audit-digests' }] });
    const { port } = await server.run();
    client = s3ClientFromEnv({ S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' });
    // s3rver checks a bucket-level request (the listing) against "/bucket" while the SDK signs "/bucket/", as AWS wants:
    // the test's client drops that slash before signing. Object requests are untouched.
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { path?: string };
        if (request.path && /^\/[^/]+\/$/.test(request.path)) request.path = request.path.slice(0, -1);
        return next(args);
      },
      { step: 'build' },
    );
    key = generateKeyPairSync('ed25519').privateKey;
  });
  afterAll(async () => server?.close());

  it('exports twice under a prefix, verifies clean, and never overwrites', async () => {
    const dest = s3Destination('audit-digests', 'trail/a', client);
    await appendAudit({ actorId: null, actorRole: null, action: 'test.export.s3', outcome: 'ok' });
    const first = await exportAuditTrail(dest, key);
    await appendAudit({ actorId: null, actorRole: null, action: 'test.export.s3', outcome: 'ok' });
    const second = await exportAuditTrail(dest, key);
    const upTo = await maxAuditSeq();
    expect(second.digests).toEqual([{ name: expect.any(String), from: first.coveredTo + 1, to: upTo, rows: upTo - first.coveredTo }]);
    expect((await dest.list()).sort()).toEqual([...first.digests, ...second.digests].flatMap((d) => [d.name, d.name.replace('digest', 'rows').replace('.json', '.jsonl.gz')]).concat('public-key.pem').sort());

    expect(await verifyAgainstDigests(dest)).toMatchObject({ digests: first.digests.length + 1, coveredTo: upTo, findings: [] });
    await expect(dest.create(second.digests[0]!.name, Buffer.from('{}'), 'application/json')).rejects.toBeInstanceOf(DestinationFileExistsError);
    expect(await verifyAgainstDigests(dest)).toMatchObject({ findings: [] });
  });
});

describe('afterwards', () => {
  it('the shared audit trail still verifies: all tampering happened elsewhere or was rolled back', async () => {
    expect(await verifyAuditChain()).toEqual({ intact: true, rows: await maxAuditSeq() });
  });
});
