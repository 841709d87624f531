import 'server-only';
import { desc, eq, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db';
import { complaintPolicies, complaints, staff } from '@/db/schema';
import { activeStaffOfRole, notifyStaff } from '@/lib/notifications/staff';
import { appendEvent, complaintLink as link } from './common';
import { deadlinePolicySchema, type DeadlinePolicy } from './deadlines';

/**
 * The complaint deadline policy as stored: the version in force, setting the next one, the versions' history; and the
 * job escalating breached deadlines. The deadlines' computation itself is pure, in deadlines.ts; the policy's form in
 * policy.ts.
 */

/** The policy in force (the latest version). */
export async function currentPolicy(conn: Tx | typeof db = db) {
  const [row] = await conn.select().from(complaintPolicies).orderBy(desc(complaintPolicies.version)).limit(1);
  return { version: row!.version, policy: deadlinePolicySchema.parse(row!.policy) };
}

/**
 * Sets a new deadline policy: the next version, for complaints recorded from now on. Only through an approved
 * configuration change (lib/config-changes), in its transaction; `by` is the supervisor who approved it.
 */
export async function setDeadlinePolicy(tx: Tx, policy: DeadlinePolicy, note: string, by: string): Promise<number> {
  await tx.execute(sql`LOCK TABLE complaint_policies IN SHARE ROW EXCLUSIVE MODE`);
  const { version } = await currentPolicy(tx);
  await tx.insert(complaintPolicies).values({ version: version + 1, policy, note, createdBy: by });
  return version + 1;
}

/** The policy versions, newest first, with who set each. */
export async function listPolicies(limit = 10) {
  return db
    .select({ version: complaintPolicies.version, policy: complaintPolicies.policy, note: complaintPolicies.note, createdAt: complaintPolicies.createdAt, by: staff.displayName })
    .from(complaintPolicies)
    .leftJoin(staff, eq(staff.id, complaintPolicies.createdBy))
    .orderBy(desc(complaintPolicies.version))
    .limit(limit);
}

/**
 * The escalation job: a complaint not acknowledged by its acknowledge-by time, or not resolved by its resolve-by time,
 * is escalated once per deadline — an event on its record and a notice to every supervisor. Returns how many.
 */
export async function escalateBreaches(now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const at = now.toISOString();
    const unacknowledged = await tx.execute<{ id: string; ref: string }>(sql`
      SELECT id, ref FROM complaints WHERE acknowledged_at IS NULL AND acknowledge_escalated_at IS NULL AND acknowledge_by < ${at}::timestamptz
      ORDER BY acknowledge_by FOR UPDATE SKIP LOCKED`);
    const unresolved = await tx.execute<{ id: string; ref: string }>(sql`
      SELECT id, ref FROM complaints WHERE state IN ('accepted', 'investigating') AND resolve_escalated_at IS NULL AND resolve_by < ${at}::timestamptz
      ORDER BY resolve_by FOR UPDATE SKIP LOCKED`);
    const due = [...unacknowledged.map((c) => ({ ...c, deadline: 'acknowledge' as const })), ...unresolved.map((c) => ({ ...c, deadline: 'resolve' as const }))];
    if (due.length === 0) return 0;
    const supervisors = await activeStaffOfRole(tx, 'supervisor');
    for (const c of due) {
      await tx
        .update(complaints)
        .set(c.deadline === 'acknowledge' ? { acknowledgeEscalatedAt: now } : { resolveEscalatedAt: now })
        .where(eq(complaints.id, c.id));
      await appendEvent(tx, { complaintId: c.id, kind: 'escalated', actorId: null, data: { deadline: c.deadline } });
      await notifyStaff(tx, supervisors, { kind: c.deadline === 'acknowledge' ? 'complaintAckBreached' : 'complaintResolveBreached', params: { ref: c.ref }, link: link(c.id) });
    }
    return due.length;
  });
}
