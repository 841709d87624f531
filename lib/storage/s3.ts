import 'server-only';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  assertValidKey,
  assertValidRange,
  ObjectExistsError,
  ObjectNotFoundError,
  StorageConfigError,
  type Env,
  type ObjectStorage,
} from './object-storage';

export type S3Config = {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
};

function flag(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw.trim() === '') return fallback;
  if (/^(true|1|yes)$/i.test(raw.trim())) return true;
  if (/^(false|0|no)$/i.test(raw.trim())) return false;
  throw new StorageConfigError(`${name} must be true or false (got ${JSON.stringify(raw)}).`);
}

export function s3ConfigFromEnv(env: Env = process.env): S3Config {
  const value = (name: string) => env[name]?.trim() || undefined;
  const missing = ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'].filter((name) => !value(name));
  if (missing.length > 0) {
    throw new StorageConfigError(`AIR_COUNTER_STORAGE=s3 needs ${missing.join(', ')} to be set.`);
  }
  const endpoint = value('S3_ENDPOINT');
  return {
    endpoint,
    region: value('S3_REGION') ?? 'us-east-1',
    bucket: value('S3_BUCKET')!,
    accessKeyId: value('S3_ACCESS_KEY_ID')!,
    secretAccessKey: value('S3_SECRET_ACCESS_KEY')!,
    // S3-compatible servers (MinIO and the like) usually have no per-bucket DNS names.
    forcePathStyle: flag('S3_FORCE_PATH_STYLE', env.S3_FORCE_PATH_STYLE, endpoint !== undefined),
  };
}

function status(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

export function createS3Storage(config: S3Config): ObjectStorage {
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  });
  const Bucket = config.bucket;

  async function exists(key: string): Promise<boolean> {
    assertValidKey(key);
    try {
      await client.send(new HeadObjectCommand({ Bucket, Key: key }));
      return true;
    } catch (err) {
      if (status(err) === 404) return false;
      throw err;
    }
  }

  return {
    exists,

    async put(key, bytes, contentType) {
      // The HEAD covers servers that ignore If-None-Match on PUT; where it is honoured (AWS S3, MinIO) it also
      // closes the race between two concurrent puts.
      if (await exists(key)) throw new ObjectExistsError(key);
      try {
        await client.send(
          new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.byteLength, IfNoneMatch: '*' }),
        );
      } catch (err) {
        // 409: a concurrent conditional write to the same key is in progress.
        if (status(err) === 412 || status(err) === 409) throw new ObjectExistsError(key);
        throw err;
      }
    },

    async get(key) {
      assertValidKey(key);
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!res.Body) throw new Error(`Empty response body for ${key}`);
        return await res.Body.transformToByteArray();
      } catch (err) {
        if (status(err) === 404) throw new ObjectNotFoundError(key);
        throw err;
      }
    },

    async getRange(key, start, end) {
      assertValidKey(key);
      assertValidRange(start, end);
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: key, Range: `bytes=${start}-${end}` }));
        if (!res.Body) throw new Error(`Empty response body for ${key}`);
        const bytes = await res.Body.transformToByteArray();
        const total = /\/(\d+)$/.exec(res.ContentRange ?? '');
        if (total) return { bytes, size: Number(total[1]) };
        // A server that ignored the Range header sent the whole object.
        if (start >= bytes.length) throw new RangeError(`Range starts at ${start} but ${key} has ${bytes.length} bytes`);
        return { bytes: bytes.subarray(start, end + 1), size: bytes.length };
      } catch (err) {
        if (status(err) === 404) throw new ObjectNotFoundError(key);
        if (status(err) === 416) throw new RangeError(`Range starts at ${start}, past the end of ${key}`);
        throw err;
      }
    },

    async delete(key) {
      assertValidKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}
