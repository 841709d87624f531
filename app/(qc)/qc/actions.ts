'use server';

import { revalidatePath } from 'next/cache';
import { getSessionSummary } from '@/db/queries/service-sessions';
import { hasPendingCase, insertInspection, tookPartInSession } from '@/db/queries/inspections';
import { roleAction } from '@/lib/actions/role-action';
import { DomainError } from '@/lib/actions/result';
import { inspectionSchema } from '@/lib/qc/schemas';
import { computeScore, SCORECARD } from '@/lib/qc/scorecard';

export const submitInspectionAction = roleAction('inspection.submit', inspectionSchema, async ({ sessionId, comment, ...ratings }, user) => {
  const session = await getSessionSummary(sessionId);
  if (!session) throw new DomainError('errors.notFound', 'failed');
  if (session.status !== 'ended') throw new DomainError('errors.sessionNotEnded', 'failed');
  if (await tookPartInSession(sessionId, user.id)) throw new DomainError('errors.ownSession', 'denied');
  if (await hasPendingCase(sessionId)) throw new DomainError('errors.pendingDecision', 'failed');
  const score = computeScore(ratings);
  const id = await insertInspection({ sessionId, inspectorId: user.id, scorecard: SCORECARD.id, ratings, score, comment });
  if (!id) throw new DomainError('errors.alreadyInspected', 'failed');
  revalidatePath('/qc');
  return { data: { id, score }, entityType: 'inspection', entityId: id, details: { session: sessionId, score }, message: 'qc.submitted' };
});
