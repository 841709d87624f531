import 'server-only';
import { notifyCustomer } from '@/lib/notify/notify';
import { liveFreeze } from './customer-freezes';
import { lockCustomerRow } from './verification-locks';
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db, type DbOrTx } from '@/db';
import { changeRequests, customers, serviceSessions, staff, verifications } from '@/db/schema';
import { decryptPii, encryptPii } from '@/lib/crypto/pii';
import { maskIdNumber } from '@/lib/customers/id-number';
import { maskFullMobile } from '@/lib/customers/mobile';
import { addSessionEvent } from './service-sessions';
import { setCustomerMobile } from './customers';

export type PendingRequest = { id: string; type: 'change_mobile'; createdAt: Date; makerName: string; customerName: string; customerIdMasked: string; channel: string };

export async function insertChangeRequest(
  tx: DbOrTx,
  v: { sessionId: string; customerId: string; oldValueSealed: string; newValue: string; verificationId: string; makerId: string },
): Promise<string> {
  const [row] = await tx
    .insert(changeRequests)
    .values({
      sessionId: v.sessionId,
      customerId: v.customerId,
      type: 'change_mobile',
      oldValueEnc: v.oldValueSealed,
      newValueEnc: encryptPii(v.newValue),
      verificationId: v.verificationId,
      makerId: v.makerId,
    })
    .returning({ id: changeRequests.id });
  return row!.id;
}

/** The approval queue: oldest first. A supervisor's own requests are not theirs to decide, so they are left out. */
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
    .innerJoin(serviceSessions, eq(serviceSessions.id, changeRequests.sessionId))
    .where(and(eq(changeRequests.status, 'pending'), sql`${changeRequests.makerId} <> ${checkerId}`))
    .orderBy(asc(changeRequests.createdAt))
    .limit(limit);
  return rows.map(({ idLast4, ...r }) => ({ ...r, customerIdMasked: maskIdNumber(idLast4) }));
}

export type RequestForReview = {
  id: string;
  status: 'pending' | 'approved' | 'rejected';
  createdAt: Date;
  makerId: string;
  makerName: string;
  customerId: string;
  customerName: string;
  customerIdMasked: string;
  oldValueMasked: string;
  newValueMasked: string;
  verificationResult: 'pass' | 'fail' | null;
  verifiedAt: Date | null;
  checkerName: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  sessionId: string;
  channel: string;
};

const checker = alias(staff, 'checker');

export async function getRequestForReview(id: string): Promise<RequestForReview | undefined> {
  const [row] = await db
    .select({
      id: changeRequests.id,
      status: changeRequests.status,
      createdAt: changeRequests.createdAt,
      makerId: changeRequests.makerId,
      makerName: staff.displayName,
      customerId: changeRequests.customerId,
      customerName: customers.name,
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
    .innerJoin(serviceSessions, eq(serviceSessions.id, changeRequests.sessionId))
    .leftJoin(verifications, eq(verifications.id, changeRequests.verificationId))
    .leftJoin(checker, eq(checker.id, changeRequests.checkerId))
    .where(eq(changeRequests.id, id))
    .limit(1);
  if (!row) return undefined;
  const { idLast4, oldValueEnc, newValueEnc, ...rest } = row;
  return {
    ...rest,
    customerIdMasked: maskIdNumber(idLast4),
    oldValueMasked: maskFullMobile(decryptPii(oldValueEnc)),
    newValueMasked: maskFullMobile(decryptPii(newValueEnc)),
  };
}

export type DecideOutcome = 'decided' | 'not_found' | 'already_decided' | 'own_request' | 'frozen';

/**
 * Records the one decision and, on approval, applies the change — in one transaction so an approval never exists
 * without its effect. The update only matches a pending request made by someone else (compare-and-set), and the
 * database's CHECK and trigger hold the same rules if this code is ever bypassed.
 */
export async function decideChangeRequest(id: string, checkerId: string, decision: 'approved' | 'rejected', reason: string | null): Promise<DecideOutcome> {
  return db.transaction(async (tx) => {
    // Every decision first takes the customer's row lock, the same lock a fraud freeze takes: decisions and freezes of
    // one customer run one after another (and always in the same lock order, so concurrent deciders cannot deadlock).
    const [target] = await tx.select({ customerId: changeRequests.customerId }).from(changeRequests).where(eq(changeRequests.id, id));
    if (target) await lockCustomerRow(tx, target.customerId);
    // A customer frozen for suspected fraud has no business approved until the freeze is released.
    if (decision === 'approved' && target && (await liveFreeze(tx, target.customerId))) return 'frozen';
    const [row] = await tx
      .update(changeRequests)
      .set({ status: decision, checkerId, decidedAt: sql`now()`, decisionReason: reason })
      .where(and(eq(changeRequests.id, id), eq(changeRequests.status, 'pending'), sql`${changeRequests.makerId} <> ${checkerId}`))
      .returning({ customerId: changeRequests.customerId, oldValueEnc: changeRequests.oldValueEnc, newValueEnc: changeRequests.newValueEnc, sessionId: changeRequests.sessionId });
    if (!row) {
      const [current] = await tx.select({ status: changeRequests.status, makerId: changeRequests.makerId }).from(changeRequests).where(eq(changeRequests.id, id));
      if (!current) return 'not_found';
      return current.makerId === checkerId ? 'own_request' : 'already_decided';
    }
    const newMobile = decryptPii(row.newValueEnc);
    if (decision === 'approved' && !(await setCustomerMobile(row.customerId, newMobile, tx))) {
      throw new Error('customer of an approved request is missing');
    }
    await addSessionEvent(tx, row.sessionId, checkerId, `request.${decision}`, { request: id });
    // The customer hears the outcome (业务确认与反馈) in the same transaction: on the new number, and on the old one as a
    // security notice; or that it was refused.
    const notice = { customerId: row.customerId, sessionId: row.sessionId };
    if (decision === 'approved') {
      await notifyCustomer(tx, { ...notice, template: 'mobileChanged', params: { last4: newMobile.slice(-4) }, channels: ['sms', 'email', 'in_app'], smsTo: [newMobile] });
      await notifyCustomer(tx, { ...notice, template: 'mobileChangedNotice', params: { last4: newMobile.slice(-4) }, channels: ['sms'], smsTo: [decryptPii(row.oldValueEnc)] });
    } else {
      // The supervisor's reason is an internal record (it may name fraud grounds): the customer is told the outcome only.
      await notifyCustomer(tx, { ...notice, template: 'mobileChangeRejected', params: {}, channels: ['sms', 'email', 'in_app'] });
    }
    return 'decided';
  });
}

export async function pendingRequestIdsOf(conn: DbOrTx, customerId: string): Promise<string[]> {
  const rows = await conn.select({ id: changeRequests.id }).from(changeRequests).where(and(eq(changeRequests.customerId, customerId), eq(changeRequests.status, 'pending')));
  return rows.map((r) => r.id);
}
