'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/role-action';
import { disputeResolutionSchema, rectificationVerifySchema } from '@/lib/qc/feedback-schemas';
import { resolveDispute, verifyRectification } from '@/lib/qc/feedback';

/** A QC member other than the inspector, or a supervisor, resolves a dispute; the score is computed again. */
export const resolveDisputeAction = roleAction('dispute.resolve', disputeResolutionSchema, async ({ disputeId, resolution, note, values }, user) => {
  const r = await resolveDispute(disputeId, user.id, resolution, note, values);
  revalidatePath('/quality');
  revalidatePath('/teller/quality');
  return {
    data: r,
    entityType: 'inspection_dispute',
    entityId: disputeId,
    details: { resolution, inspection: r.inspectionId, scoreBefore: r.scoreBefore, scoreAfter: r.scoreAfter },
    message: 'quality.resolved',
    messageValues: { before: r.scoreBefore, after: r.scoreAfter },
  };
});

/** A QC member verifies an answered rectification, or reopens it with a note. */
export const verifyRectificationAction = roleAction('rectification.verify', rectificationVerifySchema, async ({ rectificationId, outcome, note }, user) => {
  await verifyRectification(rectificationId, user.id, outcome, note);
  revalidatePath('/quality');
  revalidatePath('/teller/quality');
  return { data: undefined, entityType: 'rectification', entityId: rectificationId, details: { outcome }, message: outcome === 'verified' ? 'quality.verified' : outcome === 'reopened' ? 'quality.reopened' : 'quality.reinspecting' };
});
