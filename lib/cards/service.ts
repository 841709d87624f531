import 'server-only';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db';
import { violatesUnique } from '@/db/errors';
import { accounts, cards, cases, customers, passwordPrompts } from '@/db/schema';
import { documentExpired } from '@/db/queries/customers';
import { setCustomerPasswordHash, supersedeLivePrompt } from '@/db/queries/credentials';
import { addSessionEvent } from '@/db/queries/service-sessions';
import { DomainError } from '@/lib/actions/result';
import { hashPassword } from '@/lib/auth/password';
import { addCaseEvent, caseSubmission, move, type Submit } from '@/lib/cases/case-core';
import type { CaseState } from '@/lib/cases/state-machine';
import { blindIndex, decryptPii, encryptPii } from '@/lib/crypto/pii';
import { normaliseDocumentNumber } from '@/lib/customers/documents/validate';
import type { DocumentType } from '@/lib/customers/documents/types';
import { notifyCustomer } from '@/lib/notify/notify';
import { PASSWORD_PROMPT_TTL_MS } from '@/lib/sessions/ladder';
import { gateBusiness, inOpenSession } from '@/lib/sessions/service';
import { cardTransition, embossedForm, pinProblems, type CardEvent, type CardState, type PinProblem } from './lifecycle';
import type { Branch } from './schemas';

/**
 * Cards (借记卡): the open-card case orders a card; card operations record its production (checked against the
 * application), its dispatch and its delivery; in a session with the customer, activation sets the card password the
 * customer keys on the phone, which completes the case. Loss reports and freezes act at once; unfreezing is a case
 * for a supervisor.
 */

type OpenCardPayload = { kind: 'open_card'; accountId: string; delivery: 'mail' | 'branch'; branch?: Branch };
type CardBlockPayload = { kind: 'card_loss'; cardId: string; block: CardBlock };
export type CardBlock = 'lost' | 'freeze' | 'close';
const BLOCK_EVENT: Record<CardBlock, CardEvent> = { lost: 'report_lost', freeze: 'freeze', close: 'close' };
type UnfreezePayload = { kind: 'unfreeze'; cardId: string };
export type CardCasePayload = OpenCardPayload | CardBlockPayload | UnfreezePayload;

/** Raised inside a decision's transaction when what the case acts on is no longer as it was; the decision rolls back. */
export class CaseNotExecutable extends Error {}

/** A card of this customer, locked for the step; a card of someone else is simply not found. */
async function lockCustomerCard(tx: Tx, cardId: string, customerId: string) {
  const [card] = await tx.select().from(cards).where(and(eq(cards.id, cardId), eq(cards.customerId, customerId))).for('no key update');
  if (!card) throw new DomainError('errors.cardNotCustomers', 'failed', { cardId: ['errors.cardNotCustomers'] });
  return card;
}

/** Moves a card along its lifecycle (the database's trigger holds the same table). */
async function moveCard(tx: Tx, card: { id: string; status: string }, event: CardEvent, set: Partial<typeof cards.$inferInsert> = {}): Promise<CardState> {
  const to = cardTransition(card.status as CardState, event);
  if (!to) throw new DomainError('errors.cardState', 'failed');
  await tx.update(cards).set({ ...set, status: to }).where(eq(cards.id, card.id));
  return to;
}

export type OpenCardInput = { accountId: string; delivery: 'mail' | 'branch'; branch?: Branch; idempotencyKey: string };

/**
 * Applies for a debit card (开卡申请) on one of the customer's accounts, in the session, after identity is verified
 * again. One live application per account, and no second card on an account that has one in use.
 */
