'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/actions/role-action';
import { transferSchema } from '@/lib/cases/schemas';
import { submitTransfer } from '@/lib/cases/service';

/** A transfer from the customer's account: one case per idempotency key, submitted for approval as the policy says. */
export const transferAction = roleAction('case.transfer', transferSchema, async ({ sessionId, amount, ...input }, user) => {
  const r = await submitTransfer(sessionId, user.id, { ...input, amountFen: amount });
  revalidatePath(`/teller/sessions/${sessionId}`);
  revalidatePath('/supervisor');
  return {
    data: { id: r.id, state: r.state },
    entityType: 'case',
    entityId: r.id,
    details: { session: sessionId, amount, level: r.level, existing: r.existing },
    message: r.state === 'completed' ? 'cases.executed' : r.existing ? 'cases.alreadySubmitted' : 'cases.submitted',
    messageValues: { level: r.level },
  };
});
