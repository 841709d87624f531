import 'server-only';
import type { Tx } from '@/db';
import { findStoredFile, insertStoredFile } from '@/db/queries/recordings';
import { DomainError } from '@/lib/actions/result';
import { newObjectKey, storage } from '@/lib/storage';
import type { SniffedType } from './sniff';
import { sealBytes } from '@/lib/crypto/pii';

/**
 * Stores checked bytes once by content, in the caller's transaction: the same bytes again (now, or at the same moment
 * through another request) reuse the row and the object. The object is written inside the transaction, so a failed
 * write leaves no row, and no row points at a missing object. Documents (identity scans and their thumbnails) are
 * sealed with the data key before they leave the process; the hash and size are of the plain file.
 */
export async function storeOnce(
  tx: Tx,
  v: { bytes: Uint8Array; sha256: string; size: number; type: SniffedType; prefix: 'recordings' | 'documents'; uploadedBy: string | null; uploadedVia: string | null },
): Promise<{ id: string; storageKey: string; stored: boolean }> {
  const existing = await findStoredFile(tx, v.sha256);
  if (existing) return { ...existing, stored: false };
  const storageKey = newObjectKey(v.prefix);
  const id = await insertStoredFile(tx, { storageKey, sha256: v.sha256, size: v.size, mime: v.type.mime, kind: v.type.kind, uploadedBy: v.uploadedBy, uploadedVia: v.uploadedVia });
  if (id) {
    await storage().put(storageKey, v.prefix === 'documents' ? sealBytes(v.bytes) : v.bytes, v.prefix === 'documents' ? 'application/octet-stream' : v.type.mime);
    return { id, storageKey, stored: true };
  }
  const raced = await findStoredFile(tx, v.sha256);
  if (!raced) throw new DomainError('errors.unexpected', 'failed');
  return { ...raced, stored: false };
}
