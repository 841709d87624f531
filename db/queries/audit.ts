import 'server-only';
import { sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db';
import { auditEvents } from '@/db/schema';
import { storableCopy } from '@/lib/text/storable';

export type AuditInput = {
  actorId: string | null;
  actorRole: 'teller' | 'supervisor' | 'qc' | 'admin' | null;
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  entityType?: string | null;
  entityId?: string | null;
  requestId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
};

/** seq, prev_hash, hash and the time are filled in by the chaining trigger. */
export async function appendAudit(event: AuditInput, conn: DbOrTx = db): Promise<void> {
  await conn.insert(auditEvents).values({
    actorId: event.actorId,
    actorRole: event.actorRole,
    action: event.action,
    outcome: event.outcome,
    entityType: event.entityType ?? null,
    entityId: event.entityId ?? null,
    requestId: event.requestId ?? null,
    ip: event.ip ?? null,
    // The trail records whatever a client sent (a refused form's field names): jsonb holds no NUL or lone surrogate.
    details: storableCopy(event.details ?? {}),
    seq: 0,
    prevHash: '',
    hash: '',
  });
}

export type AuditRow = {
  id: number;
  seq: number;
  occurredAt: Date;
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  outcome: string;
  ip: string | null;
  details: Record<string, unknown>;
};

/** Newest first, keyset-paged by seq. */
export async function listAuditEvents(opts: { beforeSeq?: number; limit?: number; action?: string }): Promise<AuditRow[]> {
  const limit = Math.min(opts.limit ?? 50, 200);
  const rows = await db.execute<{
    id: number; seq: number; occurred_at: Date; username: string | null; actor_role: string | null; action: string;
    entity_type: string | null; entity_id: string | null; outcome: string; ip: string | null; details: Record<string, unknown>;
  }>(sql`
    SELECT a.id, a.seq, a.occurred_at, s.username, a.actor_role, a.action, a.entity_type, a.entity_id, a.outcome, a.ip, a.details
    FROM audit_events a LEFT JOIN staff s ON s.id = a.actor_id
    WHERE (${opts.beforeSeq ?? null}::bigint IS NULL OR a.seq < ${opts.beforeSeq ?? null}::bigint)
      AND (${opts.action ?? null}::text IS NULL OR a.action = ${opts.action ?? null}::text)
    ORDER BY a.seq DESC LIMIT ${limit}`);
  return rows.map((r) => ({
    id: Number(r.id),
    seq: Number(r.seq),
    occurredAt: new Date(r.occurred_at),
    actorUsername: r.username,
    actorRole: r.actor_role,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    outcome: r.outcome,
    ip: r.ip,
    details: r.details,
  }));
}

export type ChainReport = { intact: true; rows: number } | { intact: false; rows: number; brokenSeq: number; brokenId: number; reason: 'hash' | 'link' | 'gap' };

/** Walks the chain in order and reports the first row whose hash or link does not hold. */
export async function verifyAuditChain(conn: DbOrTx = db): Promise<ChainReport> {
  const [first] = await conn.execute<{ id: number; seq: number; reason: 'hash' | 'link' | 'gap' }>(sql`
    WITH walked AS (
      SELECT a.id, a.seq, a.hash, a.prev_hash, audit_row_hash(a) AS recomputed,
             lag(a.hash) OVER (ORDER BY a.seq) AS previous_hash,
             lag(a.seq) OVER (ORDER BY a.seq) AS previous_seq
      FROM audit_events a
    )
    SELECT id, seq,
      CASE WHEN hash <> recomputed THEN 'hash'
           WHEN prev_hash <> coalesce(previous_hash, 'genesis') THEN 'link'
           ELSE 'gap' END AS reason
    FROM walked
    WHERE hash <> recomputed OR prev_hash <> coalesce(previous_hash, 'genesis') OR seq <> coalesce(previous_seq, 0) + 1
    ORDER BY seq LIMIT 1`);
  const [{ count }] = (await conn.execute<{ count: number }>(sql`SELECT count(*)::int AS count FROM audit_events`)) as unknown as [{ count: number }];
  if (!first) return { intact: true, rows: Number(count) };
  return { intact: false, rows: Number(count), brokenSeq: Number(first.seq), brokenId: Number(first.id), reason: first.reason };
}

