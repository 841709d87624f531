import 'server-only';
import { and, asc, count, eq, isNull, ne, sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db';
import { staff, staffSessions, type Staff } from '@/db/schema';
import { removeAuthenticator } from './mfa';
import type { Role } from '@/lib/auth/roles';
import { closeAbandonedServiceSessions } from './service-sessions';

export type StaffDto = { id: string; username: string; displayName: string; role: Role; active: boolean; lockedUntil: Date | null; createdAt: Date };

const dtoColumns = {
  id: staff.id,
  username: staff.username,
  displayName: staff.displayName,
  role: staff.role,
  active: staff.active,
  lockedUntil: staff.lockedUntil,
  createdAt: staff.createdAt,
};

export async function getStaffForSignIn(username: string): Promise<Staff | undefined> {
  const [row] = await db.select().from(staff).where(eq(staff.username, username)).limit(1);
  return row;
}

export async function listStaff(): Promise<StaffDto[]> {
  return db.select(dtoColumns).from(staff).orderBy(asc(staff.role), asc(staff.username));
}

export async function getStaff(id: string): Promise<StaffDto | undefined> {
  const [row] = await db.select(dtoColumns).from(staff).where(eq(staff.id, id)).limit(1);
  return row;
}

export async function createStaff(values: { username: string; displayName: string; role: Role; passwordHash: string }): Promise<StaffDto> {
  const [row] = await db.insert(staff).values(values).returning(dtoColumns);
  return row!;
}

/**
 * Claims one sign-in attempt before the password is checked: counts it as a failure and locks the account when the
 * limit is reached, in one statement, and only while the account is not locked. Parallel guesses therefore get at
 * most `maxFailures` password checks per lock period. A correct password then clears the count.
 * Returns undefined when the account is locked; otherwise whether this attempt set the lock.
 */
export async function claimSignInAttempt(id: string, maxFailures: number, lockMs: number): Promise<{ lockedNow: boolean } | undefined> {
  const [row] = await db
    .update(staff)
    .set({
      failedSignIns: sql`CASE WHEN ${staff.failedSignIns} + 1 >= ${maxFailures} THEN 0 ELSE ${staff.failedSignIns} + 1 END`,
      lockedUntil: sql`CASE WHEN ${staff.failedSignIns} + 1 >= ${maxFailures} THEN now() + make_interval(secs => ${lockMs / 1000}) ELSE NULL END`,
    })
    .where(and(eq(staff.id, id), sql`(${staff.lockedUntil} IS NULL OR ${staff.lockedUntil} <= now())`))
    .returning({ lockedUntil: staff.lockedUntil });
  if (!row) return undefined;
  return { lockedNow: row.lockedUntil !== null };
}

/** Refused sign-ins from one address in the last `windowMs` (the partial index on audit_events serves this). */
export async function recentRefusalsFrom(ip: string, windowMs: number): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM audit_events
    WHERE action = 'auth.sign_in' AND outcome = 'denied' AND ip = ${ip} AND occurred_at > now() - make_interval(secs => ${windowMs / 1000})`);
  return rows[0]?.n ?? 0;
}

export async function clearFailedSignIns(id: string): Promise<void> {
  await db.update(staff).set({ failedSignIns: 0, lockedUntil: null }).where(eq(staff.id, id));
}

async function endLiveSessions(conn: DbOrTx, staffId: string, reason: string): Promise<void> {
  await conn
    .update(staffSessions)
    .set({ endedAt: sql`now()`, endReason: reason })
    .where(and(eq(staffSessions.staffId, staffId), isNull(staffSessions.endedAt)));
  await closeAbandonedServiceSessions(conn, staffId, reason);
}

async function activeAdminsOtherThan(conn: DbOrTx, id: string): Promise<number> {
  const [row] = await conn
    .select({ n: count() })
    .from(staff)
    .where(and(eq(staff.role, 'admin'), eq(staff.active, true), ne(staff.id, id)));
  return row?.n ?? 0;
}

export class LastAdminError extends Error {}

export async function changeStaffRole(id: string, role: Role): Promise<StaffDto | undefined> {
  // One transaction with a lock on the admin rows, so two admins cannot demote each other at the same moment.
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT id FROM staff WHERE role = 'admin' FOR UPDATE`);
    const [current] = await tx.select(dtoColumns).from(staff).where(eq(staff.id, id));
    if (!current) return undefined;
    if (current.role === 'admin' && role !== 'admin' && (await activeAdminsOtherThan(tx, id)) === 0) throw new LastAdminError();
    const [row] = await tx.update(staff).set({ role }).where(eq(staff.id, id)).returning(dtoColumns);
    await endLiveSessions(tx, id, 'role_changed');
    return row;
  });
}

