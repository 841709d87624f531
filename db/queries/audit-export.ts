import 'server-only';
import { sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db';

/**
 * An audit row as exact text, the way the export writes it and the verifier re-reads it: the time to the microsecond in
 * UTC (as audit_row_hash formats it) and `details` as PostgreSQL's own jsonb text, so nothing is lost to a JS Date or a
 * JSON round trip and the same row always gives the same bytes.
 */
export type ExportedAuditRow = {
  id: string;
  seq: string;
  occurredAt: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  outcome: string;
  requestId: string | null;
  ip: string | null;
  details: string;
  prevHash: string;
  hash: string;
  /** The row's stored hash equals the one recomputed from its content. */
  selfConsistent: boolean;
};

function rows(conn: DbOrTx, where: ReturnType<typeof sql>, limit: number | null) {
  return conn.execute<ExportedAuditRow>(sql`
    SELECT a.id::text AS "id", a.seq::text AS "seq",
      to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
      a.actor_id::text AS "actorId", a.actor_role::text AS "actorRole", a.action, a.entity_type AS "entityType",
      a.entity_id AS "entityId", a.outcome::text AS "outcome", a.request_id AS "requestId", a.ip, a.details::text AS "details",
      a.prev_hash AS "prevHash", a.hash, a.hash = audit_row_hash(a) AS "selfConsistent"
    FROM audit_events a WHERE ${where} ORDER BY a.seq LIMIT ${limit}`);
}

/** Up to `limit` rows from `fromSeq` on, in chain order: the next batch to export. */
export async function listAuditRowsFrom(fromSeq: number, limit: number, conn: DbOrTx = db): Promise<ExportedAuditRow[]> {
  return [...(await rows(conn, sql`a.seq >= ${fromSeq}`, limit))];
}

/** Every row the database now holds in `fromSeq..toSeq`: what a digest of that range is checked against. */
export async function listAuditRowsBetween(fromSeq: number, toSeq: number, conn: DbOrTx = db): Promise<ExportedAuditRow[]> {
  return [...(await rows(conn, sql`a.seq BETWEEN ${fromSeq} AND ${toSeq}`, null))];
}

/** The highest seq in the trail (0 when empty) and how many rows lie above `afterSeq`. */
export async function auditTail(afterSeq: number, conn: DbOrTx = db): Promise<{ maxSeq: number; after: number }> {
  const [row] = await conn.execute<{ maxSeq: string; after: number }>(sql`
    SELECT coalesce(max(seq), 0)::text AS "maxSeq", count(*) FILTER (WHERE seq > ${afterSeq})::int AS "after" FROM audit_events`);
  return { maxSeq: Number(row!.maxSeq), after: Number(row!.after) };
}
