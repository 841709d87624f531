import 'server-only';
import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { db, type DbOrTx } from '@/db';
import { auditTail, listAuditRowsBetween, listAuditRowsFrom, type ExportedAuditRow } from '@/db/queries/audit-export';
import { DestinationFileExistsError, type AuditDestination } from './destination';
import {
  canonicalRows,
  digestFileName,
  digestSignatureValid,
  DIGEST_FORMAT,
  DIGEST_VERSION,
  parseDigest,
  parseDigestFileName,
  parsePublicKey,
  PUBLIC_KEY_FILE,
  publicKeyFingerprint,
  publicKeyPem,
  rowsFileName,
  serialiseDigest,
  sha256Hex,
  signDigest,
  type Digest,
} from './digest';

// `npm run audit:export` (ASVS 16.4.3): ships the audit rows not yet covered to a destination outside the database,
// each batch with a signed digest, so a rewrite of the database - even one that recomputes the in-database hash
// chain, which its owner can do - no longer matches what was shipped. Where to resume is read from the destination
// itself (its last digest), never from the database: the point is independence from the database.

export class AuditExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditExportError';
  }
}

export type ExportedDigest = { name: string; from: number; to: number; rows: number };
export type ExportResult = { destination: string; digests: ExportedDigest[]; publishedPublicKey: boolean; coveredTo: number };

type Options = {
  conn?: DbOrTx;
  /** Rows per digest: a long backlog is shipped as several digests, each small enough to hold in memory. */
  maxRowsPerDigest?: number;
  now?: () => Date;
};

/** The digest covering the highest seq in the destination, with its file name and bytes (what the next one chains to). */
export async function lastDigest(dest: AuditDestination): Promise<{ name: string; bytes: Uint8Array; digest: Digest } | null> {
  const names = (await dest.list()).filter((n) => parseDigestFileName(n) !== null);
  if (names.length === 0) return null;
  const name = names.reduce((a, b) => (parseDigestFileName(b)!.to > parseDigestFileName(a)!.to ? b : a));
  const bytes = await dest.read(name);
  const parsed = bytes ? parseDigest(bytes) : { ok: false as const, reason: 'it vanished while being read' };
  if (!parsed.ok) throw new AuditExportError(`The last digest in ${dest.label}, ${name}, is unreadable (${parsed.reason}): run \`npm run audit:verify -- --digests ${dest.label}\`.`);
  return { name, bytes: bytes!, digest: parsed.digest };
}

/** Publishes the public key on the first export; afterwards the key in the destination must be ours. */
async function ensurePublicKey(dest: AuditDestination, publicKey: KeyObject, firstExport: boolean): Promise<boolean> {
  const ours = publicKeyFingerprint(publicKey);
  const published = await dest.read(PUBLIC_KEY_FILE);
  if (published) {
    if (publicKeyFingerprint(parsePublicKey(Buffer.from(published).toString('utf8'), `${PUBLIC_KEY_FILE} in ${dest.label}`)) !== ours) {
      throw new AuditExportError(`The signing key does not match ${PUBLIC_KEY_FILE} in ${dest.label}: digests signed with it would not verify there. A new key needs a new destination.`);
    }
    return false;
  }
  if (!firstExport) {
    // Not re-published: a key that appears after the fact proves nothing about the digests before it.
    throw new AuditExportError(`${PUBLIC_KEY_FILE} is missing from ${dest.label}, which already holds digests: check the destination (\`npm run audit:verify -- --digests ... --public-key <file>\`).`);
  }
  await dest.create(PUBLIC_KEY_FILE, Buffer.from(publicKeyPem(publicKey)), 'application/x-pem-file');
  return true;
}

/** Refuses to sign rows that do not continue the chain the destination already holds, or that do not hash right. */
function checkContinuation(rows: ExportedAuditRow[], fromSeq: number, prevHash: string): void {
  rows.forEach((r, i) => {
    const seq = Number(r.seq);
    const expectedLink = i === 0 ? prevHash : rows[i - 1]!.hash;
    const problem =
      seq !== fromSeq + i ? `seq ${fromSeq + i} is missing`
      : !r.selfConsistent ? `row seq ${seq} does not match its own hash`
      : r.prevHash !== expectedLink ? (i === 0 ? `row seq ${seq} does not link to the chain hash of the last exported row` : `row seq ${seq} does not link to the row before it`)
      : null;
    if (problem) {
      throw new AuditExportError(`Not exporting: the database's audit trail does not continue what was exported (${problem}). Run \`npm run audit:verify -- --digests <destination>\` to see what changed.`);
    }
  });
}