export async function setStaffActive(id: string, active: boolean): Promise<StaffDto | undefined> {
  // Same lock as a role change: the last active admin cannot be disabled by a race either.
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT id FROM staff WHERE role = 'admin' FOR UPDATE`);
    const [current] = await tx.select(dtoColumns).from(staff).where(eq(staff.id, id));
    if (!current) return undefined;
    if (!active && current.role === 'admin' && (await activeAdminsOtherThan(tx, id)) === 0) throw new LastAdminError();
    const [row] = await tx
      .update(staff)
      .set(active ? { active, failedSignIns: 0, lockedUntil: null } : { active })
      .where(eq(staff.id, id))
      .returning(dtoColumns);
    if (!active) await endLiveSessions(tx, id, 'disabled');
    return row;
  });
}

export async function setStaffPassword(id: string, passwordHash: string): Promise<StaffDto | undefined> {
  // The new password and the end of the old sessions land together.
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(staff)
      .set({ passwordHash, failedSignIns: 0, lockedUntil: null })
      .where(eq(staff.id, id))
      .returning(dtoColumns);
    if (row) await endLiveSessions(tx, id, 'password_reset');
    return row;
  });
}

/** An administrator clears a lost authenticator: secret and recovery codes gone, and the member's sessions end with them. */
export async function clearStaffMfa(id: string): Promise<StaffDto | undefined> {
  return db.transaction(async (tx) => {
    if (!(await removeAuthenticator(tx, id))) return undefined;
    await endLiveSessions(tx, id, 'mfa_reset');
    const [row] = await tx.select(dtoColumns).from(staff).where(eq(staff.id, id));
    return row;
  });
}

/** An active teller, locked for a hand-over, and whether they are signed in now. */
/** A teller or supervisor who may receive a contact, locked for the hand-over, with whether they are signed in. */
export async function lockTransferReceiver(conn: DbOrTx, id: string): Promise<{ id: string; displayName: string; signedIn: boolean } | undefined> {
  const [row] = await conn.execute<{ id: string; display_name: string; signed_in: boolean }>(sql`
    SELECT s.id, s.display_name,
      EXISTS (SELECT 1 FROM staff_sessions x WHERE x.staff_id = s.id AND x.ended_at IS NULL AND x.last_seen_at > now() - interval '15 minutes') AS signed_in
    FROM staff s WHERE s.id = ${id} AND s.role IN ('teller', 'supervisor') AND s.active FOR SHARE OF s`);
  return row && { id: row.id, displayName: row.display_name, signedIn: row.signed_in };
}

/** Who a contact may be handed to: active tellers and supervisors, tellers first. */
export async function listTransferTargets(): Promise<{ id: string; displayName: string; role: 'teller' | 'supervisor' }[]> {
  const rows = await db
    .select({ id: staff.id, displayName: staff.displayName, role: staff.role })
    .from(staff)
    .where(and(sql`${staff.role} IN ('teller', 'supervisor')`, eq(staff.active, true)))
    .orderBy(asc(staff.role), asc(staff.username));
  return rows as { id: string; displayName: string; role: 'teller' | 'supervisor' }[];
}
