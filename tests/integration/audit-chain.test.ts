import { execFile } from 'node:child_process';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { appendAudit, verifyAuditChain } from '@/db/queries/audit';
import { runMigrations } from '@/db/migrate';
import * as schema from '@/db/schema';
import { makeStaff, startSession, uniqueName } from './factories';
import { maxAuditSeq, pgFailure } from './helpers';

describe('the shared audit trail', () => {
  beforeAll(async () => {
    await appendAudit({ actorId: null, actorRole: null, action: 'test.audit_seed', outcome: 'ok' });
  });

  it.each([
    ['UPDATE', () => sql`UPDATE audit_events SET details = '{"x":1}' WHERE seq = 1`],
    ['DELETE', () => sql`DELETE FROM audit_events WHERE seq = 1`],
    ['TRUNCATE', () => sql`TRUNCATE audit_events`],
  ])('refuses %s', async (op, run) => {
    const rows = await maxAuditSeq();
    const failure = await pgFailure(run);
    expect(failure.code).toBe('42501');
    expect(failure.message).toContain(`audit_events is append-only: ${op} refused`);
    expect(await maxAuditSeq()).toBe(rows);
  });

  it('refuses changes to session timelines too', async () => {
    const teller = await makeStaff('teller');
    const sessionId = await startSession(teller.id);
    const [event] = await sql`SELECT count(*)::int AS n FROM session_events WHERE session_id = ${sessionId}`;
    expect(event!.n).toBe(1);
    for (const run of [() => sql`UPDATE session_events SET kind = 'x'`, () => sql`DELETE FROM session_events`, () => sql`TRUNCATE session_events CASCADE`]) {
      expect((await pgFailure(run)).code).toBe('42501');
    }
  });

  it('ignores the seq and hashes a writer supplies', async () => {
    const before = await maxAuditSeq();
    await sql`INSERT INTO audit_events (seq, action, outcome, prev_hash, hash) VALUES (1, 'test.forged', 'ok', 'forged', 'forged')`;
    const [row] = await sql`SELECT seq::int AS seq, prev_hash <> 'forged' AS relinked, hash <> 'forged' AS rehashed FROM audit_events WHERE action = 'test.forged'`;
    expect(row).toEqual({ seq: before + 1, relinked: true, rehashed: true });
  });

  it('is intact', async () => {
    const report = await verifyAuditChain();
    expect(report).toEqual({ intact: true, rows: await maxAuditSeq() });
  });

  it('30 parallel appends get consecutive numbers and keep the chain intact', async () => {
    const action = `test.parallel.${uniqueName('p')}`;
    const start = await maxAuditSeq();
    await Promise.all(Array.from({ length: 30 }, (_, i) => appendAudit({ actorId: null, actorRole: null, action, outcome: 'ok', details: { i } })));
    const rows = await sql<{ seq: number; i: number }[]>`SELECT seq::int AS seq, (details->>'i')::int AS i FROM audit_events WHERE action = ${action} ORDER BY seq`;
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, k) => start + 1 + k));
    expect(rows.map((r) => r.i).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, k) => k));
    expect(await verifyAuditChain()).toMatchObject({ intact: true });
  });
});

// Tampering breaks the chain for good, so it happens in a database of its own on the same server.
describe('tamper detection (separate database)', () => {
  const dbName = `aircounter_tamper_${process.pid}_${Date.now()}`;
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${dbName}`;
  let client: postgres.Sql;
  let conn: ReturnType<typeof drizzle<typeof schema>>;

  function auditVerifyCli(): Promise<{ code: number; stdout: string; stderr: string }> {
    const root = process.cwd();
    return new Promise((resolve) => {
      execFile(
        path.join(root, 'node_modules/.bin/tsx'),
        ['--conditions=react-server', 'scripts/db-task.ts', 'audit-verify'],
        { cwd: root, env: { ...process.env, DATABASE_URL: url.toString() }, timeout: 60_000 },
        (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  async function tamper(statement: (tx: postgres.TransactionSql) => Promise<unknown>) {
    // As the database owner, with triggers switched off for this transaction only: what an attacker with DBA rights could do.
    await client.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await statement(tx);
    });
  }

  beforeAll(async () => {
    await sql.unsafe(`CREATE DATABASE "${dbName}"`);
    await runMigrations(url.toString());
    client = postgres(url.toString(), { max: 2, onnotice: () => {} });
    conn = drizzle(client, { schema });
    for (let i = 1; i <= 6; i++) await appendAudit({ actorId: null, actorRole: null, action: `test.row${i}`, outcome: 'ok', details: { i } }, conn);
  });

  afterAll(async () => {
    await client?.end();
    await sql.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  });

  it('starts intact, and the CLI says so', async () => {
    expect(await verifyAuditChain(conn)).toEqual({ intact: true, rows: 6 });
    const cli = await auditVerifyCli();
    expect(cli.stdout).toContain('Audit trail intact: 6 rows');
    expect(cli.code).toBe(0);
  });

  it('names the row whose content was changed behind the trigger', async () => {
    await tamper((tx) => tx`UPDATE audit_events SET details = '{"i":99}' WHERE seq = 3`);
    const [row] = await client`SELECT id::int AS id, details FROM audit_events WHERE seq = 3`;
    expect(row!.details).toEqual({ i: 99 });
    expect(await verifyAuditChain(conn)).toEqual({ intact: false, rows: 6, brokenSeq: 3, brokenId: row!.id, reason: 'hash' });
  });

  it('the CLI exits 1 and names the seq', async () => {
    const cli = await auditVerifyCli();
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('BROKEN at seq 3');
  });

  it('is intact again once restored, and names the row after a deleted one', async () => {
    await tamper((tx) => tx`UPDATE audit_events SET details = '{"i":3}' WHERE seq = 3`);
    expect(await verifyAuditChain(conn)).toMatchObject({ intact: true });
    await tamper((tx) => tx`DELETE FROM audit_events WHERE seq = 4`);
    expect(await verifyAuditChain(conn)).toMatchObject({ intact: false, brokenSeq: 5, reason: 'link' });
  });

  it('detects a re-hashed row by the link of the next one', async () => {
    await tamper((tx) => tx`DELETE FROM audit_events`);
    for (let i = 1; i <= 4; i++) await appendAudit({ actorId: null, actorRole: null, action: `test.again${i}`, outcome: 'ok' }, conn);
    // The attacker also recomputes the edited row's own hash, so only the next row's link gives it away.
    await tamper(async (tx) => {
      await tx`UPDATE audit_events SET action = 'test.edited' WHERE seq = 2`;
      await tx`UPDATE audit_events a SET hash = audit_row_hash(a) WHERE seq = 2`;
    });
    const [edited] = await client`SELECT action, hash = audit_row_hash(a) AS self_consistent FROM audit_events a WHERE seq = 2`;
    expect(edited).toEqual({ action: 'test.edited', self_consistent: true });
    expect(await verifyAuditChain(conn)).toMatchObject({ intact: false, brokenSeq: 3, reason: 'link' });
  });
});
