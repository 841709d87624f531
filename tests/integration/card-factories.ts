import { randomInt, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db } from '@/db';
import { openAccount } from '@/db/queries/ledger';
import { cards, cases } from '@/db/schema';
import type { DocumentKind } from '@/lib/documents/checklist';
import { reviewCaseDocument, uploadCaseDocument } from '@/lib/documents/service';
import { cardNumberFromSerial, type CardState } from '@/lib/cards/lifecycle';
import { activateWithPassword, deliverCard, dispatchCard, produceCard, submitCardBlock, submitOpenCard } from '@/lib/cards/service';
import { decideCase } from '@/lib/cases/service';
import { verifiedSession } from './factories';

export const ACTIVATION_PASSWORD = '507193';

export function freshCardNumber(): string {
  return cardNumberFromSerial(String(randomInt(0, 1e12)).padStart(12, '0'));
}

/** A verified session whose customer has a current account (no card yet). */
export async function sessionWithAccount(tellerId: string) {
  const s = await verifiedSession(tellerId);
  const account = await db.transaction((tx) => openAccount(tx, { customerId: s.customer.id, kind: 'current' }));
  return { ...s, account };
}

export type CardFixture = Awaited<ReturnType<typeof sessionWithAccount>> & { cardId: string; caseId: string; cardNumber: string };

/**
 * A card walked through the real steps up to `status`: applied for in a verified session (mail delivery), approved by
 * `supervisorId`, produced, mailed, received, activated with ACTIVATION_PASSWORD, frozen.
 */
export async function cardAt(status: Exclude<CardState, 'lost' | 'closed'>, tellerId: string, supervisorId: string): Promise<CardFixture> {
  const s = await sessionWithAccount(tellerId);
  const opened = await submitOpenCard(s.sessionId, tellerId, { accountId: s.account.id, delivery: 'mail', idempotencyKey: randomUUID() });
  const decision = await decideCase(opened.id, supervisorId, 'approve', null, null);
  if (decision.outcome !== 'decided') throw new Error(`factory: card application not approved (${decision.outcome})`);
  const [card] = await db.select({ id: cards.id }).from(cards).where(eq(cards.applicationCaseId, opened.id));
  const fixture = { ...s, cardId: card!.id, caseId: opened.id, cardNumber: freshCardNumber() };
  if (status === 'requested') return fixture;
  await produceCard(supervisorId, { cardId: fixture.cardId, cardNumber: fixture.cardNumber, embossedName: s.customer.fullName, accountNumber: s.account.number });
  if (status === 'produced') return fixture;
  await dispatchCard(supervisorId, { cardId: fixture.cardId, trackingNumber: `SF${randomInt(1e9, 1e10)}` });
  if (status === 'dispatched') return fixture;
  await deliverCard(supervisorId, { cardId: fixture.cardId });
  if (status === 'delivered') return fixture;
  const answer = await db.transaction((tx) =>
    activateWithPassword(tx, { id: randomUUID(), customerId: s.customer.id, cardId: fixture.cardId, sessionId: s.sessionId, requestedBy: tellerId }, ACTIVATION_PASSWORD, ACTIVATION_PASSWORD),
  );
  if (answer.status !== 'activated') throw new Error(`factory: card not activated (${answer.status})`);
  if (status === 'activated') return fixture;
  await submitCardBlock(s.sessionId, tellerId, { cardId: fixture.cardId, kind: 'freeze', idempotencyKey: randomUUID() });
  return fixture;
}

/** A small real PNG, different each call (a random colour), as a scanned document would be. */
export async function samplePng(): Promise<Uint8Array> {
  const { default: sharp } = await import('sharp');
  const background = { r: randomInt(0, 256), g: randomInt(0, 256), b: randomInt(0, 256) };
  return new Uint8Array(await sharp({ create: { width: 64, height: 40, channels: 3, background } }).png().toBuffer());
}

/** Uploads and accepts every document the case's checklist requires, as its teller would; the case then goes on. */
export async function completeDocuments(caseId: string, tellerId: string): Promise<string> {
  const [c] = await db.select({ required: cases.requiredDocuments }).from(cases).where(eq(cases.id, caseId));
  let state = 'documents';
  for (const kind of c!.required as DocumentKind[]) {
    const doc = await uploadCaseDocument({ caseId, tellerId, kind, bytes: await samplePng() });
    state = (await reviewCaseDocument({ documentId: doc.id, tellerId, decision: 'accept' })).state;
  }
  return state;
}
