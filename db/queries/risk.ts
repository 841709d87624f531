import 'server-only';
import { desc, eq, sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db';
import { customerRiskAssessments, customers, riskModels } from '@/db/schema';
import { elderlyAge, reviewWindowDays } from '@/lib/config';
import { lockCustomerRow } from './verification-locks';
import { assessRisk, riskModelSchema, type Assessment, type RiskFacts, type RiskLevel, type RiskModel } from '@/lib/customers/risk';
import type { DocumentType } from '@/lib/customers/documents/types';
import { chinaDate } from '@/lib/customers/documents/dates';
import { expiryState } from '@/lib/customers/profile';

export type RiskTrigger = 'intake' | 'change' | 'verification_lock' | 'fraud' | 'override' | 'expiry' | 'model' | 'backfill';

export async function currentRiskModel(conn: DbOrTx = db): Promise<{ version: number; model: RiskModel; note: string; publishedAt: Date }> {
  const [row] = await conn.select().from(riskModels).orderBy(desc(riskModels.version)).limit(1);
  if (!row) throw new Error('no risk model: the migrations publish version 1');
  return { version: row.version, model: riskModelSchema.parse(row.model), note: row.note, publishedAt: row.publishedAt };
}

/** What the model looks at, read in the caller's transaction (so an assessment sees the change that triggered it). */
async function riskFacts(conn: DbOrTx, customerId: string, model: RiskModel): Promise<(RiskFacts & { override: RiskLevel | null }) | undefined> {
  const [row] = await conn
    .select({
      kind: customers.kind,
      industry: customers.industry,
      documentType: customers.documentType,
      documentExpiry: customers.documentExpiry,
      birthDate: customers.birthDate,
      occupation: customers.occupation,
      nationality: customers.nationality,
      override: customers.riskOverride,
      locks: sql<number>`(SELECT count(*)::int FROM verification_locks l WHERE l.customer_id = ${customerId}
        AND l.raised_at > now() - make_interval(days => ${model.verificationLocks.windowDays}))`,
      fraud: sql<boolean>`EXISTS (SELECT 1 FROM customer_freezes f WHERE f.customer_id = ${customerId}
        AND (f.status <> 'released' OR f.frozen_at > now() - make_interval(days => ${model.fraudFlag.windowDays})))`,
    })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!row) return undefined;
  return { ...row, kind: row.kind as 'individual' | 'enterprise', documentType: row.documentType as DocumentType | 'credit_code', locksInWindow: row.locks, fraudInWindow: row.fraud };
}

/**
 * Assesses a customer under the current model and records it (append-only), then sets the level that applies: the
 * model's, unless an approved override stands. Runs in the caller's transaction, next to the change that caused it.
 */
export async function assessCustomer(
  conn: DbOrTx,
  customerId: string,
  trigger: RiskTrigger,
  by: string | null,
  override?: { requestId: string },
): Promise<Assessment & { modelVersion: number; applied: RiskLevel }> {
  // Under the customer's row lock (the lock decisions and freezes take): an assessment never writes a level computed
  // from facts, or an override, that a concurrent decision has just changed.
  await lockCustomerRow(conn, customerId);
  const { version, model } = await currentRiskModel(conn);
  const facts = await riskFacts(conn, customerId, model);
  if (!facts) throw new Error('assessing a customer that does not exist');
  const assessment = assessRisk(model, facts, { elderlyAge: elderlyAge(), windowDays: reviewWindowDays() });
  const applied = facts.override ?? assessment.level;
  await conn.insert(customerRiskAssessments).values({
    customerId,
    modelVersion: version,
    score: assessment.score,
    computedLevel: assessment.level,
    level: applied,
    contributions: assessment.contributions,
    trigger,
    overrideRequestId: override?.requestId ?? null,
    assessedBy: by,
  });
  await conn.update(customers).set({ riskLevel: applied }).where(eq(customers.id, customerId));
  return { ...assessment, modelVersion: version, applied };
}

/** The latest assessment of a customer, for the screens that explain it. */
export async function latestAssessment(customerId: string, conn: DbOrTx = db) {
  const [row] = await conn
    .select()
    .from(customerRiskAssessments)
    .where(eq(customerRiskAssessments.customerId, customerId))
    .orderBy(desc(customerRiskAssessments.createdAt), desc(customerRiskAssessments.id))
    .limit(1);
  return row;
}

/** Customers never assessed (created before risk assessment existed) are assessed once. Idempotent. */
export async function backfillRiskAssessments(): Promise<number> {
  const rows = await db.execute<{ id: string }>(
    sql`SELECT c.id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM customer_risk_assessments a WHERE a.customer_id = c.id)`,
  );
  for (const r of rows) await db.transaction((tx) => assessCustomer(tx, r.id, 'backfill', null));
  return rows.length;
}

/**
 * Periodic review (定期复核): a document's validity is a risk factor that changes with the calendar, not with any write.
 * Customers whose document ends around now are assessed again (trigger 'expiry') when the validity their latest
 * assessment saw is no longer today's. Idempotent: a second run the same day finds nothing to do.
 */
export async function reassessExpiring(today: Date = new Date()): Promise<number> {
  const windowEnd = chinaDate(new Date(today.getTime() + (reviewWindowDays() + 10) * 86_400_000));
  // A year back: documents that ran out while the job could not run are caught up too.
  const since = chinaDate(new Date(today.getTime() - 400 * 86_400_000));
  const rows = await db.execute<{ id: string; expiry: string; seen: string | null }>(sql`
    SELECT c.id, to_char(c.document_expiry, 'YYYY-MM-DD') AS expiry,
      (SELECT f->>'value' FROM customer_risk_assessments a, jsonb_array_elements(a.contributions) f
        WHERE a.customer_id = c.id AND f->>'factor' = 'documentValidity' ORDER BY a.created_at DESC, a.id DESC LIMIT 1) AS seen
    FROM customers c WHERE c.document_expiry BETWEEN ${since} AND ${windowEnd}`);
  let n = 0;
  for (const r of rows) {
    if (r.seen === expiryState(r.expiry, today, reviewWindowDays())) continue;
    await db.transaction((tx) => assessCustomer(tx, r.id, 'expiry', null));
    n++;
  }
  return n;
}
