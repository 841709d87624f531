import 'server-only';
import { and, eq, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import { db } from '@/db';
import { appendAudit } from '@/db/queries/audit';
import { caseEvents, cases, documentSupplements } from '@/db/schema';
import { transition, type CaseState } from './state-machine';

const EXPIRING = ['pending_approval', 'documents', 'returned'] as const;

/**
 * The approval SLA sweep, run every minute by a pg-boss job (never a timer in a page): a case waiting past its SLA is
 * escalated to every supervisor (marked, and shown at the top of the queue as overdue); a case waiting past its expiry
 * expires and can no longer be approved. Idempotent: each case is escalated once and expires once.
 */
export async function sweepCases(): Promise<{ escalated: number; expired: number }> {
  const escalated = await db.transaction(async (tx) => {
    const rows = await tx
      .update(cases)
      .set({ escalatedAt: sql`now()` })
      .where(and(eq(cases.state, 'pending_approval'), lt(cases.slaDueAt, sql`now()`), isNull(cases.escalatedAt)))
      .returning({ id: cases.id });
    for (const r of rows) {
      await tx.insert(caseEvents).values({ caseId: r.id, kind: 'case.escalated', actorId: null, data: { to: 'all_supervisors' } });
      await appendAudit({ actorId: null, actorRole: null, action: 'case.escalated', outcome: 'ok', entityType: 'case', entityId: r.id, details: {} }, tx);
    }
    return rows.length;
  });
  let expired = 0;
  // Waiting for approval, collecting documents, or returned and never resubmitted: past its expiry a case ends.
  const due = await db.select({ id: cases.id }).from(cases).where(and(inArray(cases.state, [...EXPIRING]), lt(cases.expiresAt, sql`now()`)));
  for (const { id } of due) if (await expireCase(id)) expired++;
  return { escalated, expired };
}

/** Expires one pending case past its expiry, under its row lock (a decision at the same moment waits, then sees it). */
export async function expireCase(id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ state: cases.state, expiresAt: cases.expiresAt }).from(cases).where(eq(cases.id, id)).for('no key update');
    if (!row || !(EXPIRING as readonly string[]).includes(row.state) || !row.expiresAt || row.expiresAt.getTime() > Date.now()) return false;
    const next = transition(row.state as CaseState, 'expire');
    if (!next.ok) return false;
    await tx.update(cases).set({ state: next.to }).where(eq(cases.id, id));
    await tx.insert(caseEvents).values({ caseId: id, kind: 'case.expire', actorId: null, data: { from: row.state, to: next.to } });
    // Nothing is asked of the customer for an expired case any more.
    await tx.update(documentSupplements).set({ status: 'resolved', resolvedAt: sql`now()` }).where(and(eq(documentSupplements.caseId, id), ne(documentSupplements.status, 'resolved')));
    await appendAudit({ actorId: null, actorRole: null, action: 'case.expired', outcome: 'ok', entityType: 'case', entityId: id, details: {} }, tx);
    return true;
  });
}
