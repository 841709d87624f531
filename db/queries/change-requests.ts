import 'server-only';
import { notifyCustomer } from '@/lib/notify/notify';
import { lockCustomerRow } from './verification-locks';
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db, type DbOrTx, type Tx } from '@/db';
import { changeRequests, customers, serviceSessions, staff, verifications } from '@/db/schema';
import { decryptPii, encryptPii } from '@/lib/crypto/pii';
import { REQUEST_FIELD, displayValue, historyText, type DisplayValue, type RequestType } from '@/lib/customers/changes';
import { maskIdNumber } from '@/lib/customers/id-number';
import type { RiskLevel } from '@/lib/customers/risk';
import { recordCustomerChange } from './customers';
import { assessCustomer } from './risk';

export type PendingRequest = { id: string; type: RequestType; createdAt: Date; makerName: string; customerName: string; customerIdMasked: string; channel: string | null };

/**
 * A new pending risk override (the only request made today: a customer's information changes are cases). The old and
 * the new level are sealed like every request value; the database holds one pending request per customer and type,
 * and maker != checker at decision.
 */
export async function insertChangeRequest(tx: DbOrTx, v: { customerId: string; oldValue: string; newValue: string; makerId: string; reason: string }): Promise<string> {
  const [row] = await tx
    .insert(changeRequests)
    .values({ sessionId: null, customerId: v.customerId, type: 'risk_override', oldValueEnc: encryptPii(v.oldValue), newValueEnc: encryptPii(v.newValue), verificationId: null, makerId: v.makerId, reason: v.reason })
    .returning({ id: changeRequests.id });
  return row!.id;
}

/**
 * The requests awaiting a decision, oldest first: risk overrides, and any customer change asked for before changes
 * became cases (it can only be rejected now). A supervisor's own are not theirs to decide, so they are left out.
 */
export async function listPendingRequests(checkerId: string, limit = 100): Promise<PendingRequest[]> {
  const rows = await db
    .select({
      id: changeRequests.id,
      type: changeRequests.type,
      createdAt: changeRequests.createdAt,
      makerName: staff.displayName,
      customerName: customers.name,
      idLast4: customers.idNumberLast4,
      channel: serviceSessions.channel,
    })
    .from(changeRequests)
    .innerJoin(staff, eq(staff.id, changeRequests.makerId))
    .innerJoin(customers, eq(customers.id, changeRequests.customerId))
    .leftJoin(serviceSessions, eq(serviceSessions.id, changeRequests.sessionId))
    .where(and(eq(changeRequests.status, 'pending'), sql`${changeRequests.makerId} <> ${checkerId}`))
    .orderBy(asc(changeRequests.createdAt))
    .limit(limit);
  return rows.map(({ idLast4, ...r }) => ({ ...r, customerIdMasked: maskIdNumber(idLast4) }));
}

export type RequestForReview = {
  id: string;
  type: RequestType;
  reason: string | null;
  status: 'pending' | 'approved' | 'rejected';
  createdAt: Date;
  makerId: string;
  makerName: string;
  customerId: string;
  customerName: string;
  customerIdMasked: string;
  customerRisk: RiskLevel;
  oldValue: DisplayValue;
  newValue: DisplayValue;
  verificationResult: 'pass' | 'fail' | null;
  verifiedAt: Date | null;
  checkerName: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  sessionId: string | null;
  channel: string | null;
};

const checker = alias(staff, 'checker');

