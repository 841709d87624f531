// Seeds a bank-sized history into the bench's throwaway database, set-based: each table is filled by INSERT … SELECT
// over generate_series (bench/sql/*.sql) or by COPY (the audit trail), never row by row. Where a trigger checks rows
// one at a time (state machines, the ledger's balance keeping, the audit chain, notifications), it is switched off
// for the load in this database only and the invariant it holds is then proven over the whole history (verify.ts).
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { copyAuditHistory, benchUid } from './audit-history';

export type Sizes = {
  name: 'full' | 'small';
  tellers: number;
  supervisors: number;
  qcs: number;
  admins: number;
  customers: number;
  sessions: number;
  cases: number;
  pending: number;
  auditEvents: number;
  ledgerEntries: number;
  inspections: number;
  qcWaiting: number;
  complaints: number;
  /** How far back the history goes, and for how many of the newest sessions timelines and verifications are written. */
  historyDays: number;
  eventSessions: number;
};

const STAFF = { tellers: 150, supervisors: 25, qcs: 20, admins: 5 };

export const SIZES: Record<Sizes['name'], Sizes> = {
  full: { name: 'full', ...STAFF, customers: 1_000_000, sessions: 2_000_000, cases: 2_000_000, pending: 20_000, auditEvents: 5_000_000, ledgerEntries: 5_000_000, inspections: 100_000, qcWaiting: 20_000, complaints: 50_000, historyDays: 1095, eventSessions: 200_000 },
  // About 1/100 of the full history (the staff stay 200: a floor of 2 people would measure nothing), over a year.
  small: { name: 'small', ...STAFF, customers: 10_000, sessions: 20_000, cases: 20_000, pending: 200, auditEvents: 50_000, ledgerEntries: 50_000, inspections: 1_000, qcWaiting: 200, complaints: 500, historyDays: 365, eventSessions: 5_000 },
};

/**
 * The tables the history fills. For the load their row triggers are off (ALTER TABLE … DISABLE TRIGGER USER), and their
 * secondary indexes and foreign keys are dropped and then made again from their own definitions (pg_get_indexdef,
 * pg_get_constraintdef): one sort per index and one join per foreign key instead of millions of single-row updates
 * and lookups. Recreating them checks every row again (unique indexes, foreign keys), so nothing is taken on trust.
 */
export const TRIGGERED = ['customers', 'accounts', 'service_sessions', 'session_events', 'verifications', 'cases', 'case_decisions', 'case_events', 'ledger_transactions', 'ledger_entries', 'audit_events', 'qc_draws', 'qc_assignments', 'inspections', 'complaints', 'complaint_events'];

const SQL_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'sql');

function fill(file: string, params: Record<string, string | number>): string {
  return fs.readFileSync(path.join(SQL_DIR, file), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in params)) throw new Error(`${file}: no value for {{${key}}}`);
    return String(params[key]);
  });
}

export type SeedTimings = { step: string; seconds: number }[];

type Definitions = { indexes: { name: string; def: string }[]; foreignKeys: { table: string; name: string; def: string }[] };

/** The secondary indexes (those no constraint owns) and the foreign keys of the bulk tables, as SQL to recreate them. */
async function bulkDefinitions(sql: postgres.Sql): Promise<Definitions> {
  const indexes = await sql<{ name: string; def: string }[]>`
    SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
    WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY(${TRIGGERED}) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`;
  const foreignKeys = await sql<{ table: string; name: string; def: string }[]>`
    SELECT t.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS def
    FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
    WHERE k.contype = 'f' AND t.relnamespace = 'public'::regnamespace AND t.relname = ANY(${TRIGGERED})`;
  return { indexes: [...indexes], foreignKeys: [...foreignKeys] };
}

/**
 * Seeds the history on top of the app's demo data (staff with known passwords, the demo customers). Runs as the
 * database owner (`ownerUrl`); DATABASE_URL must already point there for the app modules it reuses.
 */