export const submitOpenCard: Submit<Omit<OpenCardInput, 'idempotencyKey'>> = caseSubmission(
  'open_card',
  'card_service',
  (i) => [i.accountId, i.delivery, i.branch ?? ''],
  async (tx, customerId, input) => {
    // A card is a means of payment: not issued on an expired identity document (定期复核).
    if (await documentExpired(tx, customerId)) throw new DomainError('errors.documentExpiredBlocked', 'denied');
    const [customer] = await tx.select({ kind: customers.kind, address: customers.addressEnc }).from(customers).where(eq(customers.id, customerId));
    if (customer!.kind !== 'individual') throw new DomainError('errors.cardIndividualOnly', 'failed');
    if (input.delivery === 'mail' && !customer!.address) throw new DomainError('errors.noAddressForMail', 'failed', { delivery: ['errors.noAddressForMail'] });
    const [account] = await tx.select().from(accounts).where(and(eq(accounts.id, input.accountId), eq(accounts.customerId, customerId)));
    if (!account) throw new DomainError('errors.accountNotCustomers', 'failed', { accountId: ['errors.accountNotCustomers'] });
    if (account.status !== 'active') throw new DomainError('errors.accountNotActive', 'failed', { accountId: ['errors.accountNotActive'] });
    const [inUse] = await tx.select({ id: cards.id }).from(cards).where(and(eq(cards.accountId, account.id), sql`${cards.status} NOT IN ('closed', 'lost')`)).limit(1);
    if (inUse) throw new DomainError('errors.cardExists', 'failed', { accountId: ['errors.cardExists'] });
    const payload: OpenCardPayload = { kind: 'open_card', accountId: account.id, delivery: input.delivery, branch: input.branch };
    return {
      type: 'open_card',
      payload,
      summary: { accountLast4: account.number.slice(-4), delivery: input.delivery, branch: input.branch ?? null },
      amountFen: null,
      target: `open_card:${account.id}`,
    };
  },
  executeCardCase,
);

/**
 * What an approved card case does, in the approval's transaction. Opening orders the card (the case stays executed
 * until the card is activated); a loss report or freeze blocks the card; an unfreeze restores it.
 */
export async function executeCardCase(tx: Tx, caseId: string, actorId: string | null): Promise<CaseState> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
  if (!row || row.state !== 'approved') throw new Error('execute: the case is not approved');
  const payload = JSON.parse(decryptPii(row.payloadEnc)) as CardCasePayload;
  const c = { id: caseId, state: 'approved' as CaseState };
  if (payload.kind === 'open_card') {
    const [customer] = await tx.select({ name: customers.name }).from(customers).where(eq(customers.id, row.customerId));
    const [account] = await tx.select({ status: accounts.status, number: accounts.number }).from(accounts).where(eq(accounts.id, payload.accountId));
    if (!account || account.status !== 'active') throw new CaseNotExecutable();
    const [card] = await tx
      .insert(cards)
      .values({ customerId: row.customerId, accountId: payload.accountId, applicationCaseId: caseId, embossedName: embossedForm(customer!.name), deliveryMethod: payload.delivery, branch: payload.branch ?? null })
      .onConflictDoNothing({ target: cards.applicationCaseId })
      .returning({ id: cards.id });
    await move(tx, c, 'execute', actorId, { card: card?.id ?? null }, { executedAt: sql`now()` as unknown as Date });
    await notifyCustomer(tx, { customerId: row.customerId, sessionId: row.sessionId, template: 'cardOrdered', params: { last4: account.number.slice(-4), delivery: payload.delivery }, channels: ['sms', 'in_app'] });
    // Completed when the customer activates the card.
    return c.state;
  }
  const [card] = await tx.select().from(cards).where(and(eq(cards.id, payload.cardId), eq(cards.customerId, row.customerId))).for('no key update');
  if (!card) throw new CaseNotExecutable();
  const event: CardEvent = payload.kind === 'unfreeze' ? 'unfreeze' : BLOCK_EVENT[payload.block];
  if (!cardTransition(card.status as CardState, event)) throw new CaseNotExecutable();
  await moveCard(tx, card, event, event === 'unfreeze' ? { blockedAt: null } : event === 'close' ? { closedAt: sql`now()` as unknown as Date } : { blockedAt: sql`now()` as unknown as Date });
  // A card lost or closed before it was ever activated ends its application: the case completes (its card will never
  // be activated), so the account is free for a new application.
  if (event === 'report_lost' || event === 'close') {
    const [application] = await tx.select({ id: cases.id, state: cases.state }).from(cases).where(eq(cases.id, card.applicationCaseId)).for('no key update');
    if (application?.state === 'executed') await move(tx, { id: application.id, state: 'executed' }, 'complete', actorId, { card: card.id, outcome: event });
  }
  await move(tx, c, 'execute', actorId, { card: card.id, event }, { executedAt: sql`now()` as unknown as Date });
  await notifyCustomer(tx, {
    customerId: row.customerId,
    sessionId: row.sessionId,
    template: payload.kind === 'unfreeze' ? 'cardUnfrozen' : 'cardBlocked',
    params: { last4: card.last4 ?? '----', kind: payload.kind === 'unfreeze' ? 'unfreeze' : payload.block },
    channels: ['sms', 'in_app'],
  });
  return move(tx, c, 'complete', actorId);
}

