import 'server-only';
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { dataEncryptionKey } from '@/lib/config';

type Key = { id: string; enc: Buffer; idx: Buffer };

// Separate keys for encryption and for the blind index, both derived from one configured secret; the key id (a short
// hash of the secret) is written on every sealed value, so a row says which key sealed it.
function derive(master: string): Key {
  return {
    id: createHash('sha256').update(`keyid:${master}`).digest('hex').slice(0, 8),
    enc: createHash('sha256').update(`enc:${master}`).digest(),
    idx: createHash('sha256').update(`idx:${master}`).digest(),
  };
}

let memo: { source: string; current: Key; all: Key[] } | undefined;

/**
 * The current key (DATA_ENCRYPTION_KEY) seals; it and the previous ones (DATA_ENCRYPTION_KEYS_PREVIOUS, comma
 * separated, kept while `npm run keys:rotate` re-encrypts) open.
 */
function keyring() {
  const current = dataEncryptionKey();
  const previous = process.env.DATA_ENCRYPTION_KEYS_PREVIOUS ?? '';
  const source = `${current}\n${previous}`;
  if (memo?.source !== source) {
    const cur = derive(current);
    const old = previous.split(',').map((k) => k.trim()).filter((k) => k.length >= 32 && k !== current).map(derive);
    memo = { source, current: cur, all: [cur, ...old] };
  }
  return memo;
}

export function currentKeyId(): string {
  return keyring().current.id;
}

/** AES-256-GCM; the output is `k<key id>.<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptPii(plain: string): string {
  const key = keyring().current;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.enc, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [`k${key.id}`, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

function open(key: Key, iv: string, tag: string, body: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key.enc, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

export function decryptPii(sealed: string): string {
  const [prefix, iv, tag, body] = sealed.split('.');
  if (!prefix || !iv || !tag || body === undefined) throw new Error('Unrecognised ciphertext');
  const ring = keyring();
  if (prefix.startsWith('k')) {
    const key = ring.all.find((k) => k.id === prefix.slice(1));
    if (!key) throw new Error(`No configured key opens values sealed with key ${prefix.slice(1)}`);
    return open(key, iv, tag, body);
  }
  // Values from before key ids (`v1`): the authentication tag tells which configured key sealed them.
  if (prefix !== 'v1') throw new Error('Unrecognised ciphertext');
  for (const key of ring.all) {
    try {
      return open(key, iv, tag, body);
    } catch {
      // not this key
    }
  }
  throw new Error('No configured key opens this value');
}

/** Whether a sealed value is already under the current key (what key rotation skips). */
export function sealedWithCurrentKey(sealed: string): boolean {
  return sealed.startsWith(`k${keyring().current.id}.`);
}

/** Keyed hash for exact-match lookup of an encrypted value without decrypting every row (current key). */
export function blindIndex(kind: string, value: string): string {
  return createHmac('sha256', keyring().current.idx).update(`${kind}:${value}`).digest('hex');
}

// Sealed files: a magic header, the key id, the IV and the GCM tag, then the ciphertext.
const FILE_MAGIC = Buffer.from('ACSEAL1\n', 'latin1');

/** Seals a whole file (a scanned document, its thumbnail) under the current key: AES-256-GCM. */
export function sealBytes(plain: Uint8Array): Uint8Array {
  const key = keyring().current;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.enc, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return new Uint8Array(Buffer.concat([FILE_MAGIC, Buffer.from(key.id, 'latin1'), iv, cipher.getAuthTag(), body]));
}

export function isSealedBytes(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, FILE_MAGIC.length)).equals(FILE_MAGIC);
}

/** The key id a sealed file names (key rotation re-seals those not under the current key). */
export function sealedBytesKeyId(bytes: Uint8Array): string {
  return Buffer.from(bytes.subarray(FILE_MAGIC.length, FILE_MAGIC.length + 8)).toString('latin1');
}

/** Opens a file sealed by sealBytes with the key it names (current or previous). */
export function openBytes(sealed: Uint8Array): Uint8Array {
  if (!isSealedBytes(sealed)) throw new Error('Unrecognised sealed file');
  const buf = Buffer.from(sealed);
  let at = FILE_MAGIC.length;
  const id = buf.subarray(at, at + 8).toString('latin1');
  at += 8;
  const iv = buf.subarray(at, at + 12);
  const tag = buf.subarray(at + 12, at + 28);
  const key = keyring().all.find((k) => k.id === id);
  if (!key) throw new Error(`No configured key opens files sealed with key ${id}`);
  const decipher = createDecipheriv('aes-256-gcm', key.enc, iv);
  decipher.setAuthTag(tag);
  return new Uint8Array(Buffer.concat([decipher.update(buf.subarray(at + 28)), decipher.final()]));
}
