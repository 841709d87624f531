'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/role-action';
import { inspectionFormSchema, saveInspection } from '@/lib/qc/inspection';

/**
 * Saves an inspection: a draft (the inspector may come back to it; nobody else may), or submitted with the scorecard
 * that applies to the session (or its draft's version) — final, the score computed on the server.
 */
export const submitInspectionAction = roleAction('inspection.submit', inspectionFormSchema, async ({ intent, ...form }, user) => {
  const submit = intent !== 'draft';
  const r = await saveInspection(user.id, form, submit);
  revalidatePath('/qc');
  revalidatePath(`/qc/sessions/${form.sessionId}`);
  return {
    data: { id: r.id, score: r.score },
    entityType: 'inspection',
    entityId: r.id,
    details: { session: form.sessionId, intent: submit ? 'submit' : 'draft', score: r.score, criticalFailure: r.criticalFailure },
    message: !submit ? 'qc.draftSaved' : r.criticalFailure ? 'qc.submittedCritical' : 'qc.submitted',
    messageValues: { score: r.score ?? 0 },
  };
});
