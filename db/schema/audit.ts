import 'server-only';
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { auditOutcome, staffRole } from './enums';

/**
 * Append-only (triggers reject UPDATE, DELETE, TRUNCATE) and hash-chained: a BEFORE INSERT trigger takes an
 * advisory lock, numbers the row (`seq`) and links it to the previous row's hash, so the chain cannot fork.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull().unique(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorRole: staffRole('actor_role'),
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    outcome: auditOutcome('outcome').notNull(),
    requestId: text('request_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_events_time_idx').on(t.occurredAt, t.id), index('audit_events_entity_idx').on(t.entityType, t.entityId),
    // Refused sign-ins by address, for the per-IP throttle (lib/auth/sign-in.ts).
    index('audit_events_sign_in_refusals_idx').on(t.ip, t.occurredAt).where(sql`${t.action} = 'auth.sign_in' AND ${t.outcome} = 'denied'`),
  ],
);
export type AuditEvent = typeof auditEvents.$inferSelect;
