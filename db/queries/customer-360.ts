import 'server-only';
import { and, asc, desc, eq, gt, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db';
import { changeRequests, customerRiskAssessments, customers, serviceSessions, staff } from '@/db/schema';
import { chinaDate } from '@/lib/customers/documents/dates';
import type { DocumentType } from '@/lib/customers/documents/types';
import { maskIdNumber } from '@/lib/customers/id-number';

/** The customer's contacts, newest first. */
export async function listCustomerSessions(customerId: string, limit = 20) {
  return db
    .select({
      id: serviceSessions.id,
      channel: serviceSessions.channel,
      status: serviceSessions.status,
      startedAt: serviceSessions.startedAt,
      outcome: serviceSessions.outcome,
      tellerId: serviceSessions.tellerId,
      tellerName: staff.displayName,
    })
    .from(serviceSessions)
    .innerJoin(staff, eq(staff.id, serviceSessions.tellerId))
    .where(eq(serviceSessions.customerId, customerId))
    .orderBy(desc(serviceSessions.startedAt))
    .limit(limit);
}

const checker = alias(staff, 'checker');

/** Every request about the customer with its state; pending ones first, then newest. */
export async function listCustomerRequests(customerId: string, limit = 50) {
  return db
    .select({
      id: changeRequests.id,
      type: changeRequests.type,
      status: changeRequests.status,
      createdAt: changeRequests.createdAt,
      decidedAt: changeRequests.decidedAt,
      makerName: staff.displayName,
      checkerName: checker.displayName,
    })
    .from(changeRequests)
    .innerJoin(staff, eq(staff.id, changeRequests.makerId))
    .leftJoin(checker, eq(checker.id, changeRequests.checkerId))
    .where(eq(changeRequests.customerId, customerId))
    .orderBy(sql`${changeRequests.status} = 'pending' DESC`, desc(changeRequests.createdAt))
    .limit(limit);
}

/** The customer's assessments, newest first: the first explains the level that applies. */
export async function listAssessments(customerId: string, limit = 10) {
  return db
    .select()
    .from(customerRiskAssessments)
    .where(eq(customerRiskAssessments.customerId, customerId))
    .orderBy(desc(customerRiskAssessments.createdAt), desc(customerRiskAssessments.id))
    .limit(limit);
}

export type DueDocument = {
  id: string;
  name: string;
  documentType: DocumentType;
  idNumberMasked: string;
  documentExpiry: string;
  riskLevel: 'low' | 'medium' | 'high';
};

/**
 * Periodic review (定期复核): customers whose identity document has expired or ends within `windowDays`, soonest
 * first, one page at a time (keyset on end date and id, so a page costs the same however deep it is).
 */
export async function listDocumentsDue(windowDays: number, after?: { expiry: string; id: string }, limit = 50): Promise<DueDocument[]> {
  const until = chinaDate(new Date(Date.now() + windowDays * 86_400_000));
  const rows = await db
    .select({
      id: customers.id,
      name: customers.name,
      documentType: customers.documentType,
      idLast4: customers.idNumberLast4,
      documentExpiry: customers.documentExpiry,
      riskLevel: customers.riskLevel,
    })
    .from(customers)
    .where(
      and(
        lte(customers.documentExpiry, until),
        after ? or(gt(customers.documentExpiry, after.expiry), and(eq(customers.documentExpiry, after.expiry), gt(customers.id, after.id))) : undefined,
      ),
    )
    .orderBy(asc(customers.documentExpiry), asc(customers.id))
    .limit(limit);
  return rows.map(({ idLast4, ...r }) => ({ ...r, documentType: r.documentType as DocumentType, documentExpiry: r.documentExpiry!, idNumberMasked: maskIdNumber(idLast4) }));
}
