import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExportedAuditRow } from '@/db/queries/audit-export';
import {
  canonicalRowLine,
  digestFileName,
  digestSignatureValid,
  DIGEST_FORMAT,
  parseDigest,
  parseDigestFileName,
  parsePrivateKey,
  publicKeyFingerprint,
  serialiseDigest,
  signDigest,
  signingKeyFromEnv,
  type DigestBody,
} from './digest';

const row: ExportedAuditRow = {
  id: '41',
  seq: '7',
  occurredAt: '2026-11-24T08:00:00.123456Z',
  actorId: null,
  actorRole: 'teller',
  action: 'session.start',
  entityType: 'session',
  entityId: 'abc',
  outcome: 'ok',
  requestId: null,
  ip: '203.0.113.7',
  details: '{"b": [1, 2.50], "a": "引号\\"x"}',
  prevHash: 'p'.repeat(64),
  hash: 'h'.repeat(64),
  selfConsistent: true,
};

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const body: DigestBody = {
  format: DIGEST_FORMAT,
  version: 1,
  from: 1,
  to: 7,
  rows: 7,
  lastChainHash: 'h'.repeat(64),
  contentSha256: 'c'.repeat(64),
  rowsFile: { name: 'audit-rows-000000000001-000000000007.jsonl.gz', sha256: 'd'.repeat(64) },
  previousDigest: null,
  createdAt: '2026-11-24T09:00:00.000Z',
  publicKeySha256: publicKeyFingerprint(publicKey),
};

describe('canonical rows', () => {
  it('is one JSON line in a fixed order with details exactly as PostgreSQL printed them', () => {
    const line = canonicalRowLine(row);
    expect(line).toBe(
      '{"seq":7,"id":41,"occurredAt":"2026-11-24T08:00:00.123456Z","actorId":null,"actorRole":"teller","action":"session.start",' +
        '"entityType":"session","entityId":"abc","outcome":"ok","requestId":null,"ip":"203.0.113.7",' +
        `"details":{"b": [1, 2.50], "a": "引号\\"x"},"prevHash":"${'p'.repeat(64)}","hash":"${'h'.repeat(64)}"}`,
    );
    expect(JSON.parse(line).details).toEqual({ b: [1, 2.5], a: '引号"x' });
    expect(line).not.toContain('\n');
  });

  it('changes with any field', () => {
    const base = canonicalRowLine(row);
    for (const [k, v] of Object.entries({ actorRole: null, action: 'x', details: '{}', hash: 'z', occurredAt: '2026-11-24T08:00:00.123457Z' })) {
      expect(canonicalRowLine({ ...row, [k]: v })).not.toBe(base);
    }
  });
});

describe('digest signatures', () => {
  it('verifies a signed digest after a round trip through its file, whatever the key order', () => {
    const digest = signDigest(body, privateKey);
    const parsed = parseDigest(serialiseDigest(digest));
    expect(parsed.ok && digestSignatureValid(parsed.digest, publicKey)).toBe(true);
    const reordered = Object.fromEntries(Object.entries(digest).reverse());
    const again = parseDigest(Buffer.from(JSON.stringify(reordered)));
    expect(again.ok && digestSignatureValid(again.digest, publicKey)).toBe(true);
  });

  it('fails for any changed claim, a nested one too, and for another key', () => {
    const digest = signDigest(body, privateKey);
    expect(digestSignatureValid({ ...digest, to: 8 }, publicKey)).toBe(false);
    expect(digestSignatureValid({ ...digest, lastChainHash: 'x'.repeat(64) }, publicKey)).toBe(false);
    expect(digestSignatureValid({ ...digest, rowsFile: { ...digest.rowsFile, sha256: 'e'.repeat(64) } }, publicKey)).toBe(false);
    expect(digestSignatureValid({ ...digest, previousDigest: { name: 'x', sha256: 'f'.repeat(64) } }, publicKey)).toBe(false);
    expect(digestSignatureValid({ ...digest, signature: 'not base64 at all!' }, publicKey)).toBe(false);
    expect(digestSignatureValid(digest, generateKeyPairSync('ed25519').publicKey)).toBe(false);
  });

  it('rejects files that are not digests', () => {
    expect(parseDigest(Buffer.from('{'))).toEqual({ ok: false, reason: 'not valid JSON' });
    expect(parseDigest(Buffer.from(JSON.stringify({ ...body, signature: 'x', format: 'other' }))).ok).toBe(false);
    expect(parseDigest(Buffer.from(JSON.stringify(body))).ok).toBe(false);
  });

  it('names files by their range, and reads the range back', () => {
    expect(digestFileName(1, 250)).toBe('audit-digest-000000000001-000000000250.json');
    expect(parseDigestFileName('audit-digest-000000000001-000000000250.json')).toEqual({ from: 1, to: 250 });
    expect(parseDigestFileName('audit-rows-000000000001-000000000250.jsonl.gz')).toBeNull();
    expect(parseDigestFileName('public-key.pem')).toBeNull();
  });
});

describe('the signing key', () => {
  const dirs: string[] = [];
  afterEach(() => {
    vi.unstubAllEnvs();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('reads PEM and base64 PKCS#8, and refuses other key types', () => {
    const pem = String(privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const der = privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    expect(publicKeyFingerprint(parsePrivateKey(pem))).toBe(body.publicKeySha256);
    expect(publicKeyFingerprint(parsePrivateKey(der))).toBe(body.publicKeySha256);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    expect(() => parsePrivateKey(String(rsa))).toThrow(/Ed25519/);
    expect(() => parsePrivateKey('garbage')).toThrow(/not a readable private key/);
  });

  it('outside demo mode must be configured', () => {
    vi.stubEnv('AIR_COUNTER_ENV', 'production');
    expect(() => signingKeyFromEnv({})).toThrow(/AUDIT_SIGNING_KEY must be set/);
  });

  it('in demo mode is generated once into the data directory and reused', () => {
    vi.stubEnv('AIR_COUNTER_ENV', 'demo');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-key-'));
    dirs.push(dir);
    const first = signingKeyFromEnv({ AIR_COUNTER_DATA_DIR: dir });
    const file = path.join(dir, 'audit-signing-key.pem');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(publicKeyFingerprint(signingKeyFromEnv({ AIR_COUNTER_DATA_DIR: dir }))).toBe(publicKeyFingerprint(first));
  });
});
