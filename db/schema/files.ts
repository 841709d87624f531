import 'server-only';
import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { integrations } from './credentials';
import { serviceSessions } from './service-sessions';
import { staff } from './staff';

/**
 * A stored object: its random storage key, what its bytes are (by magic bytes), their SHA-256 and size, and who
 * brought it. Content is stored once: the same bytes uploaded again reuse the row and the object.
 */
export const storedFiles = pgTable(
  'stored_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    storageKey: text('storage_key').notNull().unique(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    mime: text('mime').notNull(),
    kind: text('kind').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => staff.id),
    uploadedVia: uuid('uploaded_via').references(() => integrations.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    // Deleted under a retention purge: the row stays for the records that name it; the object is removed by the worker
    // after the purge commits (objectDeletedAt); the same bytes uploaded again are stored afresh.
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    objectDeletedAt: timestamp('object_deleted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('stored_files_sha256_idx').on(t.sha256).where(sql`${t.deletedAt} IS NULL`),
    index('stored_files_pending_delete_idx').on(t.deletedAt).where(sql`${t.deletedAt} IS NOT NULL AND ${t.objectDeletedAt} IS NULL`),
    check('stored_files_sha256_shape', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check('stored_files_size_positive', sql`${t.size} > 0`),
    check('stored_files_kind', sql`${t.kind} IN ('image', 'pdf', 'audio', 'video')`),
  ],
);

/** A recording (录音录像) of a session. `startedAt` places the session's timeline events on the recording as markers. */
export const sessionRecordings = pgTable(
  'session_recordings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id').notNull().references(() => serviceSessions.id),
    fileId: uuid('file_id').notNull().references(() => storedFiles.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    source: text('source').notNull(),
    addedBy: uuid('added_by').references(() => staff.id),
    addedVia: uuid('added_via').references(() => integrations.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('session_recordings_once_idx').on(t.sessionId, t.fileId),
    index('session_recordings_session_idx').on(t.sessionId, t.createdAt),
    check('session_recordings_source', sql`${t.source} IN ('upload', 'integration', 'seed')`),
  ],
);
