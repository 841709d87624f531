import 'server-only';
import { notifyStaff } from '@/lib/notifications/staff';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Tx } from '@/db';
import { violatesUnique } from '@/db/errors';
import { configChanges, staff } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import type { Role } from '@/lib/auth/roles';
import { changeWeights, currentWeights } from '@/lib/appraisal/service';
import { weightsSchema, type Weights } from '@/lib/appraisal/score';
import { calendarDay, removeCalendarDay, setCalendarDay } from '@/lib/calendar/store';
import { calendarEntrySchema } from '@/lib/calendar/working-days';
import { deadlinePolicySchema, type DeadlinePolicy } from '@/lib/complaints/deadlines';
import { currentPolicy, setDeadlinePolicy } from '@/lib/complaints/deadline-policy';
import { planRiskSchema, planStamp, updatePlan, type PlanSettings } from '@/lib/qc/plans';
import { mayConfigure, type ConfigKind, CONFIG_PAGES, CONFIG_ROLES } from './kinds';

/**
 * Configuration changes under four-eyes (配置变更双人复核). A change is proposed with why; it takes effect only when
 * someone else of a role that may make it approves it — then, in the same transaction, through the kind's own apply
 * function. Each change keeps what it was written on (the policy or weights version, the day as it was, the plan's
 * last change): approving one that something else has overtaken is refused, and it can only be rejected.
 */

type Actor = { id: string; role: Role };
type Json = string | number | null | { [key: string]: Json };

/** The new value each kind carries (checked by its form before it is proposed). */
export type ConfigValue = {
  complaint_policy: { policy: DeadlinePolicy };
  calendar: { day: string; kind: 'holiday' | 'workday'; name: string } | { day: string; remove: true };
  appraisal_weights: { weights: Weights };
  qc_plan: PlanSettings;
};

type Spec<K extends ConfigKind> = {
  /** The stored value read back (the database holds what this module wrote; checked again before it applies). */
  value: z.ZodType<ConfigValue[K]>;
  /** What the change is written on now: it must not have moved between the proposal and the approval. */
  base: (tx: Tx, target: string) => Promise<Json>;
  /** Makes it take effect, recording the approver; what it made, for the audit trail. */
  apply: (tx: Tx, target: string, value: ConfigValue[K], note: string, by: string) => Promise<Record<string, Json>>;
};

const calendarValue = z.union([z.object({ day: z.string(), remove: z.literal(true) }), z.object({ day: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string() })]);

const SPECS: { [K in ConfigKind]: Spec<K> } = {
  complaint_policy: {
    value: z.object({ policy: deadlinePolicySchema as z.ZodType<DeadlinePolicy> }),
    base: async (tx) => (await currentPolicy(tx)).version,
    apply: async (tx, _target, { policy }, note, by) => ({ version: await setDeadlinePolicy(tx, policy, note, by) }),
  },
  calendar: {
    value: calendarValue,
    base: async (tx, day) => (await calendarDay(day, tx)) ?? null,
    apply: async (tx, day, v, _note, by): Promise<Record<string, Json>> => {
      if ('remove' in v) {
        const was = await removeCalendarDay(tx, day);
        return { day, removed: was ? `${was.kind}:${was.name}` : null };
      }
      // Checked again as a calendar entry: a holiday only on a weekday, a make-up day only at a weekend.
      await setCalendarDay(tx, calendarEntrySchema.parse({ date: day, kind: v.kind, name: v.name }), by);
      return { day, kind: v.kind, name: v.name };
    },
  },
  appraisal_weights: {
    value: z.object({ weights: weightsSchema }),
    base: async (tx) => (await currentWeights(tx)).version,
    apply: async (tx, _target, { weights }, note, by) => ({ version: await changeWeights(tx, weights, note, by) }),
  },
  qc_plan: {
    value: z.object({
      rateKind: z.enum(['percent', 'count']),
      rateValue: z.number().int(),
      newTellerWeeks: z.number().int(),
      newTellerRate: z.number().int(),
      risk: planRiskSchema,
      active: z.boolean(),
    }),
    base: async (tx, planId) => {
      const stamp = await planStamp(planId, tx);
      if (stamp === undefined) throw new DomainError('errors.notFound', 'failed');
      return stamp;
    },
    apply: async (tx, planId, v, _note, by) => {
      await updatePlan(tx, planId, by, v);
      return { plan: planId };
    },
  },
};

const sameBase = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Proposes a change: nothing changes yet. Refused when one already waits for the same kind and target (the first
 * must be decided before another is written on top of it), and a day's removal when the day is not set.
 */