/**
 * Reports a card lost (挂失), freezes it (临时冻结) or closes it (销卡) at the customer's request: a case the policy
 * executes at once. Protecting the customer is never held up by an expired document: the gate is the ladder only.
 */
export const submitCardBlock: Submit<{ cardId: string; kind: CardBlock }> = caseSubmission(
  'card_loss',
  'card_service',
  (i) => [i.cardId, i.kind],
  async (tx, customerId, input) => {
    const card = await lockCustomerCard(tx, input.cardId, customerId);
    if (!cardTransition(card.status as CardState, BLOCK_EVENT[input.kind])) throw new DomainError('errors.cardState', 'failed', { cardId: ['errors.cardState'] });
    const payload: CardBlockPayload = { kind: 'card_loss', cardId: card.id, block: input.kind };
    return { type: 'card_loss', payload, summary: { cardLast4: card.last4, block: input.kind }, amountFen: null };
  },
  executeCardCase,
);

/** Asks to unfreeze a frozen card (解冻): a case for a supervisor, one live per card. */
export const submitCardUnfreeze: Submit<{ cardId: string }> = caseSubmission(
  'unfreeze',
  'card_service',
  (i) => [i.cardId],
  async (tx, customerId, input) => {
    const card = await lockCustomerCard(tx, input.cardId, customerId);
    if (card.status !== 'frozen') throw new DomainError('errors.cardNotFrozen', 'failed', { cardId: ['errors.cardNotFrozen'] });
    const payload: UnfreezePayload = { kind: 'unfreeze', cardId: card.id };
    return { type: 'unfreeze', payload, summary: { cardLast4: card.last4 }, amountFen: null, target: `card:${card.id}` };
  },
  executeCardCase,
);

/** A card for card operations, locked for the step, with its application case. */
async function lockCardForOperations(tx: Tx, cardId: string) {
  const [card] = await tx.select().from(cards).where(eq(cards.id, cardId)).for('no key update');
  if (!card) throw new DomainError('errors.notFound', 'failed');
  return card;
}

/**
 * Records the card bureau's production of a card (制卡), checked against the application: the number is ours (BIN,
 * Luhn) and not on another card, the embossed name is the applicant's, the linked account is the one applied for.
 */
export async function produceCard(staffId: string, input: { cardId: string; cardNumber: string; embossedName: string; accountNumber: string }): Promise<{ last4: string }> {
  try {
    return await db.transaction(async (tx) => {
      const card = await lockCardForOperations(tx, input.cardId);
      if (card.status !== 'requested') throw new DomainError('errors.cardState', 'failed');
      const [account] = await tx.select({ number: accounts.number }).from(accounts).where(eq(accounts.id, card.accountId));
      const fields: Record<string, string[]> = {};
      if (embossedForm(input.embossedName) !== card.embossedName) fields.embossedName = ['errors.productionNameMismatch'];
      if (account!.number !== input.accountNumber) fields.accountNumber = ['errors.productionAccountMismatch'];
      if (Object.keys(fields).length > 0) throw new DomainError('errors.productionMismatch', 'failed', fields);
      const last4 = input.cardNumber.slice(-4);
      await moveCard(tx, card, 'produce', { numberEnc: encryptPii(input.cardNumber), numberIndex: blindIndex('card', input.cardNumber), last4, producedAt: sql`now()` as unknown as Date, producedBy: staffId });
      await addCaseEvent(tx, card.applicationCaseId, 'card.produced', staffId, { last4 });
      return { last4 };
    });
  } catch (err) {
    if (violatesUnique(err, 'cards_number_idx')) throw new DomainError('errors.cardNumberTaken', 'failed', { cardNumber: ['errors.cardNumberTaken'] });
    throw err;
  }
}

/** Records the dispatch (寄送): by mail with a tracking number, or to the branch the application named. */
export async function dispatchCard(staffId: string, input: { cardId: string; trackingNumber?: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const card = await lockCardForOperations(tx, input.cardId);
    if (card.status !== 'produced') throw new DomainError('errors.cardState', 'failed');
    if (card.deliveryMethod === 'mail' && !input.trackingNumber) throw new DomainError('errors.trackingNumberRequired', 'failed', { trackingNumber: ['errors.trackingNumberRequired'] });
    const trackingNumber = card.deliveryMethod === 'mail' ? input.trackingNumber! : null;
    await moveCard(tx, card, 'dispatch', { trackingNumber, dispatchedAt: sql`now()` as unknown as Date, dispatchedBy: staffId });
    await addCaseEvent(tx, card.applicationCaseId, 'card.dispatched', staffId, { method: card.deliveryMethod, trackingNumber, branch: card.branch });
    const [c] = await tx.select({ sessionId: cases.sessionId }).from(cases).where(eq(cases.id, card.applicationCaseId));
    await notifyCustomer(tx, { customerId: card.customerId, sessionId: c?.sessionId ?? null, template: 'cardDispatched', params: { last4: card.last4 ?? '', method: card.deliveryMethod, tracking: trackingNumber ?? '' }, channels: ['sms', 'in_app'] });
  });
}

