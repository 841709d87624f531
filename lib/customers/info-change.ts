import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import type { Tx } from '@/db';
import { idNumberIndex, recordCustomerChange, type ChangeField } from '@/db/queries/customers';
import { addSessionEvent } from '@/db/queries/service-sessions';
import { assessCustomer } from '@/db/queries/risk';
import { lockCustomerRow } from '@/db/queries/verification-locks';
import { customers } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { decryptPii, encryptPii } from '@/lib/crypto/pii';
import { notifyCustomer } from '@/lib/notify/notify';
import { gateBusiness, inOpenSession, submitChangeRequest } from '@/lib/sessions/service';
import type { DocumentValue } from './changes';
import { documentFacts, normaliseDocumentNumber } from './documents/validate';
import { normaliseCreditCode } from './documents/credit-code';
import type { DocumentType } from './documents/types';
import { maskEmail } from './email';
import { impliedNationality, maskAddress } from './profile';

// Customer information changes (信息变更) from a session. Identity fields go to a supervisor under dual control (the
// request is decided and applied by decideChangeRequest); contact details need the teller's review step only.

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

export function requestNameChange(sessionId: string, tellerId: string, newName: string, reason: string) {
  return submitChangeRequest(
    sessionId,
    tellerId,
    'change_name',
    async (tx, customerId) => {
      const record = await currentRecord(tx, customerId);
      if (record.name === newName) throw new DomainError('errors.sameValue', 'failed', { newName: ['errors.sameValue'] });
      return { oldValue: record.name, newValue: newName };
    },
    reason,
  );
}

export function requestDocumentChange(sessionId: string, tellerId: string, document: { type: DocumentType | 'credit_code'; number: string; expiry: string | null }, reason: string) {
  return submitChangeRequest(
    sessionId,
    tellerId,
    'change_document',
    async (tx, customerId) => {
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
      return { oldValue: JSON.stringify(current), newValue: JSON.stringify(next) };
    },
    reason,
  );
}

export function requestBirthDateChange(sessionId: string, tellerId: string, newBirthDate: string, reason: string) {
  return submitChangeRequest(
    sessionId,
    tellerId,
    'change_birth_date',
    async (tx, customerId) => {
      const record = await currentRecord(tx, customerId);
      // A number that carries the date of birth settles it: a wrong date there is corrected by a new document.
      if (record.kind === 'enterprise') throw new DomainError('errors.documentKind', 'failed', { newBirthDate: ['errors.enterpriseNoBirthDate'] });
      if (documentFacts(record.documentType as DocumentType, decryptPii(record.idNumberEnc)).birthDate) {
        throw new DomainError('errors.birthDateFromDocument', 'failed', { newBirthDate: ['errors.birthDateFromDocument'] });
      }
      if (record.birthDate === newBirthDate) throw new DomainError('errors.sameValue', 'failed', { newBirthDate: ['errors.sameValue'] });
      return { oldValue: record.birthDate ?? '', newValue: newBirthDate };
    },
    reason,
  );
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
