'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/role-action';
import { closeMonthSchema, recalculateSchema, weightsChangeSchema } from '@/lib/appraisal/schemas';
import { closeMonth, recalculate } from '@/lib/appraisal/service';
import { proposeChange } from '@/lib/config-changes/service';

/** A supervisor closes a finished month the monthly job has not closed (the job's own function; idempotent). */
export const closeMonthAction = roleAction('appraisal.close', closeMonthSchema, async ({ month }) => {
  const r = await closeMonth(month);
  revalidatePath('/appraisal', 'layout');
  return {
    data: r,
    entityType: 'appraisal_month',
    details: { month, closed: r.closed, weightsVersion: r.weightsVersion },
    message: r.closed > 0 ? 'appraisal.closed' : 'appraisal.alreadyClosed',
    messageValues: { month, count: r.closed },
    tone: r.closed > 0 ? 'success' : 'warning',
  };
});

/** A supervisor recalculates a teller of their team for a closed month, with a reason: a new version. */
export const recalculateAction = roleAction('appraisal.recalculate', recalculateSchema, async ({ staffId, month, reason }, user) => {
  const r = await recalculate(staffId, month, user.id, reason);
  revalidatePath('/appraisal', 'layout');
  return {
    data: r,
    entityType: 'staff',
    entityId: staffId,
    details: { month, version: r.version, total: r.total, weightsVersion: r.weightsVersion, reason },
    message: 'appraisal.recalculated',
    messageValues: { version: r.version, total: r.total.toFixed(2) },
  };
});

/**
 * A supervisor proposes new appraisal weights (together 100): they take effect (as the next version, used from the
 * next computation) only when another supervisor approves them (config.decide).
 */
export const changeWeightsAction = roleAction('appraisal.weights', weightsChangeSchema, async ({ note, ...weights }, user) => {
  const change = await proposeChange('appraisal_weights', '', { weights }, note, user);
  revalidatePath('/appraisal');
  return {
    data: { changeId: change.id },
    entityType: 'config_change',
    entityId: change.id,
    details: { kind: 'appraisal_weights', baseVersion: change.base, weights, note },
    message: 'config.proposed.appraisal_weights',
  };
});
