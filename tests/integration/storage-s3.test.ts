import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newObjectKey, ObjectExistsError, ObjectNotFoundError, storageFromEnv, type ObjectStorage } from '@/lib/storage';
import { createS3Storage, type S3Config } from '@/lib/storage/s3';

// @20minutes/s3rver (a maintained fork of s3rver) ships no types; only what this test uses is declared.
type S3rverOptions = { address: string; port: number; directory: string; silent: boolean; configureBuckets: Array<{ name: string }> };
type S3rver = { run(): Promise<AddressInfo>; close(): Promise<void> };
const S3rverClass = createRequire(import.meta.url)('@20minutes/s3rver') as new (options: S3rverOptions) => S3rver;

const BUCKET = 'air-counter-test';
let dir: string;
let server: S3rver;
let config: S3Config;
let store: ObjectStorage;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'air-counter-s3-'));
  server = new S3rverClass({ address: '127.0.0.1', port: 0, directory: dir, silent: true, configureBuckets: [{ name: BUCKET }] });
  const { port } = await server.run();
  // s3rver's built-in account.
  config = {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    bucket: BUCKET,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  };
  store = createS3Storage(config);
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const ALL_BYTES = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);

describe('S3 object storage (against a local S3-compatible server)', () => {
  it('stores bytes with their content type and reads them back exactly', async () => {
    const key = newObjectKey('recordings');
    expect(await store.exists(key)).toBe(false);
    await store.put(key, ALL_BYTES, 'audio/wav');
    expect(await store.exists(key)).toBe(true);
    expect(await store.get(key)).toEqual(ALL_BYTES);

    const client = new S3Client({ ...config, credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } });
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ContentType).toBe('audio/wav');
    expect(head.ContentLength).toBe(ALL_BYTES.length);
  });

  it('never overwrites an existing object', async () => {
    const key = newObjectKey('documents');
    await store.put(key, Uint8Array.of(1, 2, 3), 'application/pdf');
    await expect(store.put(key, Uint8Array.of(9, 9, 9, 9), 'application/pdf')).rejects.toBeInstanceOf(ObjectExistsError);
    expect(await store.get(key)).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('reads byte ranges with the total size', async () => {
    const key = newObjectKey('recordings');
    await store.put(key, ALL_BYTES, 'video/webm');
    expect(await store.getRange(key, 100, 103)).toEqual({ bytes: ALL_BYTES.slice(100, 104), size: ALL_BYTES.length });
    expect(await store.getRange(key, ALL_BYTES.length - 2, ALL_BYTES.length + 50)).toEqual({
      bytes: ALL_BYTES.slice(-2),
      size: ALL_BYTES.length,
    });
  });

  it('reports a missing object, deletes, and deleting twice is fine', async () => {
    const key = newObjectKey('documents');
    await expect(store.get(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await store.put(key, Uint8Array.of(5), 'image/png');
    await store.delete(key);
    expect(await store.exists(key)).toBe(false);
    await expect(store.get(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await store.delete(key);
  });

  it('is what AIR_COUNTER_STORAGE=s3 selects', async () => {
    const fromEnv = storageFromEnv({
      AIR_COUNTER_STORAGE: 's3',
      S3_ENDPOINT: config.endpoint,
      S3_BUCKET: BUCKET,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
    const key = newObjectKey('documents');
    await fromEnv.put(key, ALL_BYTES.subarray(0, 1000), 'image/jpeg');
    expect(await store.get(key)).toEqual(ALL_BYTES.slice(0, 1000));
  });

  it('fails loudly with wrong credentials instead of reporting objects as missing', async () => {
    const wrong = createS3Storage({ ...config, secretAccessKey: 'not-the-secret' });
    await expect(wrong.get(newObjectKey('documents'))).rejects.not.toBeInstanceOf(ObjectNotFoundError);
  });
});
