import 'server-only';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ExportedAuditRow } from '@/db/queries/audit-export';
import { demoMode } from '@/lib/config';
import type { Env } from '@/lib/storage/object-storage';

// Digest files in the manner of AWS CloudTrail's: each covers a contiguous seq range of the audit trail, names the
// previous digest by file name and SHA-256 (so the digests chain among themselves as the rows do in the database),
// and is signed with Ed25519. Everything here is pure except reading the signing key.

export const DIGEST_FORMAT = 'air-counter-audit-digest';
export const DIGEST_VERSION = 1;
export const PUBLIC_KEY_FILE = 'public-key.pem';

export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

const pad = (n: number) => String(n).padStart(12, '0');
export const digestFileName = (from: number, to: number) => `audit-digest-${pad(from)}-${pad(to)}.json`;
export const rowsFileName = (from: number, to: number) => `audit-rows-${pad(from)}-${pad(to)}.jsonl.gz`;

/** The seq range a digest file's name claims, or null for any other file. */
export function parseDigestFileName(name: string): { from: number; to: number } | null {
  const m = /^audit-digest-(\d{12,})-(\d{12,})\.json$/.exec(name);
  return m ? { from: Number(m[1]), to: Number(m[2]) } : null;
}

/**
 * One row as one line of JSON with a fixed key order. `details` is spliced in as PostgreSQL's jsonb text (valid JSON
 * already), never re-serialised, so the line is exactly reproducible from the database. The rows file is these lines,
 * and the digest's contentSha256 is the SHA-256 of them, each ended by "\n".
 */
export function canonicalRowLine(r: ExportedAuditRow): string {
  const head = JSON.stringify({
    seq: Number(r.seq),
    id: Number(r.id),
    occurredAt: r.occurredAt,
    actorId: r.actorId,
    actorRole: r.actorRole,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    outcome: r.outcome,
    requestId: r.requestId,
    ip: r.ip,
  });
  return `${head.slice(0, -1)},"details":${r.details},"prevHash":${JSON.stringify(r.prevHash)},"hash":${JSON.stringify(r.hash)}}`;
}

export const canonicalRows = (rows: ExportedAuditRow[]) => rows.map((r) => `${canonicalRowLine(r)}\n`).join('');

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const fileRef = z.object({ name: z.string().min(1), sha256: hex64 });
const seq = z.number().int().positive();

export const digestSchema = z.object({
  format: z.literal(DIGEST_FORMAT),
  version: z.literal(DIGEST_VERSION),
  from: seq,
  to: seq,
  rows: z.number().int().nonnegative(),
  lastChainHash: z.string().min(1),
  contentSha256: hex64,
  rowsFile: fileRef,
  previousDigest: fileRef.nullable(),
  createdAt: z.string().min(1),
  publicKeySha256: hex64,
  signature: z.string().min(1),
});
export type Digest = z.infer<typeof digestSchema>;
export type DigestBody = Omit<Digest, 'signature'>;

/**
 * The bytes the signature covers: the fields in a fixed order, whatever order a parsed file had them in. Numbers and
 * strings survive a JSON round trip exactly, so a verifier rebuilds the same bytes from the file.
 */
export function signedBytes(d: DigestBody): Buffer {
  return Buffer.from(
    JSON.stringify({
      format: d.format,
      version: d.version,
      from: d.from,
      to: d.to,
      rows: d.rows,
      lastChainHash: d.lastChainHash,
      contentSha256: d.contentSha256,
      rowsFile: { name: d.rowsFile.name, sha256: d.rowsFile.sha256 },
      previousDigest: d.previousDigest ? { name: d.previousDigest.name, sha256: d.previousDigest.sha256 } : null,
      createdAt: d.createdAt,
      publicKeySha256: d.publicKeySha256,
    }),
    'utf8',
  );
}

export function signDigest(body: DigestBody, privateKey: KeyObject): Digest {
  return { ...body, signature: sign(null, signedBytes(body), privateKey).toString('base64') };
}

export function digestSignatureValid(d: Digest, publicKey: KeyObject): boolean {
  try {
    return verify(null, signedBytes(d), publicKey, Buffer.from(d.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The digest as stored: indented JSON, so an auditor can read it. */
export const serialiseDigest = (d: Digest) => Buffer.from(`${JSON.stringify(d, null, 2)}\n`, 'utf8');

export function parseDigest(bytes: Uint8Array): { ok: true; digest: Digest } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  const parsed = digestSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `not a digest (${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')})` };
  return { ok: true, digest: parsed.data };
}

/** SHA-256 of the public key's SPKI encoding (of a private key's public half): names the key inside each digest. */
export function publicKeyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' }));
}

export const publicKeyPem = (publicKey: KeyObject) => String(publicKey.export({ type: 'spki', format: 'pem' }));

function ed25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${what} must be an Ed25519 key (got ${key.asymmetricKeyType ?? 'a symmetric key'}).`);
  return key;
}

/** A private key as PEM, or as base64 of its PKCS#8 DER encoding (handy in an environment variable). */
export function parsePrivateKey(text: string, what = 'AUDIT_SIGNING_KEY'): KeyObject {
  const trimmed = text.trim();
  try {
    const key = trimmed.includes('-----BEGIN')
      ? createPrivateKey(trimmed)
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
    return ed25519(key, what);
  } catch (err) {
    if (err instanceof Error && err.message.includes('Ed25519')) throw err;
    throw new Error(`${what} is not a readable private key: give a PEM or base64 PKCS#8 Ed25519 key (\`openssl genpkey -algorithm ed25519\`).`);
  }
}

/** A public key as PEM (SPKI), or the public half of a private key given instead. */
export function parsePublicKey(text: string, what = 'the public key'): KeyObject {
  try {
    return ed25519(createPublicKey(text.trim()), what);
  } catch (err) {
    if (err instanceof Error && err.message.includes('Ed25519')) throw err;
    throw new Error(`${what} is not a readable PEM public key.`);
  }
}

/**
 * The signing key: AUDIT_SIGNING_KEY, or in demo mode one generated once and kept beside the demo's other secrets in the
 * data directory (as `npm start` keeps secrets.json), so every export of the demo signs with the same key.
 */
export function signingKeyFromEnv(env: Env = process.env): KeyObject {
  const configured = env.AUDIT_SIGNING_KEY?.trim();
  if (configured) return parsePrivateKey(configured);
  if (!demoMode()) {
    throw new Error('AUDIT_SIGNING_KEY must be set to an Ed25519 private key (PEM or base64 PKCS#8), e.g. from `openssl genpkey -algorithm ed25519`.');
  }
  const dataDir = path.resolve(process.cwd(), env.AIR_COUNTER_DATA_DIR ?? '.data');
  const file = path.join(dataDir, 'audit-signing-key.pem');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
    try {
      // 'wx': two exports starting at once must not each keep a different key.
      fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return parsePrivateKey(fs.readFileSync(file, 'utf8'), file);
}
