import 'server-only';
import path from 'node:path';
import { createFsStorage } from './fs';
import { StorageConfigError, type Env, type ObjectStorage } from './object-storage';
import { createS3Storage, s3ConfigFromEnv } from './s3';

export {
  InvalidObjectKeyError,
  newObjectKey,
  ObjectExistsError,
  ObjectNotFoundError,
  StorageConfigError,
  type ObjectStorage,
} from './object-storage';

export function fsStorageRoot(env: Env = process.env): string {
  return path.resolve(process.cwd(), env.AIR_COUNTER_STORAGE_DIR || path.join(env.AIR_COUNTER_DATA_DIR ?? '.data', 'files'));
}

/** The driver the environment asks for: `fs` (default) or `s3`. There is deliberately no in-memory driver. */
export function storageFromEnv(env: Env = process.env): ObjectStorage {
  const driver = env.AIR_COUNTER_STORAGE?.trim() || 'fs';
  if (driver === 'fs') return createFsStorage(fsStorageRoot(env));
  if (driver === 's3') return createS3Storage(s3ConfigFromEnv(env));
  throw new StorageConfigError(`AIR_COUNTER_STORAGE must be fs or s3 (got ${JSON.stringify(driver)}).`);
}

let memo: ObjectStorage | undefined;

export function storage(): ObjectStorage {
  memo ??= storageFromEnv();
  return memo;
}
