'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/role-action';
import { configDecisionSchema, type ConfigKind } from '@/lib/config-changes/kinds';
import { decideChange } from '@/lib/config-changes/service';

// The screen each kind of change is shown and decided on.
const SCREEN: Record<ConfigKind, string> = {
  complaint_policy: '/complaints/policy',
  calendar: '/admin/calendar',
  appraisal_weights: '/appraisal',
  qc_plan: '/qc/plans',
};

/**
 * A second person decides a proposed configuration change: approval makes it take effect at once, a rejection says
 * why. Which roles may decide which kind, and never the proposer, is checked in lib/config-changes.
 */
export const decideConfigChangeAction = roleAction('config.decide', configDecisionSchema, async ({ changeId, decision, note }, user) => {
  const r = await decideChange(changeId, decision, note, user);
  revalidatePath(SCREEN[r.kind]);
  return {
    data: { status: r.status },
    entityType: 'config_change',
    entityId: changeId,
    details: { kind: r.kind, target: r.target, decision, note: note || null, applied: r.applied ?? null },
    message: r.status === 'approved' ? 'config.approved' : 'config.rejected',
  };
});
