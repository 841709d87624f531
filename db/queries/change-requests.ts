import 'server-only';
import { notifyCustomer } from '@/lib/notify/notify';
import { liveFreeze } from './customer-freezes';
import { lockCustomerRow } from './verification-locks';
import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db, type DbOrTx, type Tx } from '@/db';
import { violatesUnique } from '@/db/errors';
import { changeRequests, customers, serviceSessions, staff, verifications } from '@/db/schema';
import { decryptPii, encryptPii } from '@/lib/crypto/pii';
import { REQUEST_FIELD, displayValue, documentValueSchema, historyText, type DisplayValue, type DocumentValue, type RequestType } from '@/lib/customers/changes';
import { maskIdNumber } from '@/lib/customers/id-number';
import type { RiskLevel } from '@/lib/customers/risk';
import { addSessionEvent } from './service-sessions';
import { recordCustomerChange, setCustomerDocument, setCustomerMobile } from './customers';
import { assessCustomer } from './risk';

export type PendingRequest = { id: string; type: RequestType; createdAt: Date; makerName: string; customerName: string; customerIdMasked: string; channel: string | null };

/**
 * A new pending request. The old value is sealed as it stands on the record (or given sealed, as read), the new one
 * sealed here; the database holds one pending request per customer and type, and maker != checker at decision.
 */
