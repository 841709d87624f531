'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/role-action';
import { acknowledgeSchema, disputeSchema, rectificationResponseSchema } from '@/lib/qc/feedback-schemas';
import { acknowledgeInspection, fileDispute, respondRectification } from '@/lib/qc/feedback';

/** The teller acknowledges an inspection of their session (they have read its score and comments). */
export const acknowledgeInspectionAction = roleAction('inspection.acknowledge', acknowledgeSchema, async ({ inspectionId }, user) => {
  await acknowledgeInspection(inspectionId, user.id);
  revalidatePath('/teller/quality');
  return { data: undefined, entityType: 'inspection', entityId: inspectionId, message: 'quality.acknowledged' };
});

/** The teller disputes items of an inspection, with an explanation, within its window. */
export const disputeInspectionAction = roleAction('inspection.dispute', disputeSchema, async ({ inspectionId, items, explanation }, user) => {
  const id = await fileDispute(inspectionId, user.id, items, explanation);
  revalidatePath('/teller/quality');
  revalidatePath('/quality');
  return { data: { id }, entityType: 'inspection_dispute', entityId: id, details: { inspection: inspectionId, items }, message: 'quality.disputed' };
});

/** The teller answers a rectification task. */
export const respondRectificationAction = roleAction('rectification.respond', rectificationResponseSchema, async ({ rectificationId, response }, user) => {
  await respondRectification(rectificationId, user.id, response);
  revalidatePath('/teller/quality');
  revalidatePath('/quality');
  return { data: undefined, entityType: 'rectification', entityId: rectificationId, message: 'quality.responded' };
});
