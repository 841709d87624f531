import 'server-only';
import { randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  assertValidKey,
  assertValidRange,
  ObjectExistsError,
  ObjectNotFoundError,
  type ObjectStorage,
} from './object-storage';

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

// ENOTDIR/EISDIR: a key that runs into (or is) another key's directory names no object either.
const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

/**
 * Writes `bytes` to `temp` (a name no reader lists), then hard-links it to `file`: no reader sees half a file, and the
 * link fails if `file` exists, so nothing is ever overwritten, even by a concurrent writer. False when `file` existed.
 */
export async function createFileOnce(file: string, temp: string, bytes: Uint8Array, mode: number): Promise<boolean> {
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, file);
    return true;
  } catch (err) {
    if (code(err) === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(temp);
  }
}

export function createFsStorage(root: string): ObjectStorage {
  const base = path.resolve(root);

  function fileOf(key: string): string {
    assertValidKey(key);
    return path.join(base, ...key.split('/'));
  }

  async function notFoundAs<T>(key: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (MISSING.has(code(err) ?? '')) throw new ObjectNotFoundError(key);
      throw err;
    }
  }

  return {
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Write a temp file (its dot cannot appear in a key), then hard-link it into place: readers never see a partial
      // object, and link() fails if the key exists, so nothing is overwritten even by a concurrent put.
      if (!(await createFileOnce(file, `${file}.${randomUUID()}.tmp`, bytes, 0o600))) throw new ObjectExistsError(key);
    },

    async get(key) {
      const file = fileOf(key);
      return new Uint8Array(await notFoundAs(key, () => readFile(file)));
    },

    async getRange(key, start, end) {
      const file = fileOf(key);
      assertValidRange(start, end);
      const handle = await notFoundAs(key, () => open(file, 'r'));
      try {
        const { size } = await handle.stat();
        if (start >= size) throw new RangeError(`Range starts at ${start} but ${key} has ${size} bytes`);
        const length = Math.min(end, size - 1) - start + 1;
        const bytes = new Uint8Array(length);
        const { bytesRead } = await handle.read(bytes, 0, length, start);
        return { bytes: bytes.subarray(0, bytesRead), size };
      } finally {
        await handle.close();
      }
    },

    async delete(key) {
      const file = fileOf(key);
      try {
        await unlink(file);
      } catch (err) {
        if (!MISSING.has(code(err) ?? '')) throw err;
      }
    },

    async exists(key) {
      const file = fileOf(key);
      try {
        return (await stat(file)).isFile();
      } catch (err) {
        if (MISSING.has(code(err) ?? '')) return false;
        throw err;
      }
    },
  };
}
