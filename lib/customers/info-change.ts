import 'server-only';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db';
import { violatesUnique } from '@/db/errors';
import { getCustomerMobileSealed, idNumberIndex, recordCustomerChange, setCustomerDocument, setCustomerMobile, type ChangeField } from '@/db/queries/customers';
import { addSessionEvent } from '@/db/queries/service-sessions';
import { assessCustomer } from '@/db/queries/risk';
import { lockCustomerRow } from '@/db/queries/verification-locks';
import { cases, customers } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { caseSubmission, move, type Submit } from '@/lib/cases/case-core';
import type { CaseState } from '@/lib/cases/state-machine';
import { decryptPii, encryptPii } from '@/lib/crypto/pii';
import { notifyCustomer } from '@/lib/notify/notify';
import { gateBusiness, inOpenSession } from '@/lib/sessions/service';
import { REQUEST_FIELD, documentValueSchema, historyText, type DocumentValue } from './changes';
import { documentFacts, normaliseDocumentNumber } from './documents/validate';
import { normaliseCreditCode } from './documents/credit-code';
import type { DocumentType } from './documents/types';
import { maskEmail } from './email';
import { impliedNationality, maskAddress } from './profile';

// Customer information changes (信息变更) from a session. Identity fields are business cases (lib/cases): judged by
// the approval policy (a supervisor by default), executed by executeInfoChange when approved; contact details need the
// teller's review step only.

/** The identity changes a customer asks for at the counter, each a case type of its own. */
export type InfoChangeType = 'change_mobile' | 'change_name' | 'change_document' | 'change_birth_date';
export const INFO_CHANGE_TYPES: readonly InfoChangeType[] = ['change_mobile', 'change_name', 'change_document', 'change_birth_date'];

/** What an information-change case carries, sealed: the value as it stood when asked, the new one and the reason. */
export type InfoChangePayload = { kind: InfoChangeType; old: string; new: string; reason: string | null };

async function currentRecord(tx: Tx, customerId: string) {
  const [row] = await tx
    .select({
      kind: customers.kind,
      name: customers.name,
      documentType: customers.documentType,
      idNumberEnc: customers.idNumberEnc,
      documentExpiry: customers.documentExpiry,
      birthDate: customers.birthDate,
      nationality: customers.nationality,
      addressEnc: customers.addressEnc,
      addressMasked: customers.addressMasked,
      emailEnc: customers.emailEnc,
      emailMasked: customers.emailMasked,
      occupation: customers.occupation,
    })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!row) throw new DomainError('errors.notFound', 'failed');
  return row;
}

/**
 * The submission of one information change: the ladder's gate for its type, the type's own checks (`values`: the
 * current and the new value), and the case — one live per customer and type, so a second is refused with a link to
 * the first (its old value would be stale).
 */
function infoChange<I>(type: InfoChangeType, hashOf: (input: I) => unknown[], values: (tx: Tx, customerId: string, input: I) => Promise<{ old: string; new: string }>, reason: (input: I) => string | null): Submit<I> {
  return caseSubmission<I>(
    type,
    type,
    (input) => hashOf(input),
    async (tx, customerId, input) => {
      const v = await values(tx, customerId, input);
      const payload: InfoChangePayload = { kind: type, old: v.old, new: v.new, reason: reason(input) };
      return { type, payload, summary: { field: REQUEST_FIELD[type] }, amountFen: null, target: `customer:${customerId}:${type}`, fieldsChanged: [REQUEST_FIELD[type]] };
    },
    executeInfoChange,
  );
}

export const requestMobileChange: Submit<{ newMobile: string }> = infoChange(
  'change_mobile',
  (i) => [i.newMobile],
  async (tx, customerId, { newMobile }) => {
    const oldSealed = await getCustomerMobileSealed(customerId, tx);
    if (!oldSealed) throw new DomainError('errors.notFound', 'failed');
    const old = decryptPii(oldSealed);
    if (old === newMobile) throw new DomainError('errors.sameMobile', 'failed', { newMobile: ['errors.sameMobile'] });
    return { old, new: newMobile };
  },
  () => null,
);

