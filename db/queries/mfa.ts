import 'server-only';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db';
import { staff, staffRecoveryCodes, staffSessions } from '@/db/schema';

export type MfaState = { secret: string | null; enabled: boolean; lastStep: number | null };

export async function getMfaState(staffId: string): Promise<MfaState | undefined> {
  const [row] = await db.select({ secret: staff.totpSecret, enabledAt: staff.totpEnabledAt, lastStep: staff.totpLastStep }).from(staff).where(eq(staff.id, staffId));
  return row && { secret: row.secret, enabled: row.enabledAt !== null, lastStep: row.lastStep };
}

/** A new secret waiting for its first code. An enabled authenticator is replaced only once the new one is confirmed. */
export async function setPendingSecret(staffId: string, sealedSecret: string): Promise<void> {
  await db.update(staff).set({ totpSecret: sealedSecret, totpEnabledAt: null }).where(and(eq(staff.id, staffId), isNull(staff.totpEnabledAt)));
}

/**
 * Records that the code for `step` was used: true only for the first use of that step or a later one. The
 * conditional update is the once-only guarantee (two requests with one code: one row matches); a trigger refuses any
 * write that moves the step back.
 */
export async function claimTotpStep(conn: DbOrTx, staffId: string, step: number): Promise<boolean> {
  const rows = await conn
    .update(staff)
    .set({ totpLastStep: step })
    .where(and(eq(staff.id, staffId), or(isNull(staff.totpLastStep), lt(staff.totpLastStep, step))))
    .returning({ id: staff.id });
  return rows.length === 1;
}

/** Confirms the pending secret and replaces every recovery code with new ones, in one transaction. */
export async function enableTotp(staffId: string, step: number, codeHashes: string[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await claimTotpStep(tx, staffId, step))) return false;
    await tx.update(staff).set({ totpEnabledAt: sql`now()` }).where(eq(staff.id, staffId));
    await replaceRecoveryCodes(tx, staffId, codeHashes);
    return true;
  });
}

function retireRecoveryCodes(conn: DbOrTx, staffId: string) {
  return conn.update(staffRecoveryCodes).set({ usedAt: sql`now()` }).where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)));
}

/** Retires every unused recovery code and keeps (the hashes of) a new set. */
export async function replaceRecoveryCodes(conn: DbOrTx, staffId: string, codeHashes: string[]): Promise<void> {
  await retireRecoveryCodes(conn, staffId);
  await conn.insert(staffRecoveryCodes).values(codeHashes.map((codeHash) => ({ staffId, codeHash })));
}

/** The authenticator gone: its secret and every unused recovery code. False when there is no such member. */
export async function removeAuthenticator(conn: DbOrTx, staffId: string): Promise<boolean> {
  const rows = await conn.update(staff).set({ totpSecret: null, totpEnabledAt: null }).where(eq(staff.id, staffId)).returning({ id: staff.id });
  if (rows.length === 0) return false;
  await retireRecoveryCodes(conn, staffId);
  return true;
}

/** Turns two-factor off (where the role allows). */
export async function disableTotp(staffId: string): Promise<void> {
  await db.transaction((tx) => removeAuthenticator(tx, staffId));
}

/** Spends a recovery code: true once per code, whoever races. */
export async function spendRecoveryCode(staffId: string, codeHash: string): Promise<boolean> {
  const rows = await db
    .update(staffRecoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(staffRecoveryCodes.staffId, staffId), eq(staffRecoveryCodes.codeHash, codeHash), isNull(staffRecoveryCodes.usedAt)))
    .returning({ id: staffRecoveryCodes.id });
  return rows.length === 1;
}

export async function unusedRecoveryCodes(staffId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(staffRecoveryCodes)
    .where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)));
  return row?.n ?? 0;
}

/**
 * A step-up: a new server-side session carries on from the old one (same start, so the 12-hour limit still counts
 * from the sign-in), freshly authenticated; the old one ends. The caller hands the browser a token for the new one.
 */
export async function rotateStaffSession(sessionId: string): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    const [old] = await tx
      .update(staffSessions)
      .set({ endedAt: sql`now()`, endReason: 'rotated' })
      .where(and(eq(staffSessions.id, sessionId), isNull(staffSessions.endedAt)))
      .returning({ staffId: staffSessions.staffId, createdAt: staffSessions.createdAt });
    if (!old) return undefined;
    const [row] = await tx
      .insert(staffSessions)
      .values({ staffId: old.staffId, createdAt: old.createdAt, lastSeenAt: sql`now()`, authenticatedAt: sql`now()` })
      .returning({ id: staffSessions.id });
    return row!.id;
  });
}