/**
 * Records the delivery (交付): a mailed card as received; a card at a branch as collected by the holder in person,
 * with their ID number (checked against the record, kept sealed) and the signed receipt's reference.
 */
export async function deliverCard(staffId: string, input: { cardId: string; collectorName?: string; collectorIdNumber?: string; signatureRef?: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const card = await lockCardForOperations(tx, input.cardId);
    if (card.status !== 'dispatched') throw new DomainError('errors.cardState', 'failed');
    let collectorEnc: string | null = null;
    if (card.deliveryMethod === 'branch') {
      const fields: Record<string, string[]> = {};
      if (!input.collectorName) fields.collectorName = ['errors.required'];
      if (!input.collectorIdNumber) fields.collectorIdNumber = ['errors.required'];
      if (!input.signatureRef) fields.signatureRef = ['errors.signatureRefRequired'];
      if (Object.keys(fields).length > 0) throw new DomainError('errors.collectionIncomplete', 'failed', fields);
      const [holder] = await tx.select({ name: customers.name, idNumberEnc: customers.idNumberEnc, documentType: customers.documentType }).from(customers).where(eq(customers.id, card.customerId));
      const sameId = normaliseDocumentNumber(holder!.documentType as DocumentType, decryptPii(holder!.idNumberEnc)) === normaliseDocumentNumber(holder!.documentType as DocumentType, input.collectorIdNumber!);
      if (!sameId || embossedForm(holder!.name) !== embossedForm(input.collectorName!)) throw new DomainError('errors.collectorNotHolder', 'failed', { collectorIdNumber: ['errors.collectorNotHolder'] });
      collectorEnc = encryptPii(JSON.stringify({ name: input.collectorName, idNumber: input.collectorIdNumber }));
    }
    await moveCard(tx, card, 'deliver', { collectorEnc, signatureRef: card.deliveryMethod === 'branch' ? input.signatureRef! : (input.signatureRef ?? null), deliveredAt: sql`now()` as unknown as Date, deliveredBy: staffId });
    await addCaseEvent(tx, card.applicationCaseId, 'card.delivered', staffId, { method: card.deliveryMethod, signatureRef: input.signatureRef ?? null });
  });
}

/**
 * Activation, first half (激活): identity verified again in the session, the teller asks the telephony system to have
 * the customer key a new card password twice. The teller never hears or sees it.
 */
export async function promptCardActivation(sessionId: string, tellerId: string, cardId: string): Promise<string> {
  return inOpenSession(sessionId, tellerId, async (tx, session) => {
    const { customerId } = await gateBusiness(tx, sessionId, session, 'card_service');
    const card = await lockCustomerCard(tx, cardId, customerId);
    if (card.status !== 'delivered') throw new DomainError('errors.cardNotDelivered', 'failed', { cardId: ['errors.cardNotDelivered'] });
    await supersedeLivePrompt(tx, sessionId);
    const [row] = await tx
      .insert(passwordPrompts)
      .values({ sessionId, customerId, requestedBy: tellerId, purpose: 'set_card_password', cardId, expiresAt: sql`now() + make_interval(secs => ${PASSWORD_PROMPT_TTL_MS / 1000})` as unknown as Date })
      .returning({ id: passwordPrompts.id });
    await addSessionEvent(tx, sessionId, tellerId, 'card.activationPrompted', { last4: card.last4 });
    await addCaseEvent(tx, card.applicationCaseId, 'card.activationPrompted', tellerId, { session: sessionId });
    return row!.id;
  });
}

export type NewPasswordRefusal = { status: 'mismatch' } | { status: 'weak'; problems: PinProblem[] };
export type ActivationAnswer = { status: 'activated'; last4: string } | NewPasswordRefusal | { status: 'cardState' };