export const requestNameChange: Submit<{ newName: string; reason: string }> = infoChange(
  'change_name',
  (i) => [i.newName, i.reason],
  async (tx, customerId, { newName }) => {
    const record = await currentRecord(tx, customerId);
    if (record.name === newName) throw new DomainError('errors.sameValue', 'failed', { newName: ['errors.sameValue'] });
    return { old: record.name, new: newName };
  },
  (i) => i.reason,
);

type DocumentInput = { document: { type: DocumentType | 'credit_code'; number: string; expiry: string | null }; reason: string };

export const requestDocumentChange: Submit<DocumentInput> = infoChange(
  'change_document',
  (i) => [i.document, i.reason],
  async (tx, customerId, { document }) => {
    const record = await currentRecord(tx, customerId);
    // An enterprise keeps a credit code, an individual a personal document.
    if ((record.kind === 'enterprise') !== (document.type === 'credit_code')) throw new DomainError('errors.documentKind', 'failed', { documentType: ['errors.documentKind'] });
    const number = document.type === 'credit_code' ? normaliseCreditCode(document.number) : normaliseDocumentNumber(document.type, document.number);
    const next: DocumentValue = { type: document.type, number, expiry: document.expiry };
    const current: DocumentValue = { type: record.documentType as DocumentValue['type'], number: decryptPii(record.idNumberEnc), expiry: record.documentExpiry };
    if (next.type === current.type && next.number === current.number && next.expiry === current.expiry) {
      throw new DomainError('errors.sameValue', 'failed', { newIdNumber: ['errors.sameValue'] });
    }
    // The new document must fit the customer: their nationality, and not another customer's record.
    const allowed = next.type === 'credit_code' ? null : impliedNationality(next.type, next.number);
    if (allowed && !allowed.includes(record.nationality as never)) throw new DomainError('errors.nationalityDocument', 'failed', { documentType: ['errors.nationalityDocument'] });
    const [other] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.documentType, next.type), eq(customers.idNumberIndex, idNumberIndex(next.number)), ne(customers.id, customerId)));
    if (other) throw new DomainError('errors.documentTaken', 'failed', { newIdNumber: ['errors.documentTakenField'] });
    return { old: JSON.stringify(current), new: JSON.stringify(next) };
  },
  (i) => i.reason,
);

export const requestBirthDateChange: Submit<{ newBirthDate: string; reason: string }> = infoChange(
  'change_birth_date',
  (i) => [i.newBirthDate, i.reason],
  async (tx, customerId, { newBirthDate }) => {
    const record = await currentRecord(tx, customerId);
    // A number that carries the date of birth settles it: a wrong date there is corrected by a new document.
    if (record.kind === 'enterprise') throw new DomainError('errors.documentKind', 'failed', { newBirthDate: ['errors.enterpriseNoBirthDate'] });
    if (documentFacts(record.documentType as DocumentType, decryptPii(record.idNumberEnc)).birthDate) {
      throw new DomainError('errors.birthDateFromDocument', 'failed', { newBirthDate: ['errors.birthDateFromDocument'] });
    }
    if (record.birthDate === newBirthDate) throw new DomainError('errors.sameValue', 'failed', { newBirthDate: ['errors.sameValue'] });
    return { old: record.birthDate ?? '', new: newBirthDate };
  },
  (i) => i.reason,
);

/** Raised inside the approval's transaction when the approved document already belongs to another customer. */
export class DocumentTaken extends Error {}
/** Raised inside the approval's transaction when the value the change was asked against is no longer the record's. */
export class ChangedSince extends Error {}

