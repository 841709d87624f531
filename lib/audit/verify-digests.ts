import 'server-only';
import type { KeyObject } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { db, type DbOrTx } from '@/db';
import { auditTail, listAuditRowsBetween } from '@/db/queries/audit-export';
import type { AuditDestination } from './destination';
import {
  canonicalRowLine,
  canonicalRows,
  digestSignatureValid,
  parseDigest,
  parseDigestFileName,
  parsePublicKey,
  PUBLIC_KEY_FILE,
  publicKeyFingerprint,
  sha256Hex,
  type Digest,
} from './digest';

// Checks the database against the digests shipped by `npm run audit:export`. The public key is the one given
// explicitly, or else the one published in the destination on the first export. Someone able to rewrite both the
// database and the destination (digests, rows files and public-key.pem alike) could forge a consistent history: that
// is out of scope by design, because the destination is meant to be write-once and out of the database
// administrators' reach (S3 Object Lock in compliance mode, a WORM share), and an auditor can pin the key by passing
// it explicitly from a copy kept elsewhere.

export type FindingKind = 'public-key' | 'unreadable' | 'name' | 'signature' | 'digest-chain' | 'rows-file' | 'count' | 'content' | 'chain-hash';
export type Finding = { kind: FindingKind; digest: string | null; from: number | null; to: number | null; message: string; seqs?: number[] };
export type DigestReport = {
  destination: string;
  keySource: 'given' | 'destination' | 'none';
  keyFingerprint: string | null;
  digests: number;
  coveredTo: number;
  rowsChecked: number;
  /** Rows after the last digest: not exported yet, so nothing outside the database vouches for them. */
  notYetExported: number;
  findings: Finding[];
};

type Loaded = { name: string; bytes: Uint8Array; digest: Digest };

const seqList = (seqs: number[]) => (seqs.length > 8 ? `${seqs.slice(0, 8).join(', ')} and ${seqs.length - 8} more` : seqs.join(', '));

/** Row by row, what the database holds now against the rows file shipped with the digest. */
function rowDiff(exported: string[], current: string[]): { message: string; seqs: number[] } {
  const bySeq = (lines: string[]) => new Map(lines.map((l) => [Number((JSON.parse(l) as { seq: number }).seq), l]));
  const was = bySeq(exported);
  const now = bySeq(current);
  const removed: number[] = [];
  const added: number[] = [];
  const changed: string[] = [];
  const rechained: number[] = [];
  for (const [seq, line] of was) {
    const other = now.get(seq);
    if (other === undefined) removed.push(seq);
    else if (other !== line) {
      const a = JSON.parse(line) as Record<string, unknown>;
      const b = JSON.parse(other) as Record<string, unknown>;
      const fields = Object.keys({ ...a, ...b }).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
      const content = fields.filter((f) => f !== 'prevHash' && f !== 'hash');
      if (content.length) changed.push(`seq ${seq} (${content.join(', ')})`);
      else rechained.push(seq);
    }
  }
  for (const seq of now.keys()) if (!was.has(seq)) added.push(seq);
  const parts = [
    changed.length ? `changed since export: ${changed.slice(0, 8).join('; ')}${changed.length > 8 ? ` and ${changed.length - 8} more` : ''}` : '',
    removed.length ? `missing from the database: seq ${seqList(removed)}` : '',
    added.length ? `not in the export: seq ${seqList(added)}` : '',
    rechained.length ? `same content but re-chained hashes: seq ${seqList(rechained)}` : '',
  ].filter(Boolean);
  const seqs = [...changed.map((c) => Number(/^seq (\d+)/.exec(c)![1])), ...removed, ...added, ...rechained].sort((x, y) => x - y);
  return { message: parts.join('; '), seqs };
}

async function resolveKey(dest: AuditDestination, given: KeyObject | string | undefined, findings: Finding[]) {
  if (given) return { key: typeof given === 'string' ? parsePublicKey(given) : given, source: 'given' as const };
  const published = await dest.read(PUBLIC_KEY_FILE);
  if (!published) {
    findings.push({ kind: 'public-key', digest: null, from: null, to: null, message: `no ${PUBLIC_KEY_FILE} in the destination and no public key given: signatures cannot be checked` });
    return { key: null, source: 'none' as const };
  }
  try {
    return { key: parsePublicKey(Buffer.from(published).toString('utf8'), PUBLIC_KEY_FILE), source: 'destination' as const };
  } catch (err) {
    findings.push({ kind: 'public-key', digest: null, from: null, to: null, message: (err as Error).message });
    return { key: null, source: 'none' as const };
  }
}

