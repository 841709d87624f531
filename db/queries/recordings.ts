import 'server-only';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db';
import { violatesUnique } from '@/db/errors';
import { serviceSessions, sessionRecordings, staff, storedFiles } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';

export type NewStoredFile = { storageKey: string; sha256: string; size: number; mime: string; kind: string; uploadedBy: string | null; uploadedVia: string | null };

/** The stored file with these bytes, if any: content is stored once. */
/**
 * The live stored file with these bytes, share-locked so a retention purge cannot delete it under the record about to
 * name it (a purged file is not found: the same bytes are then stored afresh).
 */
export async function findStoredFile(conn: DbOrTx, sha256: string): Promise<{ id: string; storageKey: string } | undefined> {
  const [row] = await conn
    .select({ id: storedFiles.id, storageKey: storedFiles.storageKey })
    .from(storedFiles)
    .where(and(eq(storedFiles.sha256, sha256), isNull(storedFiles.deletedAt)))
    .for('share');
  return row;
}

/** Inserts the file row; undefined when another upload of the same bytes got there first. */
export async function insertStoredFile(conn: DbOrTx, v: NewStoredFile): Promise<string | undefined> {
  const [row] = await conn.insert(storedFiles).values(v).onConflictDoNothing().returning({ id: storedFiles.id });
  return row?.id;
}

export async function insertRecording(conn: DbOrTx, v: { sessionId: string; fileId: string; startedAt: Date; source: 'upload' | 'integration' | 'seed'; addedBy: string | null; addedVia: string | null }): Promise<string> {
  try {
    const [row] = await conn.insert(sessionRecordings).values(v).returning({ id: sessionRecordings.id });
    return row!.id;
  } catch (err) {
    if (violatesUnique(err, 'session_recordings_once_idx')) throw new DomainError('errors.recordingExists', 'failed', { file: ['errors.recordingExists'] });
    throw err;
  }
}

export type RecordingDto = { id: string; mime: string; kind: string; size: number; sha256: string; startedAt: Date; source: string; createdAt: Date; addedByName: string | null };

export async function listSessionRecordings(sessionId: string): Promise<RecordingDto[]> {
  return db
    .select({
      id: sessionRecordings.id,
      mime: storedFiles.mime,
      kind: storedFiles.kind,
      size: storedFiles.size,
      sha256: storedFiles.sha256,
      startedAt: sessionRecordings.startedAt,
      source: sessionRecordings.source,
      createdAt: sessionRecordings.createdAt,
      addedByName: staff.displayName,
    })
    .from(sessionRecordings)
    .innerJoin(storedFiles, eq(storedFiles.id, sessionRecordings.fileId))
    .leftJoin(staff, eq(staff.id, sessionRecordings.addedBy))
    .where(eq(sessionRecordings.sessionId, sessionId))
    .orderBy(asc(sessionRecordings.createdAt));
}

/** What the playback route needs to decide who may hear it and to serve it. */
export async function getRecordingForPlayback(id: string) {
  const [row] = await db
    .select({
      id: sessionRecordings.id,
      sessionId: sessionRecordings.sessionId,
      storageKey: storedFiles.storageKey,
      mime: storedFiles.mime,
      size: storedFiles.size,
      tellerId: serviceSessions.tellerId,
      sessionStatus: serviceSessions.status,
    })
    .from(sessionRecordings)
    .innerJoin(storedFiles, eq(storedFiles.id, sessionRecordings.fileId))
    .innerJoin(serviceSessions, eq(serviceSessions.id, sessionRecordings.sessionId))
    .where(eq(sessionRecordings.id, id));
  return row;
}

/**
 * The session a recording may be added to, locked: a teller's own while open or within 2 hours of its end (after that,
 * once QC may be judging it, only the recorder integration delivers), or any for an integration.
 */
export async function lockSessionForRecording(conn: DbOrTx, sessionId: string, tellerId: string | null) {
  const [row] = await conn
    .select({ id: serviceSessions.id, startedAt: serviceSessions.startedAt })
    .from(serviceSessions)
    .where(
      and(
        eq(serviceSessions.id, sessionId),
        tellerId
          ? sql`${serviceSessions.tellerId} = ${tellerId} AND (${serviceSessions.status} = 'open' OR ${serviceSessions.endedAt} > now() - interval '2 hours')`
          : sql`true`,
      ),
    )
    .for('update');
  return row;
}

/** Whether this viewer's playback of the recording was audited in the last 10 minutes. */
export async function viewedRecently(actorId: string, recordingId: string): Promise<boolean> {
  const rows = await db.execute(sql`
    SELECT 1 FROM audit_events WHERE entity_type = 'session_recording' AND entity_id = ${recordingId} AND actor_id = ${actorId}
      AND action = 'recording.view' AND occurred_at > now() - interval '10 minutes' LIMIT 1`);
  return rows.length > 0;
}
