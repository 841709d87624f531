import 'server-only';
import { db, type Tx } from '@/db';
import { violatesUnique } from '@/db/errors';
import { assessCustomer } from '@/db/queries/risk';
import { createEnterprise, documentExpired, findCustomerByDocument, type CustomerDto, createCustomer, getCustomer, searchCustomers, matchCustomerBasics } from '@/db/queries/customers';
import {
  addSessionEvent,
  endServiceSession,
  insertVerification,
  isOpenTellerSession,
  lockOpenTellerSession,
  setSessionCustomer,
  transferServiceSession,
  type SessionOutcome,
} from '@/db/queries/service-sessions';
import { latestStepResults } from '@/db/queries/otp';
import { supersedeLivePrompt } from '@/db/queries/credentials';
import { lockTransferReceiver } from '@/db/queries/staff';
import { DomainError } from '@/lib/actions/result';
import { stepsRequiredFor } from '@/db/queries/ladder-policy';
import { HIGH_RISK_BUSINESSES, missingSteps, type Business } from './ladder';
import type { DocumentType } from '@/lib/customers/documents/types';
import type { EnterpriseIntake } from '@/lib/customers/enterprise-schema';
import { afterFailedStep, assertNotFrozen, assertNotLocked } from './verification-locks';

/** Every change to a session runs under a row lock on it, scoped to its own teller. */
export async function inOpenSession<T>(sessionId: string, tellerId: string, work: (tx: Tx, session: { id: string; customerId: string | null }) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const session = await lockOpenTellerSession(tx, sessionId, tellerId);
    if (!session) throw new DomainError('errors.sessionNotOpen', 'denied');
    return work(tx, session);
  });
}

const alreadyIdentified = () => new DomainError('errors.customerAlreadyIdentified', 'failed');

/**
 * Takes a customer on in the session — or, when their document is already on record, leads to that customer instead
 * of making a second one: the existing record is attached to the session (`existing: true`) and the teller goes on to
 * verify the caller against it. The new customer is assessed for risk in the same transaction.
 */
async function intakeInSession(
  sessionId: string,
  tellerId: string,
  document: { type: DocumentType | 'credit_code'; number: string },
  create: (tx: Tx) => Promise<CustomerDto>,
): Promise<CustomerDto & { existing: boolean }> {
  const attachExisting = (tx: Tx, existing: CustomerDto) =>
    setSessionCustomer(tx, sessionId, existing.id).then(async (attached) => {
      if (!attached) throw alreadyIdentified();
      await addSessionEvent(tx, sessionId, tellerId, 'customer.identified', { customer: existing.id, duplicate: true });
      return { ...existing, existing: true };
    });
  try {
    return await inOpenSession(sessionId, tellerId, async (tx, session) => {
      if (session.customerId) throw alreadyIdentified();
      const existing = await findCustomerByDocument(document.type, document.number, tx);
      if (existing) return attachExisting(tx, existing);
      const customer = await create(tx);
      const { applied } = await assessCustomer(tx, customer.id, 'intake', tellerId);
      if (!(await setSessionCustomer(tx, sessionId, customer.id))) throw alreadyIdentified();
      await addSessionEvent(tx, sessionId, tellerId, 'customer.created', { customer: customer.id });
      return { ...customer, riskLevel: applied, existing: false };
    });
  } catch (err) {
    // Two tellers created the same customer at once: the unique index let one through; the other is led to that record.
    if (!violatesUnique(err, 'customers_document_unique')) throw err;
    return inOpenSession(sessionId, tellerId, async (tx) => {
      const existing = await findCustomerByDocument(document.type, document.number, tx);
      if (!existing) throw err;
      return attachExisting(tx, existing);
    });
  }
}

export function createCustomerInSession(sessionId: string, tellerId: string, v: Parameters<typeof createCustomer>[0] extends infer P ? Omit<P, 'createdBy'> : never) {
  return intakeInSession(sessionId, tellerId, { type: v.documentType ?? 'resident_id', number: v.idNumber }, (tx) => createCustomer({ ...v, createdBy: tellerId }, tx));
}

export function createEnterpriseInSession(sessionId: string, tellerId: string, v: Omit<EnterpriseIntake, 'sessionId'>) {
  return intakeInSession(sessionId, tellerId, { type: 'credit_code', number: v.creditCode }, (tx) => createEnterprise(v, tellerId, tx));
}

/** Customer lookup belongs to an open session of the teller's own: no browsing the customer base outside a contact. */
export async function searchCustomersInSession(sessionId: string, tellerId: string, query: string, after?: { name: string; id: string }) {
  if (!(await isOpenTellerSession(sessionId, tellerId))) throw new DomainError('errors.sessionNotOpen', 'denied');
  return searchCustomers(query, after);
}