/** Checks one digest's claims (already known to be signed) against the rows file and the database. */
async function checkAgainstDatabase(d: Loaded, dest: AuditDestination, conn: DbOrTx, findings: Finding[]): Promise<number> {
  const { from, to } = d.digest;
  const at = { digest: d.name, from, to };
  const rows = await listAuditRowsBetween(from, to, conn);
  const current = rows.map(canonicalRowLine);

  let exported: string[] | null = null;
  const gz = await dest.read(d.digest.rowsFile.name);
  if (!gz) findings.push({ kind: 'rows-file', ...at, message: `rows file ${d.digest.rowsFile.name} is missing` });
  else if (sha256Hex(gz) !== d.digest.rowsFile.sha256) findings.push({ kind: 'rows-file', ...at, message: `rows file ${d.digest.rowsFile.name} is not the one the digest names (SHA-256 differs)` });
  else {
    const text = gunzipSync(gz).toString('utf8');
    if (sha256Hex(text) !== d.digest.contentSha256) findings.push({ kind: 'rows-file', ...at, message: `rows file ${d.digest.rowsFile.name} does not hold the rows the digest was signed over` });
    else exported = text.split('\n').filter(Boolean);
  }

  if (rows.length !== d.digest.rows) {
    findings.push({ kind: 'count', ...at, message: `the database holds ${rows.length} row(s) in seq ${from}..${to}, the digest ${d.digest.rows}` });
  }
  if (sha256Hex(canonicalRows(rows)) !== d.digest.contentSha256) {
    const diff = exported ? rowDiff(exported, current) : null;
    findings.push({
      kind: 'content',
      ...at,
      message: `the rows in seq ${from}..${to} differ from those exported${diff?.message ? `: ${diff.message}` : ' (no trustworthy rows file to say which)'}`,
      seqs: diff?.seqs,
    });
  }
  const last = rows.find((r) => Number(r.seq) === to);
  if (!last) findings.push({ kind: 'chain-hash', ...at, message: `the database has no row seq ${to}, whose chain hash the digest records` });
  else if (last.hash !== d.digest.lastChainHash) {
    findings.push({ kind: 'chain-hash', ...at, message: `the chain hash of seq ${to} is ${last.hash.slice(0, 16)}..., the digest recorded ${d.digest.lastChainHash.slice(0, 16)}...: the chain up to it was rewritten` });
  }
  return rows.length;
}

/**
 * Re-reads the database rows of every digest's range and checks the count, the content hash, the chain hash of the
 * range's last row, the rows file, the chain of digests and each signature. Returns every finding, not just the first.
 */
export async function verifyAgainstDigests(dest: AuditDestination, publicKey?: KeyObject | string, conn: DbOrTx = db): Promise<DigestReport> {
  const findings: Finding[] = [];
  const { key, source } = await resolveKey(dest, publicKey, findings);
  const fingerprint = key ? publicKeyFingerprint(key) : null;

  const loaded: Loaded[] = [];
  const listed = new Set(await dest.list());
  for (const name of listed) {
    const claimed = parseDigestFileName(name);
    if (!claimed) continue;
    const bytes = await dest.read(name);
    const parsed = bytes ? parseDigest(bytes) : { ok: false as const, reason: 'it vanished while being read' };
    if (!parsed.ok) {
      findings.push({ kind: 'unreadable', digest: name, ...claimed, message: `unreadable: ${parsed.reason}` });
      continue;
    }
    if (parsed.digest.from !== claimed.from || parsed.digest.to !== claimed.to) {
      findings.push({ kind: 'name', digest: name, ...claimed, message: `the file name says seq ${claimed.from}..${claimed.to} but the digest covers ${parsed.digest.from}..${parsed.digest.to}` });
    }
    loaded.push({ name, bytes: bytes!, digest: parsed.digest });
  }
  loaded.sort((a, b) => a.digest.from - b.digest.from || a.digest.to - b.digest.to);

  let rowsChecked = 0;
  let previous: Loaded | null = null;
  for (const d of loaded) {
    const { from, to } = d.digest;
    const at = { digest: d.name, from, to };
    const signed = key !== null && digestSignatureValid(d.digest, key);
    if (key && !signed) {
      const other = d.digest.publicKeySha256 !== fingerprint ? ' (it names a different signing key)' : '';
      findings.push({ kind: 'signature', ...at, message: `the signature does not verify${other}: the digest was altered or not made by the exporter; its claims are not checked` });
    }

    // The chain of digests: each names the one before by file name and SHA-256, and starts where it ended.
    const expectedFrom = (previous?.digest.to ?? 0) + 1;
    const link = d.digest.previousDigest;
    if (from !== expectedFrom) {
      const gap = from > expectedFrom ? `seq ${expectedFrom}..${from - 1} is covered by no digest (deleted?)` : `it overlaps the previous digest (which ends at seq ${expectedFrom - 1})`;
      findings.push({ kind: 'digest-chain', ...at, message: `starts at seq ${from}, expected ${expectedFrom}: ${gap}` });
    }
    if (!previous && link) findings.push({ kind: 'digest-chain', ...at, message: `names a previous digest ${link.name} that is not in the destination` });
    if (previous && !link) findings.push({ kind: 'digest-chain', ...at, message: `names no previous digest, though ${previous.name} precedes it` });
    if (previous && link && link.name !== previous.name) {
      findings.push({ kind: 'digest-chain', ...at, message: `names ${link.name} as the previous digest, but the one before it in the destination is ${previous.name}${listed.has(link.name) ? '' : ` (${link.name} is missing)`}` });
    }
    if (previous && link && link.name === previous.name && link.sha256 !== sha256Hex(previous.bytes)) {
      findings.push({ kind: 'digest-chain', ...at, message: `the previous digest ${previous.name} is not the file this one was chained to (SHA-256 differs): it was altered` });
    }

    if (signed) rowsChecked += await checkAgainstDatabase(d, dest, conn, findings);
    previous = d;
  }

  const coveredTo = previous?.digest.to ?? 0;
  const { after } = await auditTail(coveredTo, conn);
  return { destination: dest.label, keySource: source, keyFingerprint: fingerprint, digests: loaded.length, coveredTo, rowsChecked, notYetExported: after, findings };
}
