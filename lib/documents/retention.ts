import 'server-only';
import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db';
import { caseDocuments, cases, customers, documentPurges, sessionRecordings, staff, storedFiles } from '@/db/schema';
import { DomainError, messageWith } from '@/lib/actions/result';
import { documentRetentionDays } from '@/lib/config';
import { storage } from '@/lib/storage';

/**
 * Retention (留存): a customer's documents are kept for the configured period after the relationship ends; only then
 * may an admin propose their deletion, and only a second admin's approval carries it out. The records stay (what was
 * reviewed, by whom, when); the files go.
 */

const retentionOver = () => sql`${customers.relationshipEndedAt} IS NOT NULL AND ${customers.relationshipEndedAt} <= now() - make_interval(days => ${documentRetentionDays()})`;
// Qualified by hand: in a one-table select drizzle writes columns unqualified, which a subquery would misread.
const unpurgedDocuments = () => sql<number>`(SELECT count(*)::int FROM case_documents d JOIN cases c ON c.id = d.case_id WHERE c.customer_id = "customers"."id" AND d.purge_id IS NULL)`;

/** Customers whose retention is over and who still have documents, for the admin's list. */
export async function listRetentionDue(limit = 100) {
  return db
    .select({ customerId: customers.id, name: customers.name, endedAt: customers.relationshipEndedAt, documents: unpurgedDocuments() })
    .from(customers)
    .where(and(retentionOver(), sql`${unpurgedDocuments()} > 0`))
    .orderBy(customers.relationshipEndedAt)
    .limit(limit);
}

/** Proposes deleting a customer's documents; refused while the retention period runs, with the date it ends. */
export async function proposePurge(adminId: string, customerId: string, reason: string): Promise<string> {
  return db.transaction(async (tx) => {
    const [c] = await tx.select({ endedAt: customers.relationshipEndedAt, over: sql<boolean>`${retentionOver()}` }).from(customers).where(eq(customers.id, customerId));
    if (!c) throw new DomainError('errors.notFound', 'failed');
    if (!c.over) {
      const until = c.endedAt ? new Date(c.endedAt.getTime() + documentRetentionDays() * 86_400_000).toISOString().slice(0, 10) : null;
      throw new DomainError(until ? messageWith('errors.retentionRuns', { date: until }) : 'errors.relationshipOpen', 'failed');
    }
    const [row] = await tx.insert(documentPurges).values({ customerId, reason, proposedBy: adminId }).onConflictDoNothing().returning({ id: documentPurges.id });
    if (!row) throw new DomainError('errors.purgePending', 'failed');
    return row.id;
  });
}

export type PurgeOutcome = { outcome: 'approved'; documents: number } | { outcome: 'rejected' } | { outcome: 'not_found' } | { outcome: 'own_proposal' } | { outcome: 'decided' } | { outcome: 'retention_runs' };

/**
 * A second admin decides a proposed purge. Approval marks every remaining document of the customer purged (the
 * database accepts that only under an approved purge) and then deletes the files no remaining record still needs.
 */
