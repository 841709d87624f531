import 'server-only';
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db';
import { otpChallenges } from '@/db/schema';
import type { Step } from '@/lib/sessions/ladder';
import { lockCustomerRow } from './verification-locks';

export async function otpSendTimes(conn: DbOrTx, sessionId: string): Promise<Date[]> {
  const rows = await conn
    .select({ createdAt: otpChallenges.createdAt })
    .from(otpChallenges)
    .where(and(eq(otpChallenges.sessionId, sessionId), sql`${otpChallenges.createdAt} > now() - interval '10 minutes'`));
  return rows.map((r) => r.createdAt);
}

export async function otpSendTimesForCustomer(conn: DbOrTx, customerId: string): Promise<Date[]> {
  // Locks the customer row first, so two sessions sending at once are counted one after the other.
  await lockCustomerRow(conn, customerId);
  const rows = await conn
    .select({ createdAt: otpChallenges.createdAt })
    .from(otpChallenges)
    .where(and(eq(otpChallenges.customerId, customerId), sql`${otpChallenges.createdAt} > now() - interval '10 minutes'`));
  return rows.map((r) => r.createdAt);
}

/** A new code invalidates the old one. */
export async function supersedeLiveOtp(conn: DbOrTx, sessionId: string): Promise<void> {
  await conn
    .update(otpChallenges)
    .set({ supersededAt: sql`now()` })
    .where(and(eq(otpChallenges.sessionId, sessionId), isNull(otpChallenges.consumedAt), isNull(otpChallenges.supersededAt)));
}

export async function insertOtp(conn: DbOrTx, v: { id: string; sessionId: string; customerId: string; codeHash: string; ttlMs: number }): Promise<void> {
  await conn.insert(otpChallenges).values({
    id: v.id,
    sessionId: v.sessionId,
    customerId: v.customerId,
    codeHash: v.codeHash,
    expiresAt: sql`now() + make_interval(secs => ${v.ttlMs / 1000})`,
  });
}

export type LiveOtp = { id: string; codeHash: string; attempts: number; expired: boolean };

/** The session's live code, locked for this attempt; undefined when there is none. */
export async function lockLiveOtp(conn: DbOrTx, sessionId: string): Promise<LiveOtp | undefined> {
  const [row] = await conn
    .select({ id: otpChallenges.id, codeHash: otpChallenges.codeHash, attempts: otpChallenges.attempts, expired: sql<boolean>`${otpChallenges.expiresAt} <= now()` })
    .from(otpChallenges)
    .where(and(eq(otpChallenges.sessionId, sessionId), isNull(otpChallenges.consumedAt), isNull(otpChallenges.supersededAt)))
    .for('update');
  return row;
}

export async function lastOtpWasUsed(conn: DbOrTx, sessionId: string): Promise<boolean> {
  const [row] = await conn
    .select({ consumedAt: otpChallenges.consumedAt })
    .from(otpChallenges)
    .where(eq(otpChallenges.sessionId, sessionId))
    .orderBy(desc(otpChallenges.createdAt))
    .limit(1);
  return !!row?.consumedAt;
}

/** A wrong code counts; the third wrong code retires the challenge. */
export async function recordOtpMiss(conn: DbOrTx, id: string, maxAttempts: number): Promise<number> {
  const [row] = await conn
    .update(otpChallenges)
    .set({
      attempts: sql`${otpChallenges.attempts} + 1`,
      supersededAt: sql`CASE WHEN ${otpChallenges.attempts} + 1 >= ${maxAttempts} THEN now() ELSE NULL END`,
    })
    .where(eq(otpChallenges.id, id))
    .returning({ attempts: otpChallenges.attempts });
  return row!.attempts;
}

export async function consumeOtp(conn: DbOrTx, id: string): Promise<void> {
  await conn.update(otpChallenges).set({ consumedAt: sql`now()` }).where(eq(otpChallenges.id, id));
}

/** A moment as PostgreSQL reads it: a timestamp's own text keeps its microseconds, which a Date would round away. */
const moment = (at: Date | string) => (typeof at === 'string' ? at : at.toISOString());

export type StepRow = { id: string; kind: string; result: 'pass' | 'fail'; atMs: number };
export type LatestSteps = { results: Partial<Record<Step, 'pass' | 'fail'>>; passedAt: Partial<Record<Step, number>>; lastPassId: string | undefined };

/**
 * The latest result of each verification step for this customer in this session, since its last identity change, as a
 * json array of StepRow (SQL, for the loaders that read it within a larger statement; latestStepResults is it alone).
 * `asOf`: as they stood when something happened (a case's submission, for its checker): nothing later counts, and only
 * the changes made before it used anything up. atMs is the time in whole milliseconds, as a Date would read it.
 */
export function latestStepsJson(sessionId: SQL, customerId: SQL, asOf?: SQL): SQL {
  return sql`(SELECT coalesce(json_agg(json_build_object('id', x.id, 'kind', x.kind, 'result', x.result, 'atMs', x.at_ms) ORDER BY x.kind), '[]'::json) FROM (
    SELECT DISTINCT ON (v.kind) v.id, v.kind, v.result, floor(extract(epoch FROM v.created_at) * 1000)::float8 AS at_ms
    FROM verifications v
    WHERE v.session_id = ${sessionId} AND v.customer_id = ${customerId}
      -- Each identity change uses up the verification behind it: a further one in the session needs the ladder again.
      AND v.created_at > coalesce((SELECT max(c.created_at) FROM cases c WHERE c.session_id = ${sessionId} AND c.type IN ('change_mobile', 'change_name', 'change_document', 'change_birth_date')${asOf ? sql` AND c.created_at < ${asOf}` : sql``}), '-infinity')
      ${asOf ? sql`AND v.created_at <= ${asOf}` : sql``}
    ORDER BY v.kind, v.created_at DESC) x)`;
}

/** Reads latestStepsJson's rows: each step's latest result, when each passed, and the latest pass. */
export function readLatestSteps(rows: StepRow[]): LatestSteps {
  const results: Partial<Record<Step, 'pass' | 'fail'>> = {};
  const passedAt: Partial<Record<Step, number>> = {};
  for (const r of rows) {
    // A verification is a ladder step (the database refuses 'document', which only names a document exception).
    const step = r.kind as Step;
    results[step] = r.result;
    if (r.result === 'pass') passedAt[step] = r.atMs;
  }
  const passes = rows.filter((r) => r.result === 'pass').sort((a, b) => b.atMs - a.atMs);
  return { results, passedAt, lastPassId: passes[0]?.id };
}

/** The latest result of each verification step for this customer in this session, since its last identity change. */
export async function latestStepResults(
  sessionId: string,
  customerId: string,
  conn: DbOrTx = db,
  // As they stood when something happened (a case's submission, for its checker): nothing later counts, and only the
  // changes made before it used anything up.
  asOf?: Date | string,
): Promise<LatestSteps> {
  const [row] = await conn.execute<{ steps: StepRow[] }>(
    sql`SELECT ${latestStepsJson(sql`${sessionId}::uuid`, sql`${customerId}::uuid`, asOf ? sql`${moment(asOf)}::timestamptz` : undefined)} AS steps`,
  );
  return readLatestSteps(row?.steps ?? []);
}
