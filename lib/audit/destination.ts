import 'server-only';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Env } from '@/lib/storage/object-storage';
import { s3ConfigFromEnv } from '@/lib/storage/s3';
import { createFileOnce } from '@/lib/storage/fs';

/**
 * Where audit digests go: somewhere the database's administrators cannot rewrite, ideally write-once (an S3 bucket
 * with Object Lock in compliance mode, a WORM share). Files are only ever created, never replaced.
 */
export interface AuditDestination {
  /** For messages: the directory or s3://bucket/prefix. */
  readonly label: string;
  /** File names directly in the destination. */
  list(): Promise<string[]>;
  /** The file's bytes, or null when there is none. */
  read(name: string): Promise<Uint8Array | null>;
  /** Creates the file; fails with DestinationFileExistsError if the name is taken. */
  create(name: string, bytes: Uint8Array, contentType: string): Promise<void>;
}

export class DestinationFileExistsError extends Error {
  constructor(readonly file: string) {
    super(`${file} already exists in the audit export destination; exported files are never replaced`);
    this.name = 'DestinationFileExistsError';
  }
}

// Only names this module makes: no separators, no leading dot.
function checkName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`Invalid audit export file name ${JSON.stringify(name)}`);
  return name;
}

const errno = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code;

export function directoryDestination(dir: string): AuditDestination {
  const base = path.resolve(dir);
  return {
    label: base,
    async list() {
      try {
        return (await readdir(base, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
      } catch (err) {
        if (errno(err) === 'ENOENT') return [];
        throw err;
      }
    },
    async read(name) {
      try {
        return new Uint8Array(await readFile(path.join(base, checkName(name))));
      } catch (err) {
        if (errno(err) === 'ENOENT') return null;
        throw err;
      }
    },
    async create(name, bytes) {
      const file = path.join(base, checkName(name));
      await mkdir(base, { recursive: true, mode: 0o700 });
      // A temp file (a name the exporter never lists) hard-linked into place: no reader sees half a file, and link()
      // fails if the name exists, so nothing is overwritten. Read-only, as a reminder that these files are final.
      if (!(await createFileOnce(file, path.join(base, `.${name}.${randomUUID()}.tmp`), bytes, 0o400))) throw new DestinationFileExistsError(name);
    },
  };
}

const httpStatus = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;

/** An S3 client with the same settings as the document store's (S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, ...). */
export function s3ClientFromEnv(env: Env = process.env): S3Client {
  let config;
  try {
    // The bucket is the audit export's own; s3ConfigFromEnv only insists that one is named.
    config = s3ConfigFromEnv({ ...env, S3_BUCKET: 'audit-export' });
  } catch {
    throw new Error('AUDIT_EXPORT_BUCKET needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (and S3_ENDPOINT for an S3-compatible server), as AIR_COUNTER_STORAGE=s3 does.');
  }
  return new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  });
}

/** A bucket and optional key prefix. */
export function s3Destination(bucket: string, prefix: string, client: S3Client = s3ClientFromEnv()): AuditDestination {
  const Bucket = bucket;
  const keyPrefix = prefix ? `${prefix.replace(/^\/+|\/+$/g, '')}/` : '';
  const key = (name: string) => `${keyPrefix}${checkName(name)}`;

  return {
    label: `s3://${bucket}/${keyPrefix}`,
    async list() {
      const names: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: keyPrefix, Delimiter: '/', ContinuationToken }));
        for (const o of page.Contents ?? []) if (o.Key) names.push(o.Key.slice(keyPrefix.length));
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return names;
    },
    async read(name) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: key(name) }));
        return res.Body ? await res.Body.transformToByteArray() : new Uint8Array();
      } catch (err) {
        if (httpStatus(err) === 404) return null;
        throw err;
      }
    },
    async create(name, bytes, contentType) {
      const Key = key(name);
      // The HEAD covers servers that ignore If-None-Match; where it is honoured it also closes the race.
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key }));
        throw new DestinationFileExistsError(name);
      } catch (err) {
        if (err instanceof DestinationFileExistsError || httpStatus(err) !== 404) throw err;
      }
      try {
        await client.send(new PutObjectCommand({ Bucket, Key, Body: bytes, ContentType: contentType, ContentLength: bytes.byteLength, IfNoneMatch: '*' }));
      } catch (err) {
        if (httpStatus(err) === 412 || httpStatus(err) === 409) throw new DestinationFileExistsError(name);
        throw err;
      }
    },
  };
}

/** `s3://bucket/prefix` or a directory path. */
export function destinationFromSpec(spec: string, env: Env = process.env): AuditDestination {
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/.exec(spec.trim());
  return s3 ? s3Destination(s3[1]!, s3[2]!, s3ClientFromEnv(env)) : directoryDestination(spec);
}

/** The `--to`/`--digests` argument if given, else AUDIT_EXPORT_DIR, else AUDIT_EXPORT_BUCKET (`bucket` or `bucket/prefix`). */
export function auditDestinationFromEnv(override?: string, env: Env = process.env): AuditDestination {
  if (override?.trim()) return destinationFromSpec(override, env);
  const dir = env.AUDIT_EXPORT_DIR?.trim();
  if (dir) return directoryDestination(dir);
  const bucket = env.AUDIT_EXPORT_BUCKET?.trim();
  if (bucket) {
    const [name, ...rest] = bucket.replace(/^s3:\/\//, '').split('/');
    return s3Destination(name!, rest.join('/'), s3ClientFromEnv(env));
  }
  throw new Error('No audit export destination: set AUDIT_EXPORT_DIR (a directory) or AUDIT_EXPORT_BUCKET (an S3 bucket), or pass --to <dir>.');
}
