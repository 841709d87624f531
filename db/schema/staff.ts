import 'server-only';
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { staffRole } from './enums';

/** A team (班组) of the remote counter: its tellers and the supervisors who lead it (appraisal medians, team reports). */
export const teams = pgTable('teams', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('teams_name', sql`length(btrim(${t.name})) BETWEEN 1 AND 60`)]);

export const staff = pgTable('staff', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: staffRole('role').notNull(),
  passwordHash: text('password_hash').notNull(),
  active: boolean('active').notNull().default(true),
  failedSignIns: integer('failed_sign_ins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  teamId: uuid('team_id').references(() => teams.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** The authenticator's shared secret, sealed like personal data; pending until the first code confirms it. */
  totpSecret: text('totp_secret_enc'),
  totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
  /** The last 30-second step a code was accepted for: a code (or an older one) never works twice. */
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
}, (t) => [index('staff_team_idx').on(t.teamId), check('staff_totp_enabled', sql`${t.totpEnabledAt} IS NULL OR ${t.totpSecret} IS NOT NULL`)]);
export type Staff = typeof staff.$inferSelect;
export type NewStaff = typeof staff.$inferInsert;

/** One row per sign-in: the JWT carries only its id, so the server can end it at once. */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id').notNull().references(() => staff.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
    /** When this person last proved who they are (sign-in or step-up): approvals and reveals need it within 5 minutes. */
    authenticatedAt: timestamp('authenticated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('staff_sessions_live_idx').on(t.staffId).where(sql`${t.endedAt} IS NULL`)],
);
export type StaffSession = typeof staffSessions.$inferSelect;

/** One-time recovery codes for a lost authenticator: only their SHA-256 is kept, and each works once. */
export const staffRecoveryCodes = pgTable(
  'staff_recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id').notNull().references(() => staff.id),
    codeHash: text('code_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [unique('staff_recovery_codes_code').on(t.staffId, t.codeHash), index('staff_recovery_codes_staff_idx').on(t.staffId).where(sql`${t.usedAt} IS NULL`)],
);

/**
 * Something for a member of staff to see (站内通知): a complaint escalated, an article flagged outdated, a review due.
 * The text is a catalogue key with its values, rendered in the reader's language; the link opens the work.
 */
export const staffNotifications = pgTable(
  'staff_notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id').notNull().references(() => staff.id),
    kind: text('kind').notNull(),
    params: jsonb('params').notNull().default(sql`'{}'::jsonb`),
    link: text('link'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('staff_notifications_unread_idx').on(t.staffId, t.createdAt).where(sql`${t.readAt} IS NULL`), check('staff_notifications_link', sql`${t.link} IS NULL OR ${t.link} ~ '^/[^/]'`)],
);