export async function attachCustomer(sessionId: string, tellerId: string, customerId: string) {
  const customer = await getCustomer(customerId);
  if (!customer) throw new DomainError('errors.notFound', 'failed');
  await inOpenSession(sessionId, tellerId, async (tx) => {
    if (!(await setSessionCustomer(tx, sessionId, customerId))) throw alreadyIdentified();
    await addSessionEvent(tx, sessionId, tellerId, 'customer.identified', { customer: customerId });
  });
  return customer;
}

export async function verifyBasicInformation(sessionId: string, tellerId: string, entered: { name: string; idNumber: string; mobile: string }) {
  return inOpenSession(sessionId, tellerId, async (tx, session) => {
    if (!session.customerId) throw new DomainError('errors.noCustomer', 'failed');
    await assertNotLocked(tx, session.customerId);
    const mismatched = await matchCustomerBasics(session.customerId, entered);
    if (!mismatched) throw new DomainError('errors.notFound', 'failed');
    const result = mismatched.length === 0 ? 'pass' : 'fail';
    const id = await insertVerification(tx, { sessionId, customerId: session.customerId, kind: 'basic', result, mismatched, performedBy: tellerId });
    await addSessionEvent(tx, sessionId, tellerId, 'verification.basic', { result, mismatched: mismatched.join(',') });
    const locked = result === 'fail' && (await afterFailedStep(tx, { customerId: session.customerId, kind: 'basic', sessionId, tellerId }));
    return { id, result, mismatched, locked };
  });
}

/**
 * The gate of every business in a session (the server's rule, not the screen's): a customer is identified, not locked,
 * not frozen, every step the policy in force requires has passed in this session, and — for high-risk business — the
 * customer's identity document has not expired (定期复核: an expired document blocks it until it is renewed).
 */
export async function gateBusiness(tx: Tx, sessionId: string, session: { customerId: string | null }, business: Business): Promise<{ customerId: string; lastPassId: string; policyVersion: number; risk: string }> {
  if (!session.customerId) throw new DomainError('errors.noCustomer', 'failed');
  await assertNotLocked(tx, session.customerId);
  await assertNotFrozen(tx, session.customerId);
  const { results, passedAt, lastPassId } = await latestStepResults(sessionId, session.customerId, tx);
  const { required, version, risk } = await stepsRequiredFor(tx, session.customerId, business);
  if (missingSteps(required, results, passedAt).length > 0 || !lastPassId) throw new DomainError('errors.verificationRequired', 'denied');
  if (HIGH_RISK_BUSINESSES.includes(business) && (await documentExpired(tx, session.customerId))) throw new DomainError('errors.documentExpiredBlocked', 'denied');
  return { customerId: session.customerId, lastPassId, policyVersion: version, risk };
}

export async function endSession(sessionId: string, tellerId: string, outcome: SessionOutcome, satisfaction: number | null) {
  await inOpenSession(sessionId, tellerId, async (tx) => {
    await endServiceSession(tx, sessionId, outcome, satisfaction);
    await addSessionEvent(tx, sessionId, tellerId, 'session.ended', { outcome, satisfaction });
  });
}

/**
 * Hands an open contact to another active teller, or escalates it to a supervisor, with a note. The receiver owns it from now on; the timeline records
 * both sides of the hand-over.
 */
export async function transferSession(sessionId: string, fromId: string, toId: string, note: string) {
  if (toId === fromId) throw new DomainError('errors.transferToSelf', 'failed', { toStaffId: ['errors.transferToSelf'] });
  return inOpenSession(sessionId, fromId, async (tx) => {
    // Checked under a lock on the receiver, so they cannot be disabled or sign out half-way through the hand-over.
    const receiver = await lockTransferReceiver(tx, toId);
    if (!receiver) throw new DomainError('errors.transferTarget', 'failed', { toStaffId: ['errors.transferTarget'] });
    if (!receiver.signedIn) throw new DomainError('errors.transferOffline', 'failed', { toStaffId: ['errors.transferOffline'] });
    await transferServiceSession(tx, sessionId, fromId, toId, note);
    // A password prompt belongs to the teller who asked: it does not travel with the contact.
    await supersedeLivePrompt(tx, sessionId);
    await addSessionEvent(tx, sessionId, fromId, 'session.transferred_out', { to: receiver.displayName, note });
    await addSessionEvent(tx, sessionId, fromId, 'session.transferred_in', { to: receiver.displayName });
    return receiver;
  });
}

/** A note on the contact's timeline, by whoever handles it now. */
export async function addNote(sessionId: string, handlerId: string, note: string): Promise<void> {
  await inOpenSession(sessionId, handlerId, (tx) => addSessionEvent(tx, sessionId, handlerId, 'note.added', { note }));
}
