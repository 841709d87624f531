import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsStorageRoot, storageFromEnv } from './index';
import { StorageConfigError } from './object-storage';
import { s3ConfigFromEnv } from './s3';

describe('storage driver choice', () => {
  it('defaults to the file system under the data directory', async () => {
    expect(fsStorageRoot({})).toBe(path.resolve(process.cwd(), '.data', 'files'));
    expect(fsStorageRoot({ AIR_COUNTER_DATA_DIR: '/srv/air' })).toBe('/srv/air/files');
    expect(fsStorageRoot({ AIR_COUNTER_DATA_DIR: '/srv/air', AIR_COUNTER_STORAGE_DIR: 'uploads' })).toBe(path.resolve('uploads'));

    const dir = mkdtempSync(path.join(os.tmpdir(), 'air-counter-env-'));
    try {
      const store = storageFromEnv({ AIR_COUNTER_STORAGE_DIR: dir });
      await store.put('documents/x', Uint8Array.of(4, 2), 'image/png');
      expect(await storageFromEnv({ AIR_COUNTER_STORAGE: 'fs', AIR_COUNTER_STORAGE_DIR: dir }).get('documents/x')).toEqual(Uint8Array.of(4, 2));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown driver rather than falling back to something else', () => {
    expect(() => storageFromEnv({ AIR_COUNTER_STORAGE: 'memory' })).toThrow(StorageConfigError);
  });

  it('names every missing S3 setting', () => {
    expect(() => storageFromEnv({ AIR_COUNTER_STORAGE: 's3' })).toThrow(
      'AIR_COUNTER_STORAGE=s3 needs S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY to be set.',
    );
    expect(() => s3ConfigFromEnv({ S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: ' ' })).toThrow(/needs S3_SECRET_ACCESS_KEY to/);
  });

  it('reads the S3 settings, with path-style addressing by default only for a custom endpoint', () => {
    const creds = { S3_BUCKET: 'docs', S3_ACCESS_KEY_ID: 'key', S3_SECRET_ACCESS_KEY: 'secret' };
    expect(s3ConfigFromEnv(creds)).toEqual({
      endpoint: undefined,
      region: 'us-east-1',
      bucket: 'docs',
      accessKeyId: 'key',
      secretAccessKey: 'secret',
      forcePathStyle: false,
    });
    expect(s3ConfigFromEnv({ ...creds, S3_ENDPOINT: 'http://minio:9000', S3_REGION: 'cn-north-1' })).toMatchObject({
      endpoint: 'http://minio:9000',
      region: 'cn-north-1',
      forcePathStyle: true,
    });
    expect(s3ConfigFromEnv({ ...creds, S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'false' }).forcePathStyle).toBe(false);
    expect(() => s3ConfigFromEnv({ ...creds, S3_FORCE_PATH_STYLE: 'maybe' })).toThrow('S3_FORCE_PATH_STYLE');
  });
});