export async function getRequestForReview(id: string): Promise<RequestForReview | undefined> {
  const [row] = await db
    .select({
      id: changeRequests.id,
      type: changeRequests.type,
      reason: changeRequests.reason,
      status: changeRequests.status,
      createdAt: changeRequests.createdAt,
      makerId: changeRequests.makerId,
      makerName: staff.displayName,
      customerId: changeRequests.customerId,
      customerName: customers.name,
      customerRisk: customers.riskLevel,
      idLast4: customers.idNumberLast4,
      oldValueEnc: changeRequests.oldValueEnc,
      newValueEnc: changeRequests.newValueEnc,
      verificationResult: verifications.result,
      verifiedAt: verifications.createdAt,
      checkerName: checker.displayName,
      decidedAt: changeRequests.decidedAt,
      decisionReason: changeRequests.decisionReason,
      sessionId: changeRequests.sessionId,
      channel: serviceSessions.channel,
    })
    .from(changeRequests)
    .innerJoin(staff, eq(staff.id, changeRequests.makerId))
    .innerJoin(customers, eq(customers.id, changeRequests.customerId))
    .leftJoin(serviceSessions, eq(serviceSessions.id, changeRequests.sessionId))
    .leftJoin(verifications, eq(verifications.id, changeRequests.verificationId))
    .leftJoin(checker, eq(checker.id, changeRequests.checkerId))
    .where(eq(changeRequests.id, id))
    .limit(1);
  if (!row) return undefined;
  const { idLast4, oldValueEnc, newValueEnc, ...rest } = row;
  return {
    ...rest,
    customerIdMasked: maskIdNumber(idLast4),
    oldValue: displayValue(rest.type, decryptPii(oldValueEnc)),
    newValue: displayValue(rest.type, decryptPii(newValueEnc)),
  };
}

export type DecideOutcome = 'decided' | 'not_found' | 'already_decided' | 'own_request' | 'legacy';

/**
 * Records the one decision on a request and, on approval, applies it — in one transaction so an approval never exists
 * without its effect and its history entry. The update only matches a pending request made by someone else
 * (compare-and-set), and the database's CHECK and trigger hold the same rules if this code is bypassed. A customer's
 * information change asked for before changes became cases is history: it can be rejected (the customer is told),
 * not approved — it is asked for again as a case.
 */
export async function decideChangeRequest(id: string, checkerId: string, decision: 'approved' | 'rejected', reason: string | null): Promise<DecideOutcome> {
  return db.transaction(async (tx) => {
    // The customer's row lock first, the lock freezes and case decisions take: one customer's decisions run in turn.
    const [target] = await tx.select({ customerId: changeRequests.customerId, type: changeRequests.type }).from(changeRequests).where(eq(changeRequests.id, id));
    if (!target) return 'not_found';
    await lockCustomerRow(tx, target.customerId);
    if (decision === 'approved' && target.type !== 'risk_override') return 'legacy';
    const [row] = await tx
      .update(changeRequests)
      .set({ status: decision, checkerId, decidedAt: sql`now()`, decisionReason: reason })
      .where(and(eq(changeRequests.id, id), eq(changeRequests.status, 'pending'), sql`${changeRequests.makerId} <> ${checkerId}`))
      .returning({ customerId: changeRequests.customerId, type: changeRequests.type, sessionId: changeRequests.sessionId, oldValueEnc: changeRequests.oldValueEnc, newValueEnc: changeRequests.newValueEnc, makerId: changeRequests.makerId });
    if (!row) {
      const [current] = await tx.select({ makerId: changeRequests.makerId }).from(changeRequests).where(eq(changeRequests.id, id));
      return current!.makerId === checkerId ? 'own_request' : 'already_decided';
    }
    if (row.type !== 'risk_override') {
      // The supervisor's reason is an internal record: the customer is told the outcome only.
      await notifyCustomer(tx, { customerId: row.customerId, sessionId: row.sessionId, template: row.type === 'change_mobile' ? 'mobileChangeRejected' : 'changeRejected', params: {}, channels: ['sms', 'email', 'in_app'] });
    } else if (decision === 'approved') await applyOverride(tx, { ...row, id }, checkerId);
    return 'decided';
  });
}

/** An approved override: the level set (or lifted), the customer assessed again under it, the history written. */
async function applyOverride(tx: Tx, row: { id: string; customerId: string; oldValueEnc: string; newValueEnc: string; makerId: string }, checkerId: string): Promise<void> {
  const newValue = decryptPii(row.newValueEnc);
  await tx.update(customers).set({ riskOverride: newValue === 'none' ? null : (newValue as RiskLevel) }).where(eq(customers.id, row.customerId));
  await assessCustomer(tx, row.customerId, 'override', checkerId, { requestId: row.id });
  await recordCustomerChange(tx, {
    customerId: row.customerId,
    field: REQUEST_FIELD.risk_override,
    oldMasked: historyText('risk_override', decryptPii(row.oldValueEnc)),
    newMasked: historyText('risk_override', newValue),
    requestId: row.id,
    sessionId: null,
    changedBy: row.makerId,
    approvedBy: checkerId,
  });
}
