import 'server-only';
import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { riskLevel } from './enums';
import { staff } from './staff';

/** Identity number and mobile are stored encrypted (AES-256-GCM) with keyed blind indexes for exact lookup. */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberIndex: text('id_number_index').notNull().unique(),
    idNumberLast4: text('id_number_last4').notNull(),
    mobileEnc: text('mobile_enc').notNull(),
    mobileIndex: text('mobile_index').notNull(),
    mobileLast4: text('mobile_last4').notNull(),
    // Optional e-mail for notifications: encrypted, with a masked form for screens.
    emailEnc: text('email_enc'),
    emailMasked: text('email_masked'),
    // The risk level the ladder policy reads (risk assessment itself belongs to intake); the language messages use.
    riskLevel: riskLevel('risk_level').notNull().default('medium'),
    language: text('language').notNull().default('zh-CN'),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('customers_name_idx').on(t.name), check('customers_language', sql`${t.language} IN ('zh-CN', 'en')`)],
);
export type Customer = typeof customers.$inferSelect;
export type NewCustomer = typeof customers.$inferInsert;