/** The record's value a change of `kind` replaces, in the form its payload keeps it (a document as JSON). */
async function currentValue(tx: Tx, customerId: string, kind: InfoChangeType): Promise<string | null> {
  const record = await currentRecord(tx, customerId);
  switch (kind) {
    case 'change_mobile': {
      const sealed = await getCustomerMobileSealed(customerId, tx);
      return sealed ? decryptPii(sealed) : null;
    }
    case 'change_name':
      return record.name;
    case 'change_document':
      return JSON.stringify({ type: record.documentType as DocumentValue['type'], number: decryptPii(record.idNumberEnc), expiry: record.documentExpiry } satisfies DocumentValue);
    case 'change_birth_date':
      // A document that now carries the date of birth settles it: a separate correction no longer applies.
      if (documentFacts(record.documentType as DocumentType, decryptPii(record.idNumberEnc)).birthDate) return null;
      return record.birthDate ?? '';
  }
}

/**
 * The effect of an approved information change (业务确认与反馈), in the approval's transaction: the record changed, the
 * change history written under the case (masked), the customer assessed again where a risk factor changed, and told.
 */
export async function executeInfoChange(tx: Tx, caseId: string, actorId: string | null): Promise<CaseState> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
  if (!row || row.state !== 'approved') throw new Error('execute: the case is not approved');
  const p = JSON.parse(decryptPii(row.payloadEnc)) as InfoChangePayload;
  // The change was judged against the record as it stood: if that moved since (another change, a renewal), it is not
  // carried out over it.
  if ((await currentValue(tx, row.customerId, p.kind)) !== p.old) throw new ChangedSince();
  const notice = { customerId: row.customerId, sessionId: row.sessionId };
  const history = { customerId: row.customerId, caseId, sessionId: row.sessionId, changedBy: row.makerId, approvedBy: actorId, requestId: null };
  switch (p.kind) {
    case 'change_mobile':
      if (!(await setCustomerMobile(row.customerId, p.new, tx))) throw new Error('customer of an approved change is missing');
      // On the new number, and on the old one as a security notice.
      await notifyCustomer(tx, { ...notice, template: 'mobileChanged', params: { last4: p.new.slice(-4) }, channels: ['sms', 'email', 'in_app'], smsTo: [p.new] });
      await notifyCustomer(tx, { ...notice, template: 'mobileChangedNotice', params: { last4: p.new.slice(-4) }, channels: ['sms'], smsTo: [p.old] });
      break;
    case 'change_name':
      await tx.update(customers).set({ name: p.new, updatedAt: new Date() }).where(eq(customers.id, row.customerId));
      await notifyCustomer(tx, { ...notice, template: 'identityChanged', params: {}, channels: ['sms', 'email', 'in_app'] });
      break;
    case 'change_document': {
      const doc = documentValueSchema.parse(JSON.parse(p.new)) as DocumentValue;
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
        await recordCustomerChange(tx, { ...history, field: 'birth_date', oldMasked: before.birthDate ? historyText('change_birth_date', before.birthDate) : null, newMasked: historyText('change_birth_date', after.birthDate) });
      }
      await assessCustomer(tx, row.customerId, 'change', actorId);
      await notifyCustomer(tx, { ...notice, template: 'identityChanged', params: {}, channels: ['sms', 'email', 'in_app'] });
      break;
    }
    case 'change_birth_date':
      await tx.update(customers).set({ birthDate: p.new, updatedAt: new Date() }).where(eq(customers.id, row.customerId));
      await assessCustomer(tx, row.customerId, 'change', actorId);
      await notifyCustomer(tx, { ...notice, template: 'identityChanged', params: {}, channels: ['sms', 'email', 'in_app'] });
      break;
  }
  await recordCustomerChange(tx, { ...history, field: REQUEST_FIELD[p.kind], oldMasked: historyText(p.kind, p.old), newMasked: historyText(p.kind, p.new) });
  const c = { id: caseId, state: 'approved' as CaseState };
  await move(tx, c, 'execute', actorId, {}, { executedAt: sql`now()` as unknown as Date });
  return move(tx, c, 'complete', actorId);
}

