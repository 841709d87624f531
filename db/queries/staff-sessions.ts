import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { db } from '@/db';
import { staff, staffSessions } from '@/db/schema';
import type { Role } from '@/lib/auth/roles';
import { closeAbandonedServiceSessions } from './service-sessions';

/** A new sign-in: a new session row, so every sign-in gets a token of its own (ASVS 7.2.4). */
export async function createStaffSession(staffId: string): Promise<string> {
  const [row] = await db.insert(staffSessions).values({ staffId }).returning({ id: staffSessions.id });
  return row!.id;
}

export type LiveSession = {
  sessionId: string;
  createdAt: Date;
  lastSeenAt: Date;
  endedAt: Date | null;
  endReason: string | null;
  authenticatedAt: Date;
  staffId: string;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  mfaEnabled: boolean;
};

export async function getStaffSession(sessionId: string): Promise<LiveSession | undefined> {
  const [row] = await db
    .select({
      sessionId: staffSessions.id,
      createdAt: staffSessions.createdAt,
      lastSeenAt: staffSessions.lastSeenAt,
      endedAt: staffSessions.endedAt,
      endReason: staffSessions.endReason,
      authenticatedAt: staffSessions.authenticatedAt,
      staffId: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      role: staff.role,
      active: staff.active,
      mfaEnabled: sql<boolean>`${staff.totpEnabledAt} IS NOT NULL`,
    })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(eq(staffSessions.id, sessionId))
    .limit(1);
  return row;
}

/** Marks activity; written at most every 30 s per session so reads stay cheap. */
export async function touchStaffSession(sessionId: string): Promise<void> {
  await db
    .update(staffSessions)
    .set({ lastSeenAt: sql`now()` })
    .where(and(eq(staffSessions.id, sessionId), isNull(staffSessions.endedAt), sql`${staffSessions.lastSeenAt} < now() - interval '30 seconds'`));
}

/** Ends one sign-in; if it was the teller's last, their open contacts are closed as abandoned in the same transaction. */
export async function endStaffSession(sessionId: string, reason: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(staffSessions)
      .set({ endedAt: sql`now()`, endReason: reason })
      .where(and(eq(staffSessions.id, sessionId), isNull(staffSessions.endedAt)))
      .returning({ staffId: staffSessions.staffId });
    if (rows.length === 0) return false;
    await closeAbandonedServiceSessions(tx, rows[0]!.staffId, reason);
    return true;
  });
}
