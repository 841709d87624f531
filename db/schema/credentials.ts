import 'server-only';
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cards } from './cards';
import { cases } from './cases';
import { customers } from './customers';
import { serviceSessions } from './service-sessions';
import { staff } from './staff';

/**
 * The customer's query/transaction password (the password step of the ladder), kept only as an argon2id hash. Card
 * activation sets it; the demo seed gives the demo customers one.
 */
export const customerPasswords = pgTable('customer_passwords', {
  customerId: uuid('customer_id').primaryKey().references(() => customers.id),
  passwordHash: text('password_hash').notNull(),
  setVia: text('set_via').notNull(),
  setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * An external system allowed to call the integration endpoints (telephony/IVR). Only a SHA-256 of its random token is
 * stored; the token is shown once when it is issued.
 */
export const integrations = pgTable(
  'integrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull().unique(),
    tokenHash: text('token_hash').notNull().unique(),
    tokenHint: text('token_hint').notNull(),
    // What the integration may do: 'keypad' (answer password prompts), 'recording' (deliver recordings).
    capabilities: text('capabilities').array().notNull().default(sql`'{}'::text[]`),
    createdBy: uuid('created_by').references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
);

/**
 * The teller asked the customer to key their password on the phone: the telephony system may answer this prompt once,
 * within 3 minutes. A new prompt replaces the old one.
 */
export const passwordPrompts = pgTable(
  'password_prompts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id').notNull().references(() => serviceSessions.id),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    requestedBy: uuid('requested_by').notNull().references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredBy: uuid('answered_by').references(() => integrations.id),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    // 'verify': the ladder's password step; 'set_card_password': activating this card, the customer keys a new
    // password twice.
    purpose: text('purpose').notNull().default('verify'),
    cardId: uuid('card_id').references(() => cards.id),
    // 'reset_password': after an approved password reset (this case), the customer keys a new password twice.
    caseId: uuid('case_id').references(() => cases.id),
  },
  (t) => [
    check(
      'password_prompts_purpose',
      sql`(${t.purpose} = 'verify' AND ${t.cardId} IS NULL AND ${t.caseId} IS NULL) OR (${t.purpose} = 'set_card_password' AND ${t.cardId} IS NOT NULL AND ${t.caseId} IS NULL) OR (${t.purpose} = 'reset_password' AND ${t.caseId} IS NOT NULL AND ${t.cardId} IS NULL)`,
    ),
    uniqueIndex('password_prompts_one_live_idx').on(t.sessionId).where(sql`${t.answeredAt} IS NULL AND ${t.supersededAt} IS NULL`),
    index('password_prompts_live_idx').on(t.createdAt).where(sql`${t.answeredAt} IS NULL AND ${t.supersededAt} IS NULL`),
    check('password_prompts_answer_shape', sql`(${t.answeredAt} IS NULL) = (${t.answeredBy} IS NULL)`),
  ],
);

/**
 * The verification ladder policy: which steps each business needs for each customer risk level. Versioned and
 * append-only (a trigger refuses UPDATE and DELETE): the newest version applies, and an old decision can always be
 * explained by the version it was made under.
 */
export const ladderPolicies = pgTable(
  'ladder_policies',
  {
    version: integer('version').primaryKey(),
    rules: jsonb('rules').$type<Record<string, Record<string, string[]>>>().notNull(),
    note: text('note').notNull(),
    publishedBy: uuid('published_by').references(() => staff.id),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('ladder_policies_version_positive', sql`${t.version} > 0`)],
);