export async function insertChangeRequest(
  tx: DbOrTx,
  v: { type?: RequestType; sessionId: string | null; customerId: string; oldValueSealed?: string; oldValue?: string; newValue: string; verificationId: string | null; makerId: string; reason?: string },
): Promise<string> {
  const [row] = await tx
    .insert(changeRequests)
    .values({
      sessionId: v.sessionId,
      customerId: v.customerId,
      type: v.type ?? 'change_mobile',
      oldValueEnc: v.oldValueSealed ?? encryptPii(v.oldValue ?? ''),
      newValueEnc: encryptPii(v.newValue),
      verificationId: v.verificationId,
      makerId: v.makerId,
      reason: v.reason ?? null,
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

/**
 * The full value of one side of a pending request, for its checker only (a supervisor who did not make it); undefined
 * otherwise. A document reads as its number and end date.
 */
export async function revealRequestValue(requestId: string, side: 'old' | 'new', supervisorId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ type: changeRequests.type, oldValueEnc: changeRequests.oldValueEnc, newValueEnc: changeRequests.newValueEnc })
    .from(changeRequests)
    .where(and(eq(changeRequests.id, requestId), eq(changeRequests.status, 'pending'), sql`${changeRequests.makerId} <> ${supervisorId}`));
  if (!row) return undefined;
  const plain = decryptPii(side === 'old' ? row.oldValueEnc : row.newValueEnc);
  if (row.type !== 'change_document') return plain || undefined;
  const doc = documentValueSchema.parse(JSON.parse(plain));
  return doc.expiry ? `${doc.number} (${doc.expiry})` : doc.number;
}

export type DecideOutcome = 'decided' | 'not_found' | 'already_decided' | 'own_request' | 'frozen' | 'document_taken';

/** Raised inside the decision's transaction when the approved document already belongs to another customer. */
class DocumentTaken extends Error {}

/**
 * Records the one decision and, on approval, applies the change — in one transaction so an approval never exists
 * without its effect, its history entry and the customer's notice. The update only matches a pending request made by
 * someone else (compare-and-set), and the database's CHECK and trigger hold the same rules if this code is bypassed.
 */
export async function decideChangeRequest(id: string, checkerId: string, decision: 'approved' | 'rejected', reason: string | null): Promise<DecideOutcome> {
  try {
    return await db.transaction(async (tx) => {
      // Every decision first takes the customer's row lock, the same lock a fraud freeze takes: decisions and freezes of
      // one customer run one after another (and always in the same lock order, so concurrent deciders cannot deadlock).
      const [target] = await tx.select({ customerId: changeRequests.customerId, type: changeRequests.type }).from(changeRequests).where(eq(changeRequests.id, id));
      if (target) await lockCustomerRow(tx, target.customerId);
      // A customer frozen for suspected fraud has no business approved until the freeze is released. A supervisor's risk
      // override is not the customer's business: it is decided under dual control whatever the freeze.
      if (decision === 'approved' && target && target.type !== 'risk_override' && (await liveFreeze(tx, target.customerId))) return 'frozen';
      const [row] = await tx
        .update(changeRequests)
        .set({ status: decision, checkerId, decidedAt: sql`now()`, decisionReason: reason })
        .where(and(eq(changeRequests.id, id), eq(changeRequests.status, 'pending'), sql`${changeRequests.makerId} <> ${checkerId}`))
        .returning({
          type: changeRequests.type,
          customerId: changeRequests.customerId,
          oldValueEnc: changeRequests.oldValueEnc,
          newValueEnc: changeRequests.newValueEnc,
          sessionId: changeRequests.sessionId,
          makerId: changeRequests.makerId,
        });
      if (!row) {
        const [current] = await tx.select({ status: changeRequests.status, makerId: changeRequests.makerId }).from(changeRequests).where(eq(changeRequests.id, id));
        if (!current) return 'not_found';
        return current.makerId === checkerId ? 'own_request' : 'already_decided';
      }
      if (row.sessionId) await addSessionEvent(tx, row.sessionId, checkerId, `request.${decision}`, { request: id });
      if (decision === 'approved') await applyApproved(tx, { ...row, id }, checkerId);
      else if (row.type !== 'risk_override') {
        // The supervisor's reason is an internal record (it may name fraud grounds): the customer is told the outcome only.
        const template = row.type === 'change_mobile' ? 'mobileChangeRejected' : 'changeRejected';
        await notifyCustomer(tx, { customerId: row.customerId, sessionId: row.sessionId, template, params: {}, channels: ['sms', 'email', 'in_app'] });
      }
      return 'decided';
    });
  } catch (err) {
    if (err instanceof DocumentTaken) return 'document_taken';
    throw err;
  }
}

type ApprovedRow = { id: string; type: RequestType; customerId: string; oldValueEnc: string; newValueEnc: string; sessionId: string | null; makerId: string };

/** The effect of an approval, per request type, with its history entry and the customer's notice (业务确认与反馈). */
async function applyApproved(tx: Tx, row: ApprovedRow, checkerId: string): Promise<void> {
  const newValue = decryptPii(row.newValueEnc);
  const oldValue = decryptPii(row.oldValueEnc);
  const notice = { customerId: row.customerId, sessionId: row.sessionId };
  switch (row.type) {
    case 'change_mobile':
      if (!(await setCustomerMobile(row.customerId, newValue, tx))) throw new Error('customer of an approved request is missing');
      // On the new number, and on the old one as a security notice.
      await notifyCustomer(tx, { ...notice, template: 'mobileChanged', params: { last4: newValue.slice(-4) }, channels: ['sms', 'email', 'in_app'], smsTo: [newValue] });
      await notifyCustomer(tx, { ...notice, template: 'mobileChangedNotice', params: { last4: newValue.slice(-4) }, channels: ['sms'], smsTo: [oldValue] });
      break;
    case 'change_name':
      await tx.update(customers).set({ name: newValue, updatedAt: new Date() }).where(eq(customers.id, row.customerId));
      await notifyCustomer(tx, { ...notice, template: 'identityChanged', params: {}, channels: ['sms', 'email', 'in_app'] });
      break;
    case 'change_document': {
      const doc = documentValueSchema.parse(JSON.parse(newValue)) as DocumentValue;
      const [before] = await tx.select({ birthDate: customers.birthDate }).from(customers).where(eq(customers.id, row.customerId));
      try {
        await tx.transaction((sp) => setCustomerDocument(sp, row.customerId, doc));
      } catch (err) {
        if (violatesUnique(err, 'customers_document_unique')) throw new DocumentTaken();
        throw err;
      }
      // A new number that carries another date of birth changes it too: that is recorded as well.
      const [after] = await tx.select({ birthDate: customers.birthDate }).from(customers).where(eq(customers.id, row.customerId));
      if (before && after && before.birthDate !== after.birthDate && after.birthDate) {
        await recordCustomerChange(tx, {
          customerId: row.customerId,
          field: 'birth_date',
          oldMasked: before.birthDate ? historyText('change_birth_date', before.birthDate) : null,
          newMasked: historyText('change_birth_date', after.birthDate),
          requestId: row.id,
          sessionId: row.sessionId,
          changedBy: row.makerId,
          approvedBy: checkerId,
        });
      }
      await assessCustomer(tx, row.customerId, 'change', checkerId);
      await notifyCustomer(tx, { ...notice, template: 'identityChanged', params: {}, channels: ['sms', 'email', 'in_app'] });
      break;
    }
    case 'change_birth_date':
      await tx.update(customers).set({ birthDate: newValue, updatedAt: new Date() }).where(eq(customers.id, row.customerId));
      await assessCustomer(tx, row.customerId, 'change', checkerId);
      await notifyCustomer(tx, { ...notice, template: 'identityChanged', params: {}, channels: ['sms', 'email', 'in_app'] });
      break;
    case 'risk_override':
      await tx.update(customers).set({ riskOverride: newValue === 'none' ? null : (newValue as RiskLevel) }).where(eq(customers.id, row.customerId));
      await assessCustomer(tx, row.customerId, 'override', checkerId, { requestId: row.id });
      break;
  }
  await recordCustomerChange(tx, {
    customerId: row.customerId,
    field: REQUEST_FIELD[row.type],
    oldMasked: historyText(row.type, oldValue),
    newMasked: historyText(row.type, newValue),
    requestId: row.id,
    sessionId: row.sessionId,
    changedBy: row.makerId,
    approvedBy: checkerId,
  });
}

/** The customer's own pending requests (a supervisor's risk override is not one: it stays for its decision). */
export async function pendingRequestIdsOf(conn: DbOrTx, customerId: string): Promise<string[]> {
  const rows = await conn
    .select({ id: changeRequests.id })
    .from(changeRequests)
    .where(and(eq(changeRequests.customerId, customerId), eq(changeRequests.status, 'pending'), sql`${changeRequests.type}::text <> 'risk_override'`));
  return rows.map((r) => r.id);
}
