import 'server-only';
import { createHash } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db';
import { customerPasswords, customers, integrations, passwordPrompts, serviceSessions, staff } from '@/db/schema';
import { maskMobile } from '@/lib/customers/mobile';

/** Integration tokens are long random strings: a plain SHA-256 is enough to keep them unusable if the table leaks. */
export function integrationTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export type IntegrationCapability = 'keypad' | 'recording';

export async function findIntegrationByToken(token: string): Promise<{ id: string; name: string; capabilities: string[] } | undefined> {
  const [row] = await db
    .update(integrations)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(integrations.tokenHash, integrationTokenHash(token)), isNull(integrations.revokedAt)))
    .returning({ id: integrations.id, name: integrations.name, capabilities: integrations.capabilities });
  return row;
}

/** Adds an integration, or gives an existing one of that name a new token (the old token stops working). */
export async function upsertIntegration(v: { name: string; token: string; capabilities: IntegrationCapability[]; createdBy: string | null }, conn: DbOrTx = db): Promise<string> {
  const tokenHash = integrationTokenHash(v.token);
  const [row] = await conn
    .insert(integrations)
    .values({ name: v.name, tokenHash, tokenHint: v.token.slice(-4), capabilities: v.capabilities, createdBy: v.createdBy })
    .onConflictDoUpdate({ target: integrations.name, set: { tokenHash, tokenHint: v.token.slice(-4), capabilities: v.capabilities, revokedAt: null } })
    .returning({ id: integrations.id });
  return row!.id;
}

export async function listIntegrations() {
  return db
    .select({ id: integrations.id, name: integrations.name, tokenHint: integrations.tokenHint, createdAt: integrations.createdAt, lastUsedAt: integrations.lastUsedAt, revokedAt: integrations.revokedAt })
    .from(integrations)
    .orderBy(integrations.name);
}

export async function revokeIntegration(conn: DbOrTx, id: string): Promise<boolean> {
  const rows = await conn.update(integrations).set({ revokedAt: sql`now()` }).where(and(eq(integrations.id, id), isNull(integrations.revokedAt))).returning({ id: integrations.id });
  return rows.length === 1;
}

export async function getCustomerPasswordHash(conn: DbOrTx, customerId: string): Promise<string | undefined> {
  const [row] = await conn.select({ hash: customerPasswords.passwordHash }).from(customerPasswords).where(eq(customerPasswords.customerId, customerId));
  return row?.hash;
}

export async function setCustomerPasswordHash(conn: DbOrTx, v: { customerId: string; passwordHash: string; setVia: string }): Promise<void> {
  await conn
    .insert(customerPasswords)
    .values(v)
    .onConflictDoUpdate({ target: customerPasswords.customerId, set: { passwordHash: v.passwordHash, setVia: v.setVia, setAt: sql`now()` } });
}

const live = and(isNull(passwordPrompts.answeredAt), isNull(passwordPrompts.supersededAt));

export async function supersedeLivePrompt(conn: DbOrTx, sessionId: string): Promise<void> {
  await conn.update(passwordPrompts).set({ supersededAt: sql`now()` }).where(and(eq(passwordPrompts.sessionId, sessionId), live));
}

export async function insertPasswordPrompt(conn: DbOrTx, v: { sessionId: string; customerId: string; requestedBy: string; ttlMs: number }): Promise<string> {
  const [row] = await conn
    .insert(passwordPrompts)
    .values({ sessionId: v.sessionId, customerId: v.customerId, requestedBy: v.requestedBy, expiresAt: sql`now() + make_interval(secs => ${v.ttlMs / 1000})` })
    .returning({ id: passwordPrompts.id });
  return row!.id;
}

/**
 * The session's live prompt, locked for this answer, with whether the session is still open and the prompt still in
 * time. Undefined when nothing is waiting for digits.
 */
export async function lockLivePrompt(conn: DbOrTx, sessionId: string) {
  const [row] = await conn
    .select({
      id: passwordPrompts.id,
      customerId: passwordPrompts.customerId,
      requestedBy: passwordPrompts.requestedBy,
      purpose: passwordPrompts.purpose,
      cardId: passwordPrompts.cardId,
      caseId: passwordPrompts.caseId,
      expired: sql<boolean>`${passwordPrompts.expiresAt} <= now()`,
      sessionOpen: sql<boolean>`${serviceSessions.status} = 'open' AND ${serviceSessions.customerId} = ${passwordPrompts.customerId}`,
    })
    .from(passwordPrompts)
    .innerJoin(serviceSessions, eq(serviceSessions.id, passwordPrompts.sessionId))
    .where(and(eq(passwordPrompts.sessionId, sessionId), live))
    .for('update', { of: passwordPrompts });
  return row;
}

export async function answerPrompt(conn: DbOrTx, id: string, integrationId: string): Promise<void> {
  await conn.update(passwordPrompts).set({ answeredAt: sql`now()`, answeredBy: integrationId }).where(eq(passwordPrompts.id, id));
}

/**
 * For the demo phone: calls whose customer is being asked for their password, and those answered in the last two
 * minutes (so the person at the keypad sees their digits went), newest first.
 */
export async function listLivePromptsForDemo() {
  const rows = await db
    .select({
      id: passwordPrompts.id,
      sessionId: passwordPrompts.sessionId,
      customerName: customers.name,
      mobileLast4: customers.mobileLast4,
      tellerName: staff.displayName,
      purpose: passwordPrompts.purpose,
      createdAt: passwordPrompts.createdAt,
      answeredAt: passwordPrompts.answeredAt,
    })
    .from(passwordPrompts)
    .innerJoin(customers, eq(customers.id, passwordPrompts.customerId))
    .innerJoin(staff, eq(staff.id, passwordPrompts.requestedBy))
    .where(
      sql`(${passwordPrompts.answeredAt} IS NULL AND ${passwordPrompts.supersededAt} IS NULL AND ${passwordPrompts.expiresAt} > now()) OR ${passwordPrompts.answeredAt} > now() - interval '2 minutes'`,
    )
    .orderBy(desc(passwordPrompts.createdAt))
    .limit(20);
  return rows.map(({ mobileLast4, ...r }) => ({ ...r, mobileMasked: maskMobile(mobileLast4) }));
}
