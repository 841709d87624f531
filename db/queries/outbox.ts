import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { db, type Tx } from '@/db';
import { DELIVER_QUEUE, sendJobInTransaction } from '@/db/boss';
import { customerAppMessages, demoEmailInbox, demoSmsInbox, outboxMessages } from '@/db/schema';
import { decryptPii, encryptPii } from '@/lib/crypto/pii';
import { maskMobile } from '@/lib/customers/mobile';

export type OutboxChannel = 'sms' | 'email' | 'in_app';

// A message left 'sending' this long (its sender died or lost the database mid-attempt) may be claimed again. Shorter
// than a delivery job's expiry (db/boss.ts), so the job taken again after it expires can claim the message.
const RECLAIM_SECONDS = Number(process.env.OUTBOX_RECLAIM_SECONDS ?? 120);

/**
 * Writes the message and queues its delivery job in the caller's transaction. `hint` is what screens may show of the
 * recipient (a mobile's last 4 digits, a masked e-mail address, or nothing for the in-app inbox).
 */
export async function enqueueMessage(
  tx: Tx,
  v: { channel: OutboxChannel; customerId: string; sessionId: string | null; template: string; locale: string; to: string; hint: string; subject?: string; body: string },
): Promise<string> {
  const [row] = await tx
    .insert(outboxMessages)
    .values({
      customerId: v.customerId,
      sessionId: v.sessionId,
      channel: v.channel,
      template: v.template,
      locale: v.locale,
      recipientEnc: encryptPii(v.to),
      recipientLast4: v.hint,
      subjectEnc: v.subject === undefined ? null : encryptPii(v.subject),
      bodyEnc: encryptPii(v.body),
    })
    .returning({ id: outboxMessages.id });
  await sendJobInTransaction(tx, DELIVER_QUEUE, { messageId: row!.id });
  return row!.id;
}

export type ClaimedMessage = { id: string; channel: OutboxChannel; customerId: string | null; to: string; subject: string | null; body: string; recipientLast4: string; attempts: number };

/**
 * Claims a message for one delivery attempt. Only a queued message (or one whose sender died mid-attempt) can be
 * claimed, so a message is delivered once even when its job runs twice.
 */
export async function claimMessage(id: string): Promise<ClaimedMessage | undefined> {
  // A one-time code delivered after its 5 minutes would only mislead the customer: it is failed instead.
  await db
    .update(outboxMessages)
    .set({ status: 'failed', lastError: 'expired before delivery' })
    .where(and(eq(outboxMessages.id, id), eq(outboxMessages.status, 'queued'), sql`${outboxMessages.template} = 'otp' AND ${outboxMessages.createdAt} < now() - interval '5 minutes'`));
  const [row] = await db
    .update(outboxMessages)
    .set({ status: 'sending', attempts: sql`${outboxMessages.attempts} + 1`, claimedAt: sql`now()` })
    .where(
      and(
        eq(outboxMessages.id, id),
        sql`(${outboxMessages.status} = 'queued' OR (${outboxMessages.status} = 'sending' AND ${outboxMessages.claimedAt} < now() - make_interval(secs => ${RECLAIM_SECONDS})))`,
      ),
    )
    .returning();
  if (!row) return undefined;
  return {
    id: row.id,
    channel: row.channel,
    customerId: row.customerId,
    to: decryptPii(row.recipientEnc),
    subject: row.subjectEnc ? decryptPii(row.subjectEnc) : null,
    body: decryptPii(row.bodyEnc),
    recipientLast4: row.recipientLast4,
    attempts: row.attempts,
  };
}

export async function markSent(id: string): Promise<void> {
  await db.update(outboxMessages).set({ status: 'sent', sentAt: sql`now()`, lastError: null }).where(eq(outboxMessages.id, id));
}

export async function markAttemptFailed(id: string, error: string, final: boolean): Promise<void> {
  await db.update(outboxMessages).set({ status: final ? 'failed' : 'queued', lastError: error.slice(0, 300) }).where(eq(outboxMessages.id, id));
}

/** The in-app channel: the message lands in the customer's app inbox, once. */
export async function deliverToAppInbox(messageId: string, customerId: string, title: string, body: string): Promise<void> {
  await db.insert(customerAppMessages).values({ messageId, customerId, titleEnc: encryptPii(title), bodyEnc: encryptPii(body) }).onConflictDoNothing({ target: customerAppMessages.messageId });
}

/** The demo e-mail sink: idempotent per message. */
export async function receiveDemoEmail(messageId: string, recipientMasked: string, subject: string, body: string): Promise<void> {
  await db.insert(demoEmailInbox).values({ messageId, recipientMasked, subjectEnc: encryptPii(subject), bodyEnc: encryptPii(body) }).onConflictDoNothing({ target: demoEmailInbox.messageId });
}