/**
 * Confirmed fraud withdraws the customer's information changes not yet approved, whatever their state: each rests on a
 * verification made before the fraud was seen, so none may go on after a release. The customer hears that it was not
 * carried out, without the grounds (no tipping-off).
 */
export async function withdrawInfoChangesOnFreeze(customerId: string, supervisorId: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const live = await tx
      .select({ id: cases.id, state: cases.state, type: cases.type, sessionId: cases.sessionId })
      .from(cases)
      .where(and(eq(cases.customerId, customerId), inArray(cases.type, [...INFO_CHANGE_TYPES]), inArray(cases.state, ['draft', 'verifying', 'documents', 'ready', 'pending_approval', 'returned'])))
      .for('no key update');
    for (const row of live) {
      await move(tx, { id: row.id, state: row.state as CaseState }, 'cancel', supervisorId, { reason: 'customer_frozen' }, { claimedBy: null, claimedAt: null });
      await notifyCustomer(tx, { customerId, sessionId: row.sessionId, template: 'businessRejected', params: { reason: 'other', business: row.type }, channels: ['sms', 'email', 'in_app'] });
    }
    return live.map((r) => r.id);
  });
}

/**
 * Contact details, after the teller's review step: applied at once, each changed field written to the history, the
 * customer told, and the customer assessed again when the occupation (a risk factor) changed.
 */
export async function updateContactDetails(sessionId: string, tellerId: string, v: { address?: string; email?: string; occupation?: string }) {
  return inOpenSession(sessionId, tellerId, async (tx, session) => {
    // The customer's row lock first, as a fraud freeze takes it: no update slips past a freeze being confirmed.
    if (session.customerId) await lockCustomerRow(tx, session.customerId);
    const { customerId } = await gateBusiness(tx, sessionId, session, 'change_contact');
    const record = await currentRecord(tx, customerId);
    const changes: { field: ChangeField; oldMasked: string | null; newMasked: string }[] = [];
    const set: Partial<typeof customers.$inferInsert> = {};
    // Only what actually differs from the record is changed, written to the history and announced.
    if (v.address !== undefined && (record.addressEnc === null || decryptPii(record.addressEnc) !== v.address)) {
      set.addressEnc = encryptPii(v.address);
      set.addressMasked = maskAddress(v.address);
      changes.push({ field: 'address', oldMasked: record.addressMasked, newMasked: set.addressMasked });
    }
    if (v.email !== undefined && (record.emailEnc === null || decryptPii(record.emailEnc) !== v.email)) {
      set.emailEnc = encryptPii(v.email);
      set.emailMasked = maskEmail(v.email);
      changes.push({ field: 'email', oldMasked: record.emailMasked, newMasked: set.emailMasked });
    }
    if (v.occupation !== undefined && v.occupation !== record.occupation) {
      set.occupation = v.occupation;
      changes.push({ field: 'occupation', oldMasked: record.occupation, newMasked: v.occupation });
    }
    if (changes.length === 0) throw new DomainError('errors.nothingChanged', 'failed');
    await tx.update(customers).set({ ...set, updatedAt: new Date() }).where(eq(customers.id, customerId));
    for (const c of changes) await recordCustomerChange(tx, { customerId, ...c, requestId: null, sessionId, changedBy: tellerId, approvedBy: null });
    if (set.occupation) await assessCustomer(tx, customerId, 'change', tellerId);
    await addSessionEvent(tx, sessionId, tellerId, 'customer.contact_updated', { fields: changes.map((c) => c.field).join(',') });
    await notifyCustomer(tx, { customerId, sessionId, template: 'contactChanged', params: {}, channels: ['sms', 'email', 'in_app'] });
    return { customerId, fields: changes.map((c) => c.field) };
  });
}