/**
 * Why a new card password keyed twice cannot be taken: the entries differ, or it breaks the strength policy (judged
 * against the customer's own date of birth, ID number and mobile). Undefined when it can.
 */
export async function newPasswordRefused(tx: Tx, customerId: string, digits: string, confirm: string | undefined): Promise<NewPasswordRefusal | undefined> {
  if (confirm !== digits) return { status: 'mismatch' };
  const [customer] = await tx.select({ birthDate: customers.birthDate, idNumberEnc: customers.idNumberEnc, mobileEnc: customers.mobileEnc }).from(customers).where(eq(customers.id, customerId));
  const problems = pinProblems(digits, { birthDate: customer!.birthDate, idNumber: decryptPii(customer!.idNumberEnc), mobile: decryptPii(customer!.mobileEnc) });
  return problems.length > 0 ? { status: 'weak', problems } : undefined;
}

/**
 * Activation, second half: the telephony system's answer to a set-password prompt, in the caller's transaction (which
 * holds the prompt's lock). The two entries must agree and pass the strength policy — otherwise the prompt stays open
 * for the customer to try again — then the password is stored as an argon2id hash (it is the ladder's password step
 * from now on), the card is activated and its application case completed.
 */
export async function activateWithPassword(tx: Tx, prompt: { id: string; customerId: string; cardId: string; sessionId: string; requestedBy: string }, digits: string, confirm: string | undefined): Promise<ActivationAnswer> {
  const refused = await newPasswordRefused(tx, prompt.customerId, digits, confirm);
  if (refused) return refused;
  const [card] = await tx.select().from(cards).where(and(eq(cards.id, prompt.cardId), eq(cards.customerId, prompt.customerId))).for('no key update');
  if (!card || card.status !== 'delivered') return { status: 'cardState' };
  await setCustomerPasswordHash(tx, { customerId: prompt.customerId, passwordHash: await hashPassword(digits), setVia: 'card_activation' });
  await moveCard(tx, card, 'activate', { activatedAt: sql`now()` as unknown as Date });
  const [application] = await tx.select({ id: cases.id, state: cases.state }).from(cases).where(eq(cases.id, card.applicationCaseId)).for('no key update');
  if (application && application.state === 'executed') await move(tx, { id: application.id, state: 'executed' }, 'complete', prompt.requestedBy, { card: card.id, session: prompt.sessionId });
  await addSessionEvent(tx, prompt.sessionId, null, 'card.activated', { last4: card.last4 });
  await notifyCustomer(tx, { customerId: prompt.customerId, sessionId: prompt.sessionId, template: 'cardActivated', params: { last4: card.last4 ?? '' }, channels: ['sms', 'in_app'] });
  return { status: 'activated', last4: card.last4! };
}

/** The customer's cards for the console and the customer screen, newest first; numbers masked (last four only). */
export async function listCustomerCards(customerId: string) {
  return db
    .select({ id: cards.id, status: cards.status, last4: cards.last4, accountId: cards.accountId, accountNumber: accounts.number, deliveryMethod: cards.deliveryMethod, branch: cards.branch, createdAt: cards.createdAt })
    .from(cards)
    .innerJoin(accounts, eq(accounts.id, cards.accountId))
    .where(eq(cards.customerId, customerId))
    .orderBy(sql`${cards.createdAt} DESC`)
    .then((rows) => rows.map(({ accountNumber, ...r }) => ({ ...r, accountLast4: accountNumber.slice(-4) })));
}

export const FULFILMENT_STATES = ['requested', 'produced', 'dispatched'] as const;

/** Card operations' work list (制卡与发放): cards on their way to the customer, oldest first. */
export async function listCardsInFulfilment(limit = 100) {
  return db
    .select({
      id: cards.id,
      status: cards.status,
      customerName: customers.name,
      embossedName: cards.embossedName,
      accountNumber: accounts.number,
      deliveryMethod: cards.deliveryMethod,
      branch: cards.branch,
      last4: cards.last4,
      trackingNumber: cards.trackingNumber,
      createdAt: cards.createdAt,
    })
    .from(cards)
    .innerJoin(customers, eq(customers.id, cards.customerId))
    .innerJoin(accounts, eq(accounts.id, cards.accountId))
    .where(inArray(cards.status, [...FULFILMENT_STATES]))
    .orderBy(asc(cards.createdAt), asc(cards.id))
    .limit(limit)
    .then((rows) => rows.map(({ accountNumber, ...r }) => ({ ...r, accountLast4: accountNumber.slice(-4) })));
}
