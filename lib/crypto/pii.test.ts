import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { blindIndex, decryptPii, encryptPii, sealedWithCurrentKey } from './pii';

const KEY = 'unit-test-data-key-0123456789-abcdefghijkl';

beforeEach(() => vi.stubEnv('DATA_ENCRYPTION_KEY', KEY));
afterEach(() => vi.unstubAllEnvs());

function flipFirstChar(part: string): string {
  return (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
}

describe('encryptPii / decryptPii', () => {
  it.each(['13800138000', '11010519491231002X', '张三', ''])('round-trips %j', (plain) => {
    expect(decryptPii(encryptPii(plain))).toBe(plain);
  });

  it('hides the plaintext and uses a fresh IV each time', () => {
    const a = encryptPii('13800138000');
    const b = encryptPii('13800138000');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13800138000');
    expect(a.split('.')[0]).toMatch(/^k[0-9a-f]{8}$/);
  });

  it.each([1, 2, 3])('detects tampering with part %i (iv, tag, ciphertext)', (part) => {
    const parts = encryptPii('13800138000').split('.');
    parts[part] = flipFirstChar(parts[part]!);
    expect(() => decryptPii(parts.join('.'))).toThrow();
  });

  it('refuses an unknown format', () => {
    expect(() => decryptPii('v2.a.b.c')).toThrow('Unrecognised ciphertext');
    expect(() => decryptPii('13800138000')).toThrow();
  });

  it('cannot be opened with another key', () => {
    const sealed = encryptPii('13800138000');
    vi.stubEnv('DATA_ENCRYPTION_KEY', 'another-unit-test-key-0123456789-abcdefgh');
    expect(() => decryptPii(sealed)).toThrow();
  });

  it('refuses to work without a strong key', () => {
    vi.stubEnv('DATA_ENCRYPTION_KEY', 'short');
    expect(() => encryptPii('x')).toThrow(/DATA_ENCRYPTION_KEY/);
  });
});

describe('blindIndex', () => {
  it('is deterministic for the same kind and value', () => {
    expect(blindIndex('id', '11010519491231002X')).toBe(blindIndex('id', '11010519491231002X'));
    expect(blindIndex('id', '11010519491231002X')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs by value, by kind and by key', () => {
    const base = blindIndex('mobile', '13800138000');
    expect(blindIndex('mobile', '13800138001')).not.toBe(base);
    expect(blindIndex('id', '13800138000')).not.toBe(base);
    vi.stubEnv('DATA_ENCRYPTION_KEY', 'another-unit-test-key-0123456789-abcdefgh');
    expect(blindIndex('mobile', '13800138000')).not.toBe(base);
  });
});

describe('key rotation', () => {
  const NEW = 'unit-test-new-data-key-9876543210-zyxwvuts';

  it('values carry the id of the key that sealed them; a previous key still opens them until it is removed', () => {
    const old = encryptPii('13800138000');
    vi.stubEnv('DATA_ENCRYPTION_KEY', NEW);
    vi.stubEnv('DATA_ENCRYPTION_KEYS_PREVIOUS', KEY);
    expect(sealedWithCurrentKey(old)).toBe(false);
    expect(decryptPii(old)).toBe('13800138000');
    const fresh = encryptPii('13800138000');
    expect(sealedWithCurrentKey(fresh)).toBe(true);
    expect(fresh.split('.')[0]).not.toBe(old.split('.')[0]);
    vi.stubEnv('DATA_ENCRYPTION_KEYS_PREVIOUS', '');
    expect(() => decryptPii(old)).toThrow(/No configured key/);
    expect(decryptPii(fresh)).toBe('13800138000');
  });

  it('blind indexes follow the current key (rotation recomputes them)', () => {
    const before = blindIndex('mobile', '13800138000');
    vi.stubEnv('DATA_ENCRYPTION_KEY', NEW);
    expect(blindIndex('mobile', '13800138000')).not.toBe(before);
  });

  it('opens values sealed before key ids existed (v1), with whichever configured key sealed them', () => {
    const enc = createHash('sha256').update(`enc:${KEY}`).digest();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', enc, iv);
    const body = Buffer.concat([cipher.update('11010519491231002X', 'utf8'), cipher.final()]);
    const legacy = ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    vi.stubEnv('DATA_ENCRYPTION_KEY', NEW);
    vi.stubEnv('DATA_ENCRYPTION_KEYS_PREVIOUS', KEY);
    expect(decryptPii(legacy)).toBe('11010519491231002X');
    expect(sealedWithCurrentKey(legacy)).toBe(false);
  });
});

describe('sealBytes / openBytes', () => {
  it('seals a file so its bytes are not readable, and opens it again; tampering is detected', async () => {
    const { openBytes, sealBytes, isSealedBytes } = await import('./pii');
    const plain = new Uint8Array(Buffer.from('\x89PNG\r\n\x1a\n identity card scan'));
    const sealed = sealBytes(plain);
    expect(isSealedBytes(sealed)).toBe(true);
    expect(Buffer.from(sealed).includes(Buffer.from('identity card'))).toBe(false);
    expect(Buffer.from(openBytes(sealed))).toEqual(Buffer.from(plain));
    const tampered = new Uint8Array(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => openBytes(tampered)).toThrow();
    expect(() => openBytes(plain)).toThrow(/Unrecognised/);
  });
});