export async function seedHistory(ownerUrl: string, sizes: Sizes, log: (line: string) => void): Promise<SeedTimings> {
  const timings: SeedTimings = [];
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await work();
    const seconds = (performance.now() - t0) / 1000;
    timings.push({ step, seconds });
    log(`  ${step.padEnd(34)} ${seconds.toFixed(1).padStart(6)} s`);
    return out;
  };
  const { seedDemoData } = await import('@/db/seed');
  const { internalAccountId } = await import('@/db/queries/ledger');
  const { db } = await import('@/db');
  const { encryptPii, blindIndex } = await import('@/lib/crypto/pii');
  const { maskAddress } = await import('@/lib/customers/profile');
  const { createHash } = await import('node:crypto');
  const { luhnCheckDigit } = await import('@/lib/accounts/luhn');

  await timed('demo staff and customers', () => seedDemoData());
  const internal = await timed('internal accounts', async () => ({
    openingAccount: await internalAccountId(db, 'opening'),
    clearingAccount: await internalAccountId(db, 'clearing'),
    cashAccount: await internalAccountId(db, 'cash'),
  }));

  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  const anchor = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  // The blind-index key as lib/crypto/pii.ts derives it (sha256 of "idx:" and the configured key); checked below.
  const idxKey = createHash('sha256').update(`idx:${process.env.DATA_ENCRYPTION_KEY}`).digest('hex');
  const definition = await sql<{ keys: string[]; points: string[] }[]>`
    SELECT array_agg(i->>'key') AS keys, array_agg(i->>'key') FILTER (WHERE i->'scale'->>'kind' = 'points') AS points
    FROM (SELECT definition FROM scorecard_versions ORDER BY created_at, version LIMIT 1) v, jsonb_array_elements(v.definition->'sections') s, jsonb_array_elements(s->'items') i`;
  const ratings = (miss: boolean) =>
    JSON.stringify(Object.fromEntries(definition[0]!.keys.map((k) => [k, { value: definition[0]!.points.includes(k) ? 5 : miss && k === 'greeting' ? 'no' : 'yes' }])));
  const params = {
    ...sizes,
    anchor: anchor.toISOString(),
    idxKey,
    ...internal,
    ratingsAllPass: ratings(false),
    ratingsWithMiss: ratings(true),
  } as unknown as Record<string, string | number>;

  let definitions: Definitions | undefined;
  try {
    await timed('helpers and ciphertext pools', async () => {
      await sql.unsafe(fill('00_setup.sql', params));
      const pool: { kind: string; i: number; sealed: string; plain: string | null }[] = [];
      for (let i = 0; i < 500; i++) pool.push({ kind: 'id', i, sealed: encryptPii(`110105198001${String(i).padStart(4, '0')}1X`), plain: null });
      for (let i = 0; i < 500; i++) pool.push({ kind: 'mobile', i, sealed: encryptPii(`1770000${String(i).padStart(4, '0')}`), plain: null });
      for (let i = 0; i < 200; i++) {
        const address = `北京市朝阳区建国路 ${i + 1} 号院 ${1 + (i % 12)} 号楼`;
        pool.push({ kind: 'address', i, sealed: encryptPii(address), plain: maskAddress(address) });
      }
      for (let i = 0; i < 100; i++) {
        const to = 1 + ((i * 31) % sizes.customers);
        pool.push({ kind: 'payload_internal', i, sealed: encryptPii(JSON.stringify({ kind: 'transfer_internal', fromAccountId: benchUid('ac', i + 1), toAccountId: benchUid('ac', to), toAccountNumber: '', memo: '' })), plain: null });
        pool.push({ kind: 'payload_external', i, sealed: encryptPii(JSON.stringify({ kind: 'transfer_external', fromAccountId: benchUid('ac', i + 1), toAccountNumber: `6222${String(i).padStart(15, '0')}`, payeeName: `收款人 Payee ${i}`, memo: '' })), plain: null });
      }
      await sql`INSERT INTO bench_seed.pool ${sql(pool)}`;
      // The SQL-side HMAC must give what the app's blindIndex gives, or search by number would find nobody.
      const [check] = await sql<{ hex: string }[]>`SELECT encode(bench_seed.hmac(convert_to('id:X', 'UTF8'), decode(${idxKey}, 'hex'), 'sha256'), 'hex') AS hex`;
      if (check!.hex !== blindIndex('id', 'X')) throw new Error('bench seed: the SQL blind index differs from lib/crypto/pii.ts blindIndex');
      // And the SQL account numbers must carry the check digit the app computes.
      const numbers = await sql<{ c: number; number: string }[]>`SELECT c, bench_seed.account_number(c) AS number FROM unnest(${[1, 7, 42, 99_999, 123_456_789_012]}::bigint[]) c`;
      for (const n of numbers) if (n.number !== `3101${String(n.c).padStart(12, '0')}${luhnCheckDigit(`3101${String(n.c).padStart(12, '0')}`)}`) throw new Error(`bench seed: account number ${n.number} has the wrong check digit`);
    });
    definitions = await bulkDefinitions(sql);
    await sql.unsafe(
      [
        ...TRIGGERED.map((t) => `ALTER TABLE ${t} DISABLE TRIGGER USER;`),
        ...definitions.foreignKeys.map((k) => `ALTER TABLE ${k.table} DROP CONSTRAINT ${k.name};`),
        ...definitions.indexes.map((i) => `DROP INDEX ${i.name};`),
      ].join('\n'),
    );
    await timed(`staff (${sizes.tellers + sizes.supervisors + sizes.qcs + sizes.admins})`, () => sql.begin((tx) => tx.unsafe(fill('01_staff.sql', params))));
    // The audit trail needs only the staff: it streams on a second connection (and the other core) meanwhile.
    const audit = timed(`audit trail (${sizes.auditEvents.toLocaleString('en')}, COPY, alongside)`, async () => {
      const copier = postgres(ownerUrl, { max: 1, onnotice: () => {} });
      try {
        const staff = await copier<{ role: 'teller' | 'supervisor' | 'qc' | 'admin'; ids: string[] }[]>`SELECT role, array_agg(id::text ORDER BY ord) AS ids FROM bench_seed.staff_ord GROUP BY role`;
        const literals = ['{}', '{"page": "first", "found": 3}', '{"channel": "phone"}', '{"decision": "approve"}'];
        const canonical: Record<string, string> = {};
        for (const l of literals) canonical[l] = (await copier<{ t: string }[]>`SELECT ${l}::text::jsonb::text AS t`)[0]!.t;
        await copyAuditHistory(copier, {
          count: sizes.auditEvents,
          anchor,
          days: sizes.historyDays,
          staff: Object.fromEntries(staff.map((s) => [s.role, s.ids])) as Record<'teller' | 'supervisor' | 'qc' | 'admin', string[]>,
          customers: sizes.customers,
          sessions: sizes.sessions,
          cases: sizes.cases,
          canonical,
        });
        await copier`SELECT setval(pg_get_serial_sequence('audit_events', 'id'), (SELECT max(id) FROM audit_events))`;
      } finally {
        await copier.end();
      }
    });
    const steps: [string, string][] = [
      ['02_customers.sql', `customers and accounts (${sizes.customers.toLocaleString('en')})`],
      ['03_sessions.sql', `sessions (${sizes.sessions.toLocaleString('en')})`],
      ['04_cases.sql', `cases (${sizes.cases.toLocaleString('en')})`],
      ['05_ledger.sql', `ledger (${sizes.ledgerEntries.toLocaleString('en')} entries)`],
      ['06_qc.sql', `QC (${sizes.inspections.toLocaleString('en')} inspections)`],
      ['07_complaints.sql', `complaints (${sizes.complaints.toLocaleString('en')})`],
    ];
    try {
      for (const [file, label] of steps) await timed(label, () => sql.begin((tx) => tx.unsafe(fill(file, params))));
    } finally {
      await audit;
    }
    await timed('pending cases: their own payloads', async () => {
      // A pending transfer is executed when approved, so it carries its real accounts (sealed one by one: 1 % of cases).
      const rows = await sql<{ id: string; internal: boolean; from_id: string; to_id: string | null; to_number: string }[]>`
        SELECT bench_seed.uid('ca', k) AS id, internal, bench_seed.uid('ac', c) AS from_id,
          CASE WHEN internal THEN bench_seed.uid('ac', c2) END AS to_id,
          CASE WHEN internal THEN bench_seed.account_number(c2) ELSE '6222' || lpad(k::text, 15, '0') END AS to_number
        FROM bench_seed.case_plan WHERE pending`;
      const sealed = rows.map((r) =>
        encryptPii(JSON.stringify(r.internal
          ? { kind: 'transfer_internal', fromAccountId: r.from_id, toAccountId: r.to_id, toAccountNumber: r.to_number, memo: '房租 Rent' }
          : { kind: 'transfer_external', fromAccountId: r.from_id, toAccountNumber: r.to_number, payeeName: '收款人 Payee', memo: '货款 Goods' })),
      );
      await sql`UPDATE cases SET payload_enc = v.sealed FROM unnest(${rows.map((r) => r.id)}::uuid[], ${sealed}::text[]) AS v(id, sealed) WHERE cases.id = v.id`;
    });
  } finally {
    if (definitions) {
      const { indexes, foreignKeys } = definitions;
      await timed(`indexes again (${indexes.length})`, () => sql.unsafe(indexes.map((i) => `${i.def};`).join('\n')));
      await timed(`foreign keys again, checked (${foreignKeys.length})`, () => sql.unsafe(foreignKeys.map((k) => `ALTER TABLE ${k.table} ADD CONSTRAINT ${k.name} ${k.def};`).join('\n')));
    }
    await sql.unsafe(TRIGGERED.map((t) => `ALTER TABLE ${t} ENABLE TRIGGER USER;`).join('\n'));
  }
  await timed('drop helpers', () => sql.unsafe('DROP SCHEMA bench_seed CASCADE'));
  await timed('vacuum analyze', () => sql.unsafe('VACUUM (ANALYZE)'));
  await sql.end();
  return timings;
}
