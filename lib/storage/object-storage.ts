import 'server-only';
import { randomUUID } from 'node:crypto';

/** Where uploaded documents and session recordings live. Objects are write-once: a key is never reused. */
export interface ObjectStorage {
  /** Fails with ObjectExistsError when the key already holds an object. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Fails with ObjectNotFoundError when the key holds nothing. */
  get(key: string): Promise<Uint8Array>;
  /**
   * Bytes `start..end` inclusive (as in an HTTP Range header; `end` is clamped to the last byte) and the object's
   * total size. Fails with ObjectNotFoundError, or RangeError when `start` is past the end.
   */
  getRange(key: string, start: number, end: number): Promise<{ bytes: Uint8Array; size: number }>;
  /** Succeeds whether or not the object existed, as S3 does. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** Settings as in process.env; a plain type so tests can pass their own. */
export type Env = Readonly<Record<string, string | undefined>>;

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No stored object at ${key}`);
    this.name = 'ObjectNotFoundError';
  }
}

export class ObjectExistsError extends Error {
  constructor(readonly key: string) {
    super(`An object is already stored at ${key}; objects are never overwritten`);
    this.name = 'ObjectExistsError';
  }
}

export class InvalidObjectKeyError extends Error {
  constructor(readonly key: string) {
    super(`Invalid object key ${JSON.stringify(key)}: use segments of [A-Za-z0-9_-] separated by single slashes`);
    this.name = 'InvalidObjectKeyError';
  }
}

export class StorageConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageConfigError';
  }
}

// No dots at all (so no `..`), no leading, trailing or doubled slash: a key can only name a file below the root.
const KEY = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;

export function assertValidKey(key: string): void {
  if (key.length > 512 || !KEY.test(key)) throw new InvalidObjectKeyError(key);
}

export function assertValidRange(start: number, end: number): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`Invalid byte range ${start}-${end}`);
  }
}

/** A fresh random key, e.g. `recordings/2026/11/<uuid>`; nothing from the user goes into it. */
export function newObjectKey(prefix: 'documents' | 'recordings', now = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${prefix}/${now.getUTCFullYear()}/${month}/${randomUUID()}`;
}
