import 'server-only';
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { outboxChannel, outboxStatus } from './enums';
import { customers } from './customers';
import { serviceSessions } from './service-sessions';

/**
 * Every message to a customer, written in the same transaction as the change that causes it and delivered by the
 * worker. Recipient and body are encrypted: a one-time code must not sit in the database in clear.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').references(() => customers.id),
    sessionId: uuid('session_id').references(() => serviceSessions.id),
    channel: outboxChannel('channel').notNull(),
    template: text('template').notNull(),
    locale: text('locale').notNull(),
    recipientEnc: text('recipient_enc').notNull(),
    // What screens may show of the recipient: an SMS number's last 4 digits, an e-mail address already masked, '' in-app.
    recipientLast4: text('recipient_last4').notNull(),
    // E-mail subject or in-app title; null for SMS.
    subjectEnc: text('subject_enc'),
    bodyEnc: text('body_enc').notNull(),
    status: outboxStatus('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_status_idx').on(t.status, t.createdAt), index('outbox_session_idx').on(t.sessionId)],
);
export type OutboxMessage = typeof outboxMessages.$inferSelect;

/** What the demo SMS sink "received": the customer's phone in the demo. Never used when a real gateway is set. */
export const demoSmsInbox = pgTable(
  'demo_sms_inbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    messageId: uuid('message_id').notNull().unique().references(() => outboxMessages.id),
    recipientLast4: text('recipient_last4').notNull(),
    bodyEnc: text('body_enc').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('demo_sms_inbox_time_idx').on(t.receivedAt)],
);

/** A one-time code: stored as a keyed hash, valid 5 minutes, single use, at most 3 attempts. */
export const otpChallenges = pgTable(
  'otp_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id').notNull().references(() => serviceSessions.id),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    codeHash: text('code_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A new code invalidates the old one: at most one live code per session.
    uniqueIndex('otp_one_live_idx').on(t.sessionId).where(sql`${t.consumedAt} IS NULL AND ${t.supersededAt} IS NULL`),
    index('otp_session_time_idx').on(t.sessionId, t.createdAt),
    check('otp_attempts_range', sql`${t.attempts} BETWEEN 0 AND 3`),
  ],
);

/** The customer's in-app inbox (system messages in the bank's app): the in-app channel delivers here. */
export const customerAppMessages = pgTable(
  'customer_app_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    messageId: uuid('message_id').notNull().unique().references(() => outboxMessages.id),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    titleEnc: text('title_enc').notNull(),
    bodyEnc: text('body_enc').notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('customer_app_messages_customer_idx').on(t.customerId, t.deliveredAt)],
);

/** What the demo e-mail sink "received" (EMAIL_DRIVER=log, demo mode only). */
export const demoEmailInbox = pgTable(
  'demo_email_inbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    messageId: uuid('message_id').notNull().unique().references(() => outboxMessages.id),
    recipientMasked: text('recipient_masked').notNull(),
    subjectEnc: text('subject_enc').notNull(),
    bodyEnc: text('body_enc').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('demo_email_inbox_time_idx').on(t.receivedAt)],
);
