// Database chores run by the launcher in their own process: migrate, seed, verify and export the audit chain, back up and restore.
// Run with `tsx --conditions=react-server` so the server-only modules of db/ and lib/ load outside Next.js.
import path from 'node:path';
import { runMigrations } from '@/db/migrate';

async function main(task: string | undefined): Promise<number> {
  const url = process.env.DATABASE_URL!;
  switch (task) {
    case 'migrate':
      await runMigrations(url);
      console.log('Migrations applied.');
      return 0;
    case 'prepare': {
      await runMigrations(url);
      const { databaseIsEmpty, ensureDemoExtras, seedDemoData } = await import('@/db/seed');
      if (await databaseIsEmpty()) {
        const r = await seedDemoData();
        console.log(`Empty database: demo data seeded (${r.staffAdded} staff, ${r.customersAdded} customers).`);
      } else {
        const { backfillBirthDates } = await import('@/db/queries/customers');
        await backfillBirthDates();
        const { demoMode } = await import('@/lib/config');
        if (demoMode()) await ensureDemoExtras();
        const { backfillRiskAssessments } = await import('@/db/queries/risk');
        await backfillRiskAssessments();
        console.log('Existing data kept.');
      }
      return 0;
    }
    case 'app-role': {
      // Prints the app's least-privileged URL on the last line, for the launcher to serve with.
      const { ensureAppRole } = await import('@/db/app-role');
      console.log(await ensureAppRole(url, process.env.APP_DB_PASSWORD!));
      return 0;
    }
    case 'seed': {
      const { seedDemoData } = await import('@/db/seed');
      const r = await seedDemoData();
      console.log(`Seed done: ${r.staffAdded} staff and ${r.customersAdded} customers added (existing rows kept).`);
      return 0;
    }
    case 'keys-rotate': {
      const { sql } = await import('@/db');
      // A running app would keep sealing with the old key while this re-seals: stop every instance (and the worker) first.
      const [{ others }] = await sql<{ others: number }[]>`
        SELECT count(*)::int AS others FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`;
      if (others > 0) {
        console.error(`Refusing to rotate keys: ${others} other connection(s) to the database are open. Stop the app and the worker first.`);
        return 1;
      }
      const { rotateEncryption } = await import('@/db/rotate-keys');
      const r = await rotateEncryption((line) => console.log(line));
      console.log(`Key rotation done: ${r.values} value(s) re-encrypted, ${r.customers} customer index(es) recomputed, ${r.files} document file(s) re-sealed.`);
      return 0;
    }
    case 'keys-verify': {
      const { verifyEncryption } = await import('@/db/rotate-keys');
      const r = await verifyEncryption();
      console.log(`Encrypted data readable: ${r.values} value(s) and ${r.files} document file(s), ${r.notCurrent} not yet under the current key.`);
      return r.notCurrent === 0 ? 0 : 1;
    }
    case 'audit-verify': {
      // `--digests <dir|s3://bucket/prefix>`: also hold the database against the digests `audit:export` shipped.
      const digests = argValue('--digests');
      if (process.argv.includes('--digests', 3) && !digests) {
        console.error('usage: npm run audit:verify [-- --digests <directory|s3://bucket/prefix> [--public-key <file>]]');
        return 2;
      }
      const chain = await auditVerify();
      return digests === undefined ? chain : Math.max(chain, await auditVerifyDigests(digests));
    }
    case 'audit-export':
      return auditExport();
    case 'ledger-verify':
      return ledgerVerify();
    case 'db-backup': {
      // Counts and checksums only on the console: the archive itself holds personal data.
      const { createBackup } = await import('@/db/backup');
      const out = argValue('--out') ?? path.join(process.env.AIR_COUNTER_DATA_DIR ?? '.data', 'backups');
      const r = await createBackup(url, out);
      console.log(`Backup written: ${r.dir}\n  ${r.tables} table(s), ${r.rows} row(s), ${r.sequences} sequence(s), ${r.files} stored file(s); manifest sha256 ${r.manifestSha256}`);
      return 0;
    }
    case 'db-restore': {
      const from = argValue('--from');
      if (!from) {
        console.error('usage: npm run db:restore -- --from <backup directory>');
        return 2;
      }
      const { restoreBackup } = await import('@/db/restore');
      const r = await restoreBackup(url, from, (line) => console.log(line));
      // The copy must pass the same checks as the original: the audit chain, the ledger, and the sealed data opening.
      if ((await auditVerify()) !== 0 || (await ledgerVerify()) !== 0) return 1;
      try {
        const { verifyEncryption } = await import('@/db/rotate-keys');
        const e = await verifyEncryption();
        console.log(`Encrypted data readable: ${e.values} value(s) and ${e.files} document file(s).`);
      } catch (err) {
        console.error(`Restored, but the encrypted data does not open (${err instanceof Error ? err.message : err}): start the app with the DATA_ENCRYPTION_KEY (and DATA_ENCRYPTION_KEYS_PREVIOUS) the backup was made under.`);
        return 1;
      }
      if (r.undelivered > 0) console.log(`Note: ${r.undelivered} customer message(s) were still undelivered at backup time; they are not sent again automatically (review them in the outbox).`);
      console.log(`Restore complete and verified (schema now at ${r.migratedTo}).`);
      return 0;
    }
    default:
      console.error('usage: db-task migrate|prepare|app-role|seed|keys-rotate|keys-verify|audit-verify [--digests dir [--public-key file]]|audit-export [--to dir]|ledger-verify|db-backup [--out dir]|db-restore --from dir');
      return 2;
  }
}

