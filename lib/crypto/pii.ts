import 'server-only';
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { dataEncryptionKey } from '@/lib/config';

// Separate keys for encryption and for the blind index, both derived from the one configured secret.
function keys() {
  const master = dataEncryptionKey();
  return {
    enc: createHash('sha256').update(`enc:${master}`).digest(),
    idx: createHash('sha256').update(`idx:${master}`).digest(),
  };
}

/** AES-256-GCM; the output is `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptPii(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys().enc, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function decryptPii(sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unrecognised ciphertext');
  const decipher = createDecipheriv('aes-256-gcm', keys().enc, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** Keyed hash for exact-match lookup of an encrypted value without decrypting every row. */
export function blindIndex(kind: string, value: string): string {
  return createHmac('sha256', keys().idx).update(`${kind}:${value}`).digest('hex');
}