export async function proposeChange<K extends ConfigKind>(kind: K, target: string, value: ConfigValue[K], note: string, by: Actor): Promise<{ id: string; base: Json }> {
  if (!mayConfigure(kind, by.role)) throw new DomainError('errors.config.wrongRole', 'denied');
  const spec = SPECS[kind] as Spec<K>;
  return db.transaction(async (tx) => {
    const base = await spec.base(tx, target);
    if (kind === 'calendar' && 'remove' in value && base === null) throw new DomainError('errors.calendar.notSet', 'failed');
    try {
      const [row] = await tx.insert(configChanges).values({ kind, target, payload: { ...value, base }, note, proposedBy: by.id }).returning({ id: configChanges.id });
      // Everyone who may decide it (never the proposer) is told it waits for them.
      const deciders = await tx.execute<{ id: string }>(sql`
        SELECT id FROM staff WHERE active AND id <> ${by.id} AND role::text IN (${sql.join(CONFIG_ROLES[kind].map((r) => sql`${r}`), sql`, `)})`);
      await notifyStaff(tx, deciders.map((d) => d.id), { kind: 'configChangeProposed', params: { change: kind }, link: CONFIG_PAGES[kind] });
      return { id: row!.id, base };
    } catch (err) {
      if (violatesUnique(err, 'config_changes_one_pending_idx')) throw new DomainError('errors.config.pendingExists', 'failed');
      throw err;
    }
  });
}

export type Decided = { kind: ConfigKind; target: string; status: 'approved' | 'rejected'; applied?: Record<string, Json> };

/**
 * Someone other than the proposer, of a role that may make this kind of change, approves it (it takes effect now,
 * with them recorded as its approver) or rejects it with the reason. A change overtaken since it was proposed cannot
 * be approved.
 */
export async function decideChange(changeId: string, decision: 'approve' | 'reject', note: string, by: Actor): Promise<Decided> {
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(configChanges).where(eq(configChanges.id, changeId)).for('update');
    if (!c) throw new DomainError('errors.notFound', 'failed');
    const kind = c.kind as ConfigKind;
    if (!mayConfigure(kind, by.role)) throw new DomainError('errors.config.wrongRole', 'denied');
    if (c.status !== 'pending') throw new DomainError('errors.alreadyDecided', 'failed');
    if (c.proposedBy === by.id) throw new DomainError('errors.config.ownChange', 'denied');
    const reason = note.trim();
    if (decision === 'reject' && !reason) throw new DomainError('errors.config.rejectionNote', 'failed', { note: ['errors.config.rejectionNote'] });
    const status = decision === 'approve' ? 'approved' : 'rejected';
    await tx
      .update(configChanges)
      .set({ status, decidedBy: by.id, decidedAt: sql`now()`, decisionNote: reason || null })
      .where(and(eq(configChanges.id, changeId), eq(configChanges.status, 'pending')));
    if (status === 'rejected') return { kind, target: c.target, status };
    const spec = SPECS[kind] as Spec<typeof kind>;
    const { base, ...stored } = c.payload as { base?: Json };
    if (!sameBase(await spec.base(tx, c.target), base)) throw new DomainError('errors.config.stale', 'failed');
    const applied = await spec.apply(tx, c.target, spec.value.parse(stored) as never, c.note, by.id);
    return { kind, target: c.target, status, applied };
  });
}

export type PendingChange = { id: string; kind: ConfigKind; target: string; payload: Record<string, unknown>; note: string; proposedBy: string; proposerName: string; proposedAt: Date };

/** The changes of a kind (of one target, if named) awaiting their second person, oldest first. */
export async function listPendingChanges(kind: ConfigKind, target?: string): Promise<PendingChange[]> {
  const rows = await db
    .select({
      id: configChanges.id,
      target: configChanges.target,
      payload: configChanges.payload,
      note: configChanges.note,
      proposedBy: configChanges.proposedBy,
      proposerName: staff.displayName,
      proposedAt: configChanges.proposedAt,
    })
    .from(configChanges)
    .innerJoin(staff, eq(staff.id, configChanges.proposedBy))
    .where(and(eq(configChanges.kind, kind), eq(configChanges.status, 'pending'), target === undefined ? undefined : eq(configChanges.target, target)))
    .orderBy(asc(configChanges.proposedAt))
    .limit(50);
  return rows.map((r) => ({ ...r, kind, payload: r.payload as Record<string, unknown> }));
}