/** The value after `flag` in the task's arguments (`npm run db:backup -- --out dir`). */
function argValue(flag: string): string | undefined {
  const at = process.argv.indexOf(flag, 3);
  return at === -1 ? undefined : process.argv[at + 1];
}

/** `npm run audit:verify`: every audit row's hash and link recomputed. */
async function auditVerify(): Promise<number> {
  const { verifyAuditChain } = await import('@/db/queries/audit');
  const report = await verifyAuditChain();
  if (report.intact) {
    console.log(`Audit trail intact: ${report.rows} rows.`);
    return 0;
  }
  console.error(`Audit trail BROKEN at seq ${report.brokenSeq} (row id ${report.brokenId}): ${report.reason === 'hash' ? 'row content does not match its hash' : report.reason === 'link' ? 'row does not link to the previous row' : 'a row is missing before it'}. ${report.rows} rows checked.`);
  return 1;
}

/** `npm run audit:export [-- --to <dir>]`: the rows not yet shipped, with signed digests, to AUDIT_EXPORT_DIR/BUCKET. */
async function auditExport(): Promise<number> {
  const { auditDestinationFromEnv } = await import('@/lib/audit/destination');
  const { signingKeyFromEnv } = await import('@/lib/audit/digest');
  const { AuditExportError, exportAuditTrail } = await import('@/lib/audit/export');
  const to = argValue('--to');
  if (process.argv.includes('--to', 3) && !to) {
    console.error('usage: npm run audit:export [-- --to <directory|s3://bucket/prefix>]');
    return 2;
  }
  try {
    const r = await exportAuditTrail(auditDestinationFromEnv(to), signingKeyFromEnv());
    if (r.publishedPublicKey) console.log(`Published the verification key: ${r.destination}/public-key.pem`);
    if (r.digests.length === 0) {
      console.log(`Nothing new to export: ${r.destination} covers the audit trail up to seq ${r.coveredTo}.`);
      return 0;
    }
    for (const d of r.digests) console.log(`  ${d.name}: seq ${d.from}..${d.to}, ${d.rows} row(s)`);
    const rows = r.digests.reduce((n, d) => n + d.rows, 0);
    console.log(`Audit trail exported: ${rows} row(s) in ${r.digests.length} signed digest(s) to ${r.destination}, now covered up to seq ${r.coveredTo}.`);
    return 0;
  } catch (err) {
    if (!(err instanceof AuditExportError)) throw err;
    console.error(err.message);
    return 1;
  }
}

/** The database against the shipped digests: every finding printed, exit 1 if there is any. */
async function auditVerifyDigests(spec: string): Promise<number> {
  const { destinationFromSpec } = await import('@/lib/audit/destination');
  const { verifyAgainstDigests } = await import('@/lib/audit/verify-digests');
  const keyFile = argValue('--public-key');
  const publicKey = keyFile ? (await import('node:fs')).readFileSync(keyFile, 'utf8') : undefined;
  const r = await verifyAgainstDigests(destinationFromSpec(spec), publicKey);
  const key = r.keySource === 'given' ? `the key in ${keyFile}` : r.keySource === 'destination' ? 'the destination\'s public-key.pem' : 'no key';
  console.log(`Digests in ${r.destination}: ${r.digests}, covering seq 1..${r.coveredTo}; ${r.rowsChecked} database row(s) checked; signatures checked with ${key}${r.keyFingerprint ? ` (SHA-256 ${r.keyFingerprint.slice(0, 16)}...)` : ''}.`);
  if (r.notYetExported > 0) console.log(`${r.notYetExported} row(s) after seq ${r.coveredTo} are not exported yet (nothing outside the database vouches for them).`);
  if (r.digests === 0 && r.findings.length === 0) {
    console.error(`No digests in ${r.destination}: nothing to verify against (run \`npm run audit:export\` first).`);
    return 1;
  }
  if (r.findings.length === 0) {
    console.log('Audit trail matches the exported digests.');
    return 0;
  }
  console.error(`Audit trail DOES NOT MATCH the exported digests: ${r.findings.length} finding(s).`);
  for (const f of r.findings) {
    const where = f.digest ? `${f.digest}${f.from !== null ? ` (seq ${f.from}..${f.to})` : ''}` : r.destination;
    console.error(`  [${f.kind}] ${where}: ${f.message}`);
  }
  return 1;
}

/** `npm run ledger:verify`: every transaction balances and every account's balance equals its entries. */
async function ledgerVerify(): Promise<number> {
  const { verifyLedger } = await import('@/db/queries/ledger');
  const r = await verifyLedger();
  if (r.unbalanced.length === 0 && r.mismatched.length === 0) {
    console.log(`Ledger intact: ${r.transactions} transaction(s) balance, ${r.accounts} account balance(s) equal their entries.`);
    return 0;
  }
  if (r.unbalanced.length) console.error(`Ledger BROKEN: ${r.unbalanced.length} transaction(s) do not balance: ${r.unbalanced.slice(0, 10).join(', ')}`);
  if (r.mismatched.length) console.error(`Ledger BROKEN: ${r.mismatched.length} account balance(s) differ from their entries: ${r.mismatched.slice(0, 10).join(', ')}`);
  return 1;
}

main(process.argv[2])
  .then(async (code) => {
    const { sql } = await import('@/db');
    await sql.end({ timeout: 5 });
    process.exit(code);
  })
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
