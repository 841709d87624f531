import 'server-only';
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { violatesUnique } from '@/db/errors';
import { insertChangeRequest } from '@/db/queries/change-requests';
import { lockCustomerRow } from '@/db/queries/verification-locks';
import { customers } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import type { OverrideValue } from './changes';

/**
 * A supervisor's risk level override (风险等级调整) is a dual-control request: the supervisor who proposes it is the
 * maker, and it takes effect only when a different supervisor approves it (see decideChangeRequest).
 */
export async function requestRiskOverride(customerId: string, supervisorId: string, level: OverrideValue, reason: string): Promise<string> {
  return db.transaction(async (tx) => {
    await lockCustomerRow(tx, customerId);
    const [customer] = await tx.select({ override: customers.riskOverride }).from(customers).where(eq(customers.id, customerId));
    if (!customer) throw new DomainError('errors.notFound', 'failed');
    if ((customer.override ?? 'none') === level) throw new DomainError('errors.sameRiskLevel', 'failed', { level: ['errors.sameRiskLevel'] });
    return insertChangeRequest(tx, { customerId, oldValue: customer.override ?? 'none', newValue: level, makerId: supervisorId, reason }).catch((err) => {
      if (violatesUnique(err, 'change_requests_one_pending_idx')) throw new DomainError('errors.requestPending', 'failed');
      throw err;
    });
  });
}
