import 'server-only';
import { db } from '@/db';
import { insertRecording, lockSessionForRecording } from '@/db/queries/recordings';
import { addSessionEvent } from '@/db/queries/service-sessions';
import { DomainError } from '@/lib/actions/result';
import { checkUpload, maxRecordingBytes } from '@/lib/files/check';
import { storeOnce } from '@/lib/files/store';

const REFUSALS = {
  empty: 'errors.fileEmpty',
  tooLarge: 'errors.fileTooLarge',
  wrongType: 'errors.recordingType',
  pdfEncrypted: 'errors.recordingType',
  pdfJavascript: 'errors.recordingType',
} as const;

type By = { staffId: string } | { integrationId: string };

/**
 * Adds a recording to a session: checked by its bytes (audio or video, within the size limit) before anything is
 * stored; stored once by content under a random key; the database rows and the object commit together (the object
 * is written inside the transaction, so a failed write leaves no row, and no row points at a missing object).
 */
export async function addRecording(v: { sessionId: string; bytes: Uint8Array; by: By; startedAt?: Date; source: 'upload' | 'integration' | 'seed' }) {
  const checked = checkUpload(v.bytes, { accept: ['audio', 'video'], maxBytes: maxRecordingBytes() });
  if (!checked.ok) throw new DomainError(REFUSALS[checked.reason], 'failed', { file: [REFUSALS[checked.reason]] });
  const staffId = 'staffId' in v.by ? v.by.staffId : null;
  const integrationId = 'integrationId' in v.by ? v.by.integrationId : null;

  return db.transaction(async (tx) => {
    const session = await lockSessionForRecording(tx, v.sessionId, staffId);
    if (!session) throw new DomainError('errors.notFound', 'denied');
    const file = await storeOnce(tx, { bytes: v.bytes, sha256: checked.sha256, size: checked.size, type: checked.type, prefix: 'recordings', uploadedBy: staffId, uploadedVia: integrationId });
    const id = await insertRecording(tx, { sessionId: v.sessionId, fileId: file.id, startedAt: v.startedAt ?? session.startedAt, source: v.source, addedBy: staffId, addedVia: integrationId });
    await addSessionEvent(tx, v.sessionId, staffId, 'recording.added', { recording: id, source: v.source });
    return { id, sha256: checked.sha256, size: checked.size, mime: checked.type.mime, stored: file.stored };
  });
}