export async function listDemoEmail(limit = 20) {
  const rows = await db.select().from(demoEmailInbox).orderBy(desc(demoEmailInbox.receivedAt)).limit(limit);
  return rows.map((r) => ({ id: r.id, to: r.recipientMasked, subject: decryptPii(r.subjectEnc), body: decryptPii(r.bodyEnc), receivedAt: r.receivedAt }));
}

/** The customers' app inboxes, newest first (the demo shows them; the customer app reads its own). */
export async function listAppMessages(limit = 20) {
  const rows = await db
    .select({ id: customerAppMessages.id, customerId: customerAppMessages.customerId, titleEnc: customerAppMessages.titleEnc, bodyEnc: customerAppMessages.bodyEnc, deliveredAt: customerAppMessages.deliveredAt })
    .from(customerAppMessages)
    .orderBy(desc(customerAppMessages.deliveredAt))
    .limit(limit);
  return rows.map((r) => ({ id: r.id, customerId: r.customerId, title: decryptPii(r.titleEnc), body: decryptPii(r.bodyEnc), deliveredAt: r.deliveredAt }));
}

/** The demo SMS sink: idempotent per message. */
export async function receiveDemoSms(messageId: string, recipientLast4: string, body: string): Promise<void> {
  await db.insert(demoSmsInbox).values({ messageId, recipientLast4, bodyEnc: encryptPii(body) }).onConflictDoNothing({ target: demoSmsInbox.messageId });
}

export type DemoSms = { id: string; to: string; body: string; receivedAt: Date };

export async function listDemoSms(limit = 30): Promise<DemoSms[]> {
  const rows = await db.select().from(demoSmsInbox).orderBy(desc(demoSmsInbox.receivedAt)).limit(limit);
  return rows.map((r) => ({ id: r.id, to: maskMobile(r.recipientLast4), body: decryptPii(r.bodyEnc), receivedAt: r.receivedAt }));
}

export async function getMessageStatus(id: string) {
  const [row] = await db
    .select({ status: outboxMessages.status, attempts: outboxMessages.attempts, lastError: outboxMessages.lastError })
    .from(outboxMessages)
    .where(eq(outboxMessages.id, id));
  return row;
}

export type DeliveryRow = {
  id: string;
  channel: OutboxChannel;
  template: string;
  recipientMasked: string;
  status: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

/** The admins' delivery screen: newest first, keyset-paged; never the message body (it may hold a code). */
export async function listDeliveries(opts: { before?: Date; status?: DeliveryRow['status']; limit?: number }): Promise<DeliveryRow[]> {
  const rows = await db
    .select({
      id: outboxMessages.id,
      channel: outboxMessages.channel,
      template: outboxMessages.template,
      recipientLast4: outboxMessages.recipientLast4,
      status: outboxMessages.status,
      attempts: outboxMessages.attempts,
      lastError: outboxMessages.lastError,
      createdAt: outboxMessages.createdAt,
      sentAt: outboxMessages.sentAt,
    })
    .from(outboxMessages)
    .where(
      and(
        opts.before ? sql`${outboxMessages.createdAt} < ${opts.before}` : undefined,
        opts.status ? eq(outboxMessages.status, opts.status) : undefined,
      ),
    )
    .orderBy(desc(outboxMessages.createdAt))
    .limit(Math.min(opts.limit ?? 50, 200));
  return rows.map(({ recipientLast4, ...r }) => ({ ...r, recipientMasked: r.channel === 'sms' ? maskMobile(recipientLast4) : recipientLast4 }));
}

/** Puts a failed message back in the queue with a fresh delivery job, in one transaction. */
export async function requeueFailedMessage(id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(outboxMessages)
      .set({ status: 'queued' })
      .where(
        and(
          eq(outboxMessages.id, id),
          // Failed, or stuck mid-send by a worker that died; and never a one-time code that has expired by now.
          sql`(${outboxMessages.status} = 'failed' OR (${outboxMessages.status} = 'sending' AND ${outboxMessages.claimedAt} < now() - make_interval(secs => ${RECLAIM_SECONDS})))`,
          sql`NOT (${outboxMessages.template} = 'otp' AND ${outboxMessages.createdAt} < now() - interval '5 minutes')`,
        ),
      )
      .returning({ id: outboxMessages.id });
    if (rows.length === 0) return false;
    await sendJobInTransaction(tx, DELIVER_QUEUE, { messageId: id });
    return true;
  });
}
