import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsStorage } from './fs';
import { InvalidObjectKeyError, newObjectKey, ObjectExistsError, ObjectNotFoundError, type ObjectStorage } from './object-storage';

let dir: string;
let root: string;
let store: ObjectStorage;

// Every byte value, so text encodings or newline handling would show up as a difference.
const ALL_BYTES = Uint8Array.from({ length: 512 }, (_, i) => i % 256);

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'air-counter-fs-'));
  root = path.join(dir, 'files');
  store = createFsStorage(root);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)));
}

describe('fs object storage', () => {
  it('stores bytes under the key and reads them back exactly', async () => {
    const key = newObjectKey('documents');
    expect(await store.exists(key)).toBe(false);
    await store.put(key, ALL_BYTES, 'application/octet-stream');
    expect(await store.exists(key)).toBe(true);
    expect(await store.get(key)).toEqual(ALL_BYTES);
    expect(new Uint8Array(readFileSync(path.join(root, ...key.split('/'))))).toEqual(ALL_BYTES);
    // Only the object itself: the temporary file used for the atomic write is gone.
    expect(filesUnder(root)).toEqual([path.join(...key.split('/'))]);
  });

  it('never overwrites an existing object', async () => {
    const key = newObjectKey('recordings');
    await store.put(key, Uint8Array.of(1, 2, 3), 'audio/wav');
    await expect(store.put(key, Uint8Array.of(9, 9), 'audio/wav')).rejects.toBeInstanceOf(ObjectExistsError);
    expect(await store.get(key)).toEqual(Uint8Array.of(1, 2, 3));
    expect(filesUnder(root)).toHaveLength(1);
  });

  it('lets exactly one of several concurrent puts of one key win', async () => {
    const key = newObjectKey('documents');
    const bodies = [1, 2, 3, 4, 5].map((n) => new Uint8Array(64 * 1024).fill(n));
    const results = await Promise.allSettled(bodies.map((b) => store.put(key, b, 'application/pdf')));
    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(winners).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ObjectExistsError);
    expect(await store.get(key)).toEqual(bodies[winners[0]!]);
  });

  it('reports a missing object', async () => {
    const key = newObjectKey('documents');
    await expect(store.get(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(store.getRange(key, 0, 10)).rejects.toBeInstanceOf(ObjectNotFoundError);
    // A key that is a prefix of another key names a folder, not an object.
    await store.put('documents/a/b', Uint8Array.of(1), 'image/png');
    await expect(store.get('documents/a')).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(await store.exists('documents/a')).toBe(false);
    await expect(store.get('documents/a/b/c')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it('deletes, and deleting twice is fine', async () => {
    const key = newObjectKey('recordings');
    await store.put(key, ALL_BYTES, 'video/webm');
    await store.delete(key);
    expect(await store.exists(key)).toBe(false);
    await expect(store.get(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await store.delete(key);
    // The key can then be written again.
    await store.put(key, Uint8Array.of(7), 'video/webm');
    expect(await store.get(key)).toEqual(Uint8Array.of(7));
  });

  it('reads byte ranges, clamping the end to the object', async () => {
    const key = newObjectKey('recordings');
    await store.put(key, ALL_BYTES, 'audio/wav');
    expect(await store.getRange(key, 0, 3)).toEqual({ bytes: Uint8Array.of(0, 1, 2, 3), size: 512 });
    expect(await store.getRange(key, 510, 10_000)).toEqual({ bytes: Uint8Array.of(254, 255), size: 512 });
    await expect(store.getRange(key, 512, 600)).rejects.toBeInstanceOf(RangeError);
    await expect(store.getRange(key, 5, 4)).rejects.toBeInstanceOf(RangeError);
  });

  it.each([
    '../outside',
    'documents/../../outside',
    '..',
    '/etc/passwd',
    'documents//x',
    'documents/x/',
    'documents/x.pdf',
    'documents\\..\\x',
    'documents/%2e%2e/x',
    'documents/x y',
    'documents/ü',
    '',
    'a'.repeat(513),
  ])('refuses the key %j for every operation', async (key) => {
    writeFileSync(path.join(dir, 'outside'), 'secret');
    await expect(store.put(key, Uint8Array.of(1), 'text/plain')).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(store.get(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(store.getRange(key, 0, 1)).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(store.exists(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
    await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
    expect(readFileSync(path.join(dir, 'outside'), 'utf8')).toBe('secret');
    expect(filesUnder(dir)).toEqual(['outside']);
  });
});

describe('newObjectKey', () => {
  it('is a random key under the prefix and the UTC year and month', () => {
    const key = newObjectKey('recordings', new Date('2026-11-30T23:30:00Z'));
    expect(key).toMatch(/^recordings\/2026\/11\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newObjectKey('documents')).not.toBe(newObjectKey('documents'));
  });
});