/**
 * Exports every audit row after the destination's last digest: for each batch, the rows (JSON lines, gzip) and then
 * the signed digest naming them, so a digest never points at a file that is not there yet.
 */
export async function exportAuditTrail(dest: AuditDestination, signingKey: KeyObject, opts: Options = {}): Promise<ExportResult> {
  const conn = opts.conn ?? db;
  const batch = opts.maxRowsPerDigest ?? 50_000;
  const now = opts.now ?? (() => new Date());
  const publicKey = createPublicKey(signingKey);
  const keyId = publicKeyFingerprint(publicKey);

  let previous = await lastDigest(dest);
  const publishedPublicKey = await ensurePublicKey(dest, publicKey, previous === null);
  if (previous && !digestSignatureValid(previous.digest, publicKey)) {
    throw new AuditExportError(`The last digest in ${dest.label}, ${previous.name}, does not carry a valid signature: run \`npm run audit:verify -- --digests ${dest.label}\`.`);
  }
  const coveredBefore = previous?.digest.to ?? 0;
  const { maxSeq } = await auditTail(coveredBefore, conn);
  if (maxSeq < coveredBefore) {
    throw new AuditExportError(`The database's audit trail ends at seq ${maxSeq} but ${dest.label} holds digests up to seq ${coveredBefore}: rows were lost or removed. Run \`npm run audit:verify -- --digests ${dest.label}\`.`);
  }
  if (previous) {
    // Any rewrite up to the last exported row, chain recomputed or not, changes that row's chain hash: checked even
    // when there is nothing new, so the hourly run raises it.
    const [last] = await listAuditRowsBetween(previous.digest.to, previous.digest.to, conn);
    if (last?.hash !== previous.digest.lastChainHash) {
      throw new AuditExportError(`Not exporting: the chain hash of seq ${previous.digest.to} in the database is not the one ${previous.name} recorded, so the exported history was rewritten. Run \`npm run audit:verify -- --digests ${dest.label}\` to see what changed.`);
    }
  }

  const written: ExportedDigest[] = [];
  for (;;) {
    const from = (previous?.digest.to ?? 0) + 1;
    const rows = await listAuditRowsFrom(from, batch, conn);
    if (rows.length === 0) break;
    checkContinuation(rows, from, previous?.digest.lastChainHash ?? 'genesis');
    const to = Number(rows[rows.length - 1]!.seq);

    const lines = Buffer.from(canonicalRows(rows), 'utf8');
    const gz = gzipSync(lines);
    const rowsFile = { name: rowsFileName(from, to), sha256: sha256Hex(gz) };
    await createOrSame(dest, rowsFile.name, gz, 'application/gzip');

    const digest = signDigest(
      {
        format: DIGEST_FORMAT,
        version: DIGEST_VERSION,
        from,
        to,
        rows: rows.length,
        lastChainHash: rows[rows.length - 1]!.hash,
        contentSha256: sha256Hex(lines),
        rowsFile,
        previousDigest: previous ? { name: previous.name, sha256: sha256Hex(previous.bytes) } : null,
        createdAt: now().toISOString(),
        publicKeySha256: keyId,
      },
      signingKey,
    );
    const name = digestFileName(from, to);
    const bytes = serialiseDigest(digest);
    await dest.create(name, bytes, 'application/json');
    written.push({ name, from, to, rows: rows.length });
    previous = { name, bytes, digest };
  }
  return { destination: dest.label, digests: written, publishedPublicKey, coveredTo: previous?.digest.to ?? 0 };
}

// An export that died between the rows file and its digest left the rows file behind; the retry writes the very same
// bytes (gzip of the same lines), which is fine. Different bytes under that name are not.
async function createOrSame(dest: AuditDestination, name: string, bytes: Uint8Array, contentType: string): Promise<void> {
  try {
    await dest.create(name, bytes, contentType);
  } catch (err) {
    if (!(err instanceof DestinationFileExistsError)) throw err;
    const existing = await dest.read(name);
    if (!existing || sha256Hex(existing) !== sha256Hex(bytes)) throw err;
  }
}