export async function decidePurge(adminId: string, purgeId: string, decision: 'approve' | 'reject'): Promise<PurgeOutcome> {
  const result = await db.transaction(async (tx) => {
    const [p] = await tx.select().from(documentPurges).where(eq(documentPurges.id, purgeId)).for('update');
    if (!p) return { outcome: 'not_found' as const };
    if (p.proposedBy === adminId) return { outcome: 'own_proposal' as const };
    if (p.status !== 'pending') return { outcome: 'decided' as const };
    if (decision === 'reject') {
      await tx.update(documentPurges).set({ status: 'rejected', decidedBy: adminId, decidedAt: sql`now()` as unknown as Date }).where(eq(documentPurges.id, purgeId));
      return { outcome: 'rejected' as const };
    }
    // Under the customer's row lock: still past retention, no account open again, no business in progress.
    await tx.execute(sql`SELECT id FROM customers WHERE id = ${p.customerId} FOR NO KEY UPDATE`);
    const [c] = await tx
      .select({
        over: sql<boolean>`${retentionOver()}`,
        active: sql<boolean>`EXISTS (SELECT 1 FROM accounts a WHERE a.customer_id = "customers"."id" AND a.status <> 'closed') OR EXISTS (SELECT 1 FROM cases k WHERE k.customer_id = "customers"."id" AND k.state NOT IN ('completed', 'rejected', 'cancelled', 'expired'))`,
      })
      .from(customers)
      .where(eq(customers.id, p.customerId));
    if (!c?.over || c.active) return { outcome: 'retention_runs' as const };
    await tx.update(documentPurges).set({ status: 'approved', decidedBy: adminId, decidedAt: sql`now()` as unknown as Date }).where(eq(documentPurges.id, purgeId));
    const purged = await tx
      .update(caseDocuments)
      .set({ purgeId, purgedAt: sql`now()` as unknown as Date })
      .where(and(isNull(caseDocuments.purgeId), inArray(caseDocuments.caseId, tx.select({ id: cases.id }).from(cases).where(eq(cases.customerId, p.customerId)))))
      .returning({ fileId: caseDocuments.fileId, thumbnailId: caseDocuments.thumbnailFileId });
    await tx.update(documentPurges).set({ documents: purged.length }).where(eq(documentPurges.id, purgeId));
    const fileIds = [...new Set(purged.flatMap((d) => [d.fileId, d.thumbnailId]).filter((x): x is string => !!x))];
    if (fileIds.length > 0) {
      // Lock the files first (an upload naming one of them holds a share lock), then judge them on what is committed:
      // a file still needed by a record that is not purged (the same scan on another case, a recording) stays.
      await tx.select({ id: storedFiles.id }).from(storedFiles).where(inArray(storedFiles.id, fileIds)).for('update');
      await tx
        .update(storedFiles)
        .set({ deletedAt: sql`now()` as unknown as Date })
        .where(
          and(
            inArray(storedFiles.id, fileIds),
            sql`NOT EXISTS (SELECT 1 FROM case_documents d WHERE d.purge_id IS NULL AND (d.file_id = ${storedFiles.id} OR d.thumbnail_file_id = ${storedFiles.id}))`,
            sql`NOT EXISTS (SELECT 1 FROM ${sessionRecordings} r WHERE r.file_id = ${storedFiles.id})`,
          ),
        );
    }
    return { outcome: 'approved' as const, documents: purged.length };
  });
  return result;
}

/**
 * Removes the objects of files deleted by a committed purge (run by the worker every minute): after the commit, so a
 * purge that rolls back never loses a file; idempotent, so a crash mid-way is finished by the next run.
 */
export async function deletePurgedObjects(limit = 200): Promise<number> {
  const rows = await db
    .select({ id: storedFiles.id, key: storedFiles.storageKey })
    .from(storedFiles)
    .where(and(isNotNull(storedFiles.deletedAt), isNull(storedFiles.objectDeletedAt)))
    .limit(limit);
  for (const r of rows) {
    await storage().delete(r.key);
    await db.update(storedFiles).set({ objectDeletedAt: sql`now()` as unknown as Date }).where(eq(storedFiles.id, r.id));
  }
  return rows.length;
}

const decider = alias(staff, 'decider');

/** Purge proposals, newest first, for the admin's screen. */
export async function listPurges(limit = 50) {
  return db
    .select({
      id: documentPurges.id,
      customerName: customers.name,
      reason: documentPurges.reason,
      status: documentPurges.status,
      proposedBy: documentPurges.proposedBy,
      proposedByName: staff.displayName,
      proposedAt: documentPurges.proposedAt,
      decidedByName: decider.displayName,
      documents: documentPurges.documents,
    })
    .from(documentPurges)
    .innerJoin(customers, eq(customers.id, documentPurges.customerId))
    .innerJoin(staff, eq(staff.id, documentPurges.proposedBy))
    .leftJoin(decider, eq(decider.id, documentPurges.decidedBy))
    .orderBy(desc(documentPurges.proposedAt))
    .limit(limit);
}
