import 'server-only';
import { sql } from '@/db';
import { blindIndex, currentKeyId, decryptPii, encryptPii, isSealedBytes, openBytes, sealBytes, sealedBytesKeyId, sealedWithCurrentKey } from '@/lib/crypto/pii';
import { newObjectKey, storage } from '@/lib/storage';
// The same normalisation as idNumberIndex in db/queries/customers.ts (any document type, credit codes too).
import { normaliseDocumentNumber } from '@/lib/customers/documents/validate';

const BATCH = 500;

/** Every encrypted column: text columns named `*_enc` in the public schema, by table. */
export async function encryptedColumns(): Promise<Map<string, string[]>> {
  const rows = await sql<{ table_name: string; column_name: string }[]>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name LIKE '%\\_enc' AND data_type = 'text'
    ORDER BY table_name, column_name`;
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.table_name, [...(out.get(r.table_name) ?? []), r.column_name]);
  return out;
}

/** The single-column primary key a table is walked by (`id` for most, `customer_id` for one-to-one details). */
async function primaryKeyOf(table: string): Promise<string> {
  const rows = await sql<{ column_name: string }[]>`
    SELECT k.column_name FROM information_schema.table_constraints c
    JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema AND k.table_name = c.table_name
    WHERE c.table_schema = 'public' AND c.table_name = ${table} AND c.constraint_type = 'PRIMARY KEY'`;
  if (rows.length !== 1) throw new Error(`${table}: key rotation walks tables by a single-column primary key`);
  return rows[0]!.column_name;
}

/**
 * Re-encrypts every sealed value that is not under the current key (DATA_ENCRYPTION_KEY), opening it with the key it
 * names (the current one or one of DATA_ENCRYPTION_KEYS_PREVIOUS), and recomputes the blind indexes, which follow the
 * current key. Batched and resumable: a value already under the current key is left alone, so running it again after
 * an interruption finishes the job. Run it with the app stopped (indexes change under a running app's feet).
 */
export async function rotateEncryption(log: (line: string) => void = () => {}): Promise<{ values: number; customers: number; files: number }> {
  let values = 0;
  for (const [table, columns] of await encryptedColumns()) {
    const key = await primaryKeyOf(table);
    let after = '00000000-0000-0000-0000-000000000000';
    let changedHere = 0;
    for (;;) {
      const rows = await sql<Record<string, string | null>[]>`
        SELECT ${sql(key)}::text AS id, ${sql(columns)} FROM ${sql(table)} WHERE ${sql(key)} > ${after} ORDER BY ${sql(key)} LIMIT ${BATCH}`;
      if (rows.length === 0) break;
      await sql.begin(async (tx) => {
        // Lets the decided-is-final trigger accept a re-sealed value (and nothing else) in this transaction.
        await tx`SET LOCAL air_counter.key_rotation = 'on'`;
        for (const row of rows) {
          const stale = columns.filter((c) => row[c] != null && !sealedWithCurrentKey(row[c]!));
          if (stale.length === 0) continue;
          const update = Object.fromEntries(stale.map((c) => [c, encryptPii(decryptPii(row[c]!))]));
          await tx`UPDATE ${sql(table)} SET ${sql(update, ...stale)} WHERE ${sql(key)} = ${row.id!}`;
          changedHere += stale.length;
        }
      });
      after = rows.at(-1)!.id!;
    }
    values += changedHere;
    log(`${table}: ${changedHere} value(s) re-encrypted`);
  }
  // The blind indexes are keyed by the current key too.
  let customers = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await sql<{ id: string; id_number_enc: string; mobile_enc: string }[]>`
      SELECT id::text AS id, id_number_enc, mobile_enc FROM customers WHERE id > ${after} ORDER BY id LIMIT ${BATCH}`;
    if (rows.length === 0) break;
    await sql.begin(async (tx) => {
      for (const r of rows) {
        await tx`UPDATE customers SET id_number_index = ${blindIndex('id', normaliseDocumentNumber('resident_id', decryptPii(r.id_number_enc)))},
          mobile_index = ${blindIndex('mobile', decryptPii(r.mobile_enc).trim())} WHERE id = ${r.id}`;
      }
    });
    customers += rows.length;
    after = rows.at(-1)!.id;
  }
  log(`customers: ${customers} blind index(es) recomputed`);
  // Card numbers' uniqueness index too (the cards trigger lets a rotation touch only the sealed columns and the index).
  let cardsDone = 0;
  let afterCard = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await sql<{ id: string; number_enc: string }[]>`
      SELECT id::text AS id, number_enc FROM cards WHERE id > ${afterCard} AND number_enc IS NOT NULL ORDER BY id LIMIT ${BATCH}`;
    if (rows.length === 0) break;
    await sql.begin(async (tx) => {
      await tx`SET LOCAL air_counter.key_rotation = 'on'`;
      for (const r of rows) await tx`UPDATE cards SET number_index = ${blindIndex('card', decryptPii(r.number_enc))} WHERE id = ${r.id}`;
    });
    cardsDone += rows.length;
    afterCard = rows.at(-1)!.id;
  }
  log(`cards: ${cardsDone} blind index(es) recomputed`);
  // Sealed document files: re-sealed under the current key as new objects (objects are write-once), then the old go.
  let files = 0;
  let afterFile = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await sql<{ id: string; storage_key: string }[]>`
      SELECT id::text AS id, storage_key FROM stored_files WHERE id > ${afterFile} AND deleted_at IS NULL AND storage_key LIKE 'documents/%' ORDER BY id LIMIT ${BATCH}`;
    if (rows.length === 0) break;
    for (const r of rows) {
      const sealed = await storage().get(r.storage_key);
      if (!isSealedBytes(sealed) || sealedBytesKeyId(sealed) === currentKeyId()) continue;
      const key = newObjectKey('documents');
      await storage().put(key, sealBytes(openBytes(sealed)), 'application/octet-stream');
      await sql.begin(async (tx) => {
        // Lets the stored-files trigger accept a moved object (and only from the owner) in this transaction.
        await tx`SET LOCAL air_counter.key_rotation = 'on'`;
        await tx`UPDATE stored_files SET storage_key = ${key} WHERE id = ${r.id}`;
      });
      await storage().delete(r.storage_key);
      files++;
    }
    afterFile = rows.at(-1)!.id;
  }
  log(`document files: ${files} re-sealed`);
  return { values, customers, files };
}

/** Opens every sealed value with the configured keys; counts those not yet under the current key. */
export async function verifyEncryption(): Promise<{ values: number; notCurrent: number; files: number }> {
  let values = 0;
  let notCurrent = 0;
  let files = 0;
  // Sealed document files (scans and thumbnails) too: each must open, and should be under the current key.
  for (const { key } of await sql<{ key: string }[]>`SELECT storage_key AS key FROM stored_files WHERE deleted_at IS NULL AND storage_key LIKE 'documents/%'`) {
    const sealed = await storage().get(key);
    openBytes(sealed);
    files++;
    if (sealedBytesKeyId(sealed) !== currentKeyId()) notCurrent++;
  }
  for (const [table, columns] of await encryptedColumns()) {
    for (const c of columns) {
      const rows = await sql<{ v: string }[]>`SELECT ${sql(c)} AS v FROM ${sql(table)} WHERE ${sql(c)} IS NOT NULL`;
      for (const { v } of rows) {
        decryptPii(v);
        values++;
        if (!sealedWithCurrentKey(v)) notCurrent++;
      }
    }
  }
  return { values, notCurrent, files };
}
