'use server';

import { revalidatePath } from 'next/cache';
import { startServiceSession } from '@/db/queries/service-sessions';
import { roleAction } from '@/lib/actions/role-action';
import { promptForPassword } from '@/lib/sessions/password-step';
import { contactUpdateSchema } from '@/lib/customers/change-schemas';
import { createEnterpriseSchema } from '@/lib/customers/enterprise-schema';
import { updateContactDetails } from '@/lib/customers/info-change';
import { checkOneTimeCode, confirmIdentity, sendOneTimeCode } from '@/lib/sessions/verification';
import { addNote, attachCustomer, createCustomerInSession, createEnterpriseInSession, transferSession, searchCustomersInSession, endSession, verifyBasicInformation } from '@/lib/sessions/service';
import {
  attachCustomerSchema,
  confirmSchema,
  otpCheckSchema,
  createCustomerSchema,
  searchCustomersSchema,
  endSessionSchema,
  transferSchema,
  noteSchema,
  sessionIdSchema,
  startSessionSchema,
  verifyBasicSchema,
} from '@/lib/sessions/schemas';

export const startSessionAction = roleAction('session.start', startSessionSchema, async ({ channel }, user) => {
  const id = await startServiceSession(user.id, channel);
  revalidatePath('/teller');
  return { data: { id }, entityType: 'service_session', entityId: id, details: { channel }, message: 'teller.sessionStarted' };
});

/** A POST, so an identity number typed into the search never lands in a URL, a history or an access log. */
export const searchCustomersAction = roleAction('customer.search', searchCustomersSchema, async ({ sessionId, query, after }, user) => {
  const page = await searchCustomersInSession(sessionId, user.id, query, after);
  const found = page.results.length;
  // The audit records that a lookup happened and how much it found, never what was typed.
  return { data: page, entityType: 'service_session', entityId: sessionId, details: { found, page: after ? 'next' : 'first' }, message: found || after ? undefined : 'teller.noResults', tone: 'warning' };
});

export const createCustomerAction = roleAction('customer.create', createCustomerSchema, async ({ sessionId, ...values }, user) => {
  const { existing, ...customer } = await createCustomerInSession(sessionId, user.id, values);
  revalidatePath(`/teller/sessions/${sessionId}`);
  return {
    data: customer,
    entityType: 'customer',
    entityId: customer.id,
    details: { session: sessionId, existing },
    message: existing ? 'teller.customerExistsAttached' : 'teller.customerCreated',
    tone: existing ? 'warning' : 'success',
  };
});

/** An enterprise customer with its legal representative (and an authorised agent), or the existing record. */
export const createEnterpriseAction = roleAction('customer.createEnterprise', createEnterpriseSchema, async ({ sessionId, ...values }, user) => {
  const { existing, ...customer } = await createEnterpriseInSession(sessionId, user.id, values);
  revalidatePath(`/teller/sessions/${sessionId}`);
  return {
    data: customer,
    entityType: 'customer',
    entityId: customer.id,
    details: { session: sessionId, existing, kind: 'enterprise', agent: !!values.agent },
    message: existing ? 'teller.customerExistsAttached' : 'teller.customerCreated',
    tone: existing ? 'warning' : 'success',
  };
});

export const attachCustomerAction = roleAction('customer.attach', attachCustomerSchema, async ({ sessionId, customerId }, user) => {
  const customer = await attachCustomer(sessionId, user.id, customerId);
  revalidatePath(`/teller/sessions/${sessionId}`);
  return { data: customer, entityType: 'customer', entityId: customerId, details: { session: sessionId }, message: 'teller.customerAttached' };
});

export const verifyBasicAction = roleAction('verification.basic', verifyBasicSchema, async ({ sessionId, ...entered }, user) => {
  const result = await verifyBasicInformation(sessionId, user.id, entered);
  revalidatePath(`/teller/sessions/${sessionId}`);
  return {
    data: { result: result.result, mismatched: result.mismatched, locked: result.locked },
    entityType: 'verification',
    entityId: result.id,
    details: { session: sessionId, result: result.result, mismatched: result.mismatched },
    message: result.result === 'pass' ? 'teller.verificationPassed' : result.locked ? 'teller.customerLockedNow' : 'teller.verificationFailed',
    tone: result.result === 'pass' ? 'success' : 'warning',
  };
});

