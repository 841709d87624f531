import 'server-only';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db';
import { staffNotifications } from '@/db/schema';

/**
 * Notices for staff (站内通知): written in the transaction of what causes them, so a notice exists exactly when its
 * cause does. `kind` is a key under `staffNotices` in the catalogues, `params` its values; `link` opens the work.
 */
export type StaffNotice = { kind: string; params?: Record<string, string | number>; link?: string };

export async function notifyStaff(tx: Tx, staffIds: readonly string[], notice: StaffNotice): Promise<void> {
  const ids = [...new Set(staffIds)];
  if (ids.length === 0) return;
  await tx.insert(staffNotifications).values(ids.map((staffId) => ({ staffId, kind: notice.kind, params: notice.params ?? {}, link: notice.link ?? null })));
}

/** The active staff of a role (for notices to every supervisor, say). */
export async function activeStaffOfRole(tx: Tx, role: 'teller' | 'supervisor' | 'qc' | 'admin'): Promise<string[]> {
  const rows = await tx.execute<{ id: string }>(sql`SELECT id FROM staff WHERE role = ${role} AND active`);
  return rows.map((r) => r.id);
}

/** A reader's notices, unread first, newest first. */
export async function listNotices(staffId: string, limit = 50) {
  return db
    .select()
    .from(staffNotifications)
    .where(eq(staffNotifications.staffId, staffId))
    .orderBy(sql`${staffNotifications.readAt} IS NOT NULL`, desc(staffNotifications.createdAt))
    .limit(limit);
}

export async function unreadCount(staffId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(staffNotifications)
    .where(and(eq(staffNotifications.staffId, staffId), isNull(staffNotifications.readAt)));
  return row?.n ?? 0;
}

/** Marks the reader's own notices read (all, or the one given); others' are never touched. */
export async function markRead(staffId: string, id?: string): Promise<number> {
  const rows = await db
    .update(staffNotifications)
    .set({ readAt: sql`now()` as unknown as Date })
    .where(and(eq(staffNotifications.staffId, staffId), isNull(staffNotifications.readAt), id ? eq(staffNotifications.id, id) : undefined))
    .returning({ id: staffNotifications.id });
  return rows.length;
}
