import 'server-only';
import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './ledger';
import { cases } from './cases';
import { customers } from './customers';
import { staff } from './staff';

/**
 * A debit card (借记卡) on one account, from its application (the open-card case that ordered it) to its end. The
 * number arrives with production: sealed, with a keyed blind index for uniqueness and the last four for screens. The
 * dispatch and delivery records (tracking number, or the collector's identity and the signed receipt) are kept with it.
 * A trigger holds the lifecycle of lib/cards/lifecycle.ts.
 */
export const cards = pgTable(
  'cards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    applicationCaseId: uuid('application_case_id').notNull().references(() => cases.id),
    status: text('status').notNull().default('requested'),
    // What the application asked for, which production is checked against.
    embossedName: text('embossed_name').notNull(),
    deliveryMethod: text('delivery_method').notNull(),
    branch: text('branch'),
    numberEnc: text('number_enc'),
    numberIndex: text('number_index'),
    last4: text('last4'),
    producedAt: timestamp('produced_at', { withTimezone: true }),
    producedBy: uuid('produced_by').references(() => staff.id),
    trackingNumber: text('tracking_number'),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    dispatchedBy: uuid('dispatched_by').references(() => staff.id),
    // Branch pick-up: who collected it (name and ID number, sealed) and the signed receipt's reference.
    collectorEnc: text('collector_enc'),
    signatureRef: text('signature_ref'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    deliveredBy: uuid('delivered_by').references(() => staff.id),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    blockedAt: timestamp('blocked_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('cards_customer_idx').on(t.customerId, t.createdAt),
    index('cards_status_idx').on(t.status, t.createdAt),
    uniqueIndex('cards_application_idx').on(t.applicationCaseId),
    uniqueIndex('cards_number_idx').on(t.numberIndex).where(sql`${t.numberIndex} IS NOT NULL`),
    check('cards_status', sql`${t.status} IN ('requested', 'produced', 'dispatched', 'delivered', 'activated', 'frozen', 'lost', 'closed')`),
    check('cards_delivery', sql`(${t.deliveryMethod} = 'mail' AND ${t.branch} IS NULL) OR (${t.deliveryMethod} = 'branch' AND ${t.branch} IS NOT NULL)`),
    check('cards_last4', sql`${t.last4} IS NULL OR ${t.last4} ~ '^[0-9]{4}$'`),
    // Each stage leaves its record: a produced card has its number, a mailed one its tracking number, a card collected at
    // a branch its collector and signed receipt.
    check('cards_produced_shape', sql`${t.status} IN ('requested', 'closed') OR ${t.producedAt} IS NOT NULL`),
    check('cards_number_shape', sql`(${t.numberEnc} IS NULL) = (${t.numberIndex} IS NULL) AND (${t.numberEnc} IS NULL) = (${t.last4} IS NULL) AND (${t.producedAt} IS NULL) = (${t.numberEnc} IS NULL)`),
    check('cards_dispatch_shape', sql`${t.dispatchedAt} IS NULL OR ${t.deliveryMethod} = 'branch' OR ${t.trackingNumber} IS NOT NULL`),
    check('cards_collection_shape', sql`${t.deliveredAt} IS NULL OR ${t.deliveryMethod} = 'mail' OR (${t.collectorEnc} IS NOT NULL AND ${t.signatureRef} IS NOT NULL)`),
  ],
);