export const promptPasswordAction = roleAction('verification.passwordPrompt', sessionIdSchema, async ({ sessionId }, user) => {
  const promptId = await promptForPassword(sessionId, user.id);
  revalidatePath(`/teller/sessions/${sessionId}`);
  return { data: undefined, entityType: 'service_session', entityId: sessionId, details: { prompt: promptId }, message: 'teller.passwordPrompted' };
});

export const sendOtpAction = roleAction('verification.otpSend', sessionIdSchema, async ({ sessionId }, user) => {
  const { challengeId, messageId } = await sendOneTimeCode(sessionId, user.id);
  revalidatePath(`/teller/sessions/${sessionId}`);
  return { data: undefined, entityType: 'service_session', entityId: sessionId, details: { challenge: challengeId, message: messageId }, message: 'teller.otpSent' };
});

export const checkOtpAction = roleAction('verification.otpCheck', otpCheckSchema, async ({ sessionId, code }, user) => {
  const r = await checkOneTimeCode(sessionId, user.id, code);
  revalidatePath(`/teller/sessions/${sessionId}`);
  return {
    data: { result: r.result, attemptsLeft: r.attemptsLeft, locked: r.locked },
    entityType: 'verification',
    entityId: r.id,
    details: { session: sessionId, result: r.result, attemptsLeft: r.attemptsLeft },
    message: r.result === 'pass' ? 'teller.otpPassed' : r.locked ? 'teller.customerLockedNow' : r.attemptsLeft > 0 ? 'teller.otpWrong' : 'teller.otpExhausted',
    messageValues: { attemptsLeft: r.attemptsLeft },
    tone: r.result === 'pass' ? 'success' : 'warning',
  };
});

export const confirmIdentityAction = roleAction('verification.confirm', confirmSchema, async ({ sessionId, confirmed }, user) => {
  const r = await confirmIdentity(sessionId, user.id, confirmed);
  revalidatePath(`/teller/sessions/${sessionId}`);
  return {
    data: { result: r.result, locked: r.locked },
    entityType: 'verification',
    entityId: r.id,
    details: { session: sessionId, result: r.result },
    message: r.result === 'pass' ? 'teller.confirmed' : r.locked ? 'teller.customerLockedNow' : 'teller.notConfirmed',
    tone: r.result === 'pass' ? 'success' : 'warning',
  };
});

/** Contact details after the review step: applied at once (no approval), with history and a notice to the customer. */
export const updateContactAction = roleAction('customer.updateContact', contactUpdateSchema, async ({ sessionId, reviewed: _r, ...values }, user) => {
  const { customerId, fields } = await updateContactDetails(sessionId, user.id, values);
  revalidatePath(`/teller/sessions/${sessionId}`);
  return { data: { fields }, entityType: 'customer', entityId: customerId, details: { session: sessionId, fields }, message: 'teller.contactUpdated' };
});

export const addNoteAction = roleAction('session.note', noteSchema, async ({ sessionId, note }, user) => {
  await addNote(sessionId, user.id, note);
  revalidatePath(`/teller/sessions/${sessionId}`);
  revalidatePath(`/supervisor/sessions/${sessionId}`);
  return { data: undefined, entityType: 'service_session', entityId: sessionId, message: 'teller.noteAdded' };
});

export const endSessionAction = roleAction('session.end', endSessionSchema, async ({ sessionId, outcome, satisfaction }, user) => {
  await endSession(sessionId, user.id, outcome, satisfaction);
  revalidatePath('/teller');
  revalidatePath('/supervisor');
  revalidatePath('/qc');
  return { data: undefined, entityType: 'service_session', entityId: sessionId, details: { outcome, satisfaction }, message: 'teller.sessionEnded' };
});

export const transferSessionAction = roleAction('session.transfer', transferSchema, async ({ sessionId, toStaffId, note }, user) => {
  const receiver = await transferSession(sessionId, user.id, toStaffId, note);
  // No revalidation: it would re-render the session page, which is no longer the sender's, before the form can
  // navigate back to the (always freshly rendered) workbench.
  return { data: undefined, entityType: 'service_session', entityId: sessionId, details: { to: receiver.id }, message: 'teller.transferred' };
});
