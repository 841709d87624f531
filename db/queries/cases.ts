import 'server-only';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { db } from '@/db';
import { accounts, cards, cases, customers, serviceSessions, staff } from '@/db/schema';
import { decryptPii } from '@/lib/crypto/pii';
import { maskIdNumber } from '@/lib/customers/id-number';
import { displayValue, documentValueSchema, type DisplayValue } from '@/lib/customers/changes';
import type { InfoChangePayload } from '@/lib/customers/info-change';
import { approvalPolicySchema } from '@/lib/cases/approval-policy';
import { exactTime, parseTimeIdCursor } from './keyset';

/** How many approvals a case has so far (a column expression for lists of cases). */
// Subqueries name the outer row as "cases"."id" by hand: in a one-table select drizzle writes its columns unqualified,
// and an unqualified "id" inside the subquery would be the subquery's own.
const approvalsSoFar = () => sql<number>`(SELECT count(*)::int FROM case_decisions d WHERE d.case_id = "cases"."id" AND d.round = "cases"."round" AND d.decision = 'approve')`;

/** What a case shows in lists and on the decision screen, by type (no personal data: last fours and choices). */
export type CaseSummary = {
  // Transfers
  fromLast4?: string;
  toLast4?: string;
  payeeName?: string | null;
  internal?: boolean;
  // Card business
  accountLast4?: string;
  delivery?: 'mail' | 'branch';
  branch?: string | null;
  cardLast4?: string | null;
  block?: 'lost' | 'freeze' | 'close';
  // Account business
  accountKind?: 'current' | 'savings';
  oldLimitFen?: number | null;
  newLimitFen?: number | null;
  // A complaint's compensation
  complaintRef?: string;
  complaintId?: string;
};

/** What every list of cases shows of one: its business, state, amount, level and the approvals so far. */
const caseLine = () => ({
  id: cases.id,
  type: cases.type,
  state: cases.state,
  amountFen: cases.amountFen,
  requiredLevel: cases.requiredLevel,
  approvals: approvalsSoFar(),
  createdAt: cases.createdAt,
});

/** The cases made in a session, newest first, with how many approvals each has of how many it needs. */
export async function listSessionCases(sessionId: string) {
  return db
    .select({
      ...caseLine(),
      summary: cases.summary,
      makerId: cases.makerId,
      // What a case collecting documents needs (its checklist, kept from when it was opened).
      requiredDocuments: cases.requiredDocuments,
      // Why it came back, for a case returned for correction: the returning supervisor's reason and note.
      returnReason: sql<string | null>`(SELECT d.reason_code FROM case_decisions d WHERE d.case_id = "cases"."id" AND d.decision = 'return' ORDER BY d.created_at DESC LIMIT 1)`,
      returnNote: sql<string | null>`(SELECT d.opinion FROM case_decisions d WHERE d.case_id = "cases"."id" AND d.decision = 'return' ORDER BY d.created_at DESC LIMIT 1)`,
    })
    .from(cases)
    .where(eq(cases.sessionId, sessionId))
    .orderBy(desc(cases.createdAt));
}

export const QUEUE_PAGE = 20;
// The cursor keeps the due time to the microsecond (as PostgreSQL does): a millisecond Date would repeat rows.
export type QueueFilter = { type?: string; overdueOnly?: boolean; after?: { slaDueAt: string; id: string } };

const claimer = alias(staff, 'claimer');

/**
 * The supervisors' case queue (复核队列): cases awaiting approval, the most urgent first (SLA due time), without the
 * supervisor's own and without those they approved already (a level-2 case waits for someone else). Filtered by type
 * or to the overdue, and paged by keyset on (due time, id): a page costs the same however deep.
 */
export async function listPendingCases(supervisorId: string, filter: QueueFilter = {}, limit = QUEUE_PAGE) {
  const rows = await db
    .select({
      id: cases.id,
      type: cases.type,
      amountFen: cases.amountFen,
      requiredLevel: cases.requiredLevel,
      submittedAt: cases.submittedAt,
      slaDueAt: cases.slaDueAt,
      makerName: staff.displayName,
      customerName: customers.name,
      customerRisk: customers.riskLevel,
      idLast4: customers.idNumberLast4,
      approvals: approvalsSoFar(),
      overdue: sql<boolean>`${cases.slaDueAt} < now()`,
      claimedBy: cases.claimedBy,
      claimedByName: claimer.displayName,
      dueKey: exactTime(sql`${cases.slaDueAt}`),
    })
    .from(cases)
    .innerJoin(staff, eq(staff.id, cases.makerId))
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .leftJoin(claimer, eq(claimer.id, cases.claimedBy))
    .where(
      and(
        eq(cases.state, 'pending_approval'),
        sql`${cases.makerId} <> ${supervisorId}`,
        sql`NOT EXISTS (SELECT 1 FROM case_decisions d WHERE d.case_id = ${cases.id} AND d.round = ${cases.round} AND d.approver_id = ${supervisorId})`,
        filter.type ? eq(cases.type, filter.type) : undefined,
        filter.overdueOnly ? sql`${cases.slaDueAt} < now()` : undefined,
        filter.after ? sql`(${cases.slaDueAt}, ${cases.id}) > (${filter.after.slaDueAt}::timestamptz, ${filter.after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(cases.slaDueAt), asc(cases.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(({ idLast4, dueKey: _k, ...r }) => ({ ...r, customerIdMasked: maskIdNumber(idLast4) })), next: rows.length > limit && last?.dueKey ? `${last.dueKey}|${last.id}` : null };
}

/** Reads a queue cursor made by listPendingCases; anything else is no cursor. */
export function parseQueueCursor(value: string | null | undefined): QueueFilter['after'] {
  const c = parseTimeIdCursor(value);
  return c && { slaDueAt: c.at, id: c.id };
}


type ReviewDecision = { decision: string; round: number; reasonCode: string | null; opinion: string | null; at: Date; by: string; approverId: string };
type ReviewEvent = { id: string; kind: string; at: Date; by: string | null };
type RecentCase = { id: string; type: string; state: string; amountFen: number | null; createdAt: Date };
type AsJson<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

/**
 * Everything the decision screen shows about one case, in one statement (two for a transfer or card business, whose
 * account or card is named only in the sealed payload): the case, its decisions and timeline, the approval policy
 * version that judged it (parsed; undefined if that version is missing) and the customer's five other most recent cases.
 */
export async function getCaseForReview(id: string) {
  const [row] = await db
    .select({
      id: cases.id,
      type: cases.type,
      state: cases.state,
      amountFen: cases.amountFen,
      requiredLevel: cases.requiredLevel,
      policyVersion: cases.policyVersion,
      policyRules: cases.policyRules,
      summary: cases.summary,
      payloadEnc: cases.payloadEnc,
      makerId: cases.makerId,
      makerName: staff.displayName,
      customerId: cases.customerId,
      customerName: customers.name,
      customerRisk: customers.riskLevel,
      idLast4: customers.idNumberLast4,
      sessionId: cases.sessionId,
      channel: serviceSessions.channel,
      createdAt: cases.createdAt,
      // To the microsecond, for "as it stood at submission" comparisons.
      createdAtExact: sql<string>`${cases.createdAt}::text`,
      submittedAt: cases.submittedAt,
      slaDueAt: cases.slaDueAt,
      expiresAt: cases.expiresAt,
      claimedBy: cases.claimedBy,
      claimedByName: claimer.displayName,
      round: cases.round,
      requiredDocuments: cases.requiredDocuments,
      checklistVersion: cases.checklistVersion,
      decisionsJson: sql<AsJson<ReviewDecision>[]>`(
        SELECT coalesce(json_agg(json_build_object('decision', d.decision, 'round', d.round, 'reasonCode', d.reason_code, 'opinion', d.opinion, 'at', d.created_at, 'by', a.display_name, 'approverId', d.approver_id) ORDER BY d.created_at), '[]'::json)
        FROM case_decisions d JOIN staff a ON a.id = d.approver_id WHERE d.case_id = ${cases.id})`,
      timelineJson: sql<AsJson<ReviewEvent>[]>`(
        SELECT coalesce(json_agg(json_build_object('id', e.id, 'kind', e.kind, 'at', e.created_at, 'by', a.display_name) ORDER BY e.created_at, e.id), '[]'::json)
        FROM case_events e LEFT JOIN staff a ON a.id = e.actor_id WHERE e.case_id = ${cases.id})`,
      policyJson: sql<unknown>`(SELECT p.policy FROM approval_policies p WHERE p.version = ${cases.policyVersion})`,
      // A pattern of similar business is evidence too (recentCasesOf, within this statement).
      recentJson: sql<AsJson<RecentCase>[]>`(
        SELECT coalesce(json_agg(json_build_object('id', r.id, 'type', r.type, 'state', r.state, 'amountFen', r.amount_fen, 'createdAt', r.created_at) ORDER BY r.created_at DESC), '[]'::json)
        FROM (SELECT o.id, o.type, o.state, o.amount_fen, o.created_at FROM cases o WHERE o.customer_id = ${cases.customerId} AND o.id <> ${cases.id} ORDER BY o.created_at DESC LIMIT 5) r)`,
    })
    .from(cases)
    .innerJoin(staff, eq(staff.id, cases.makerId))
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .leftJoin(serviceSessions, eq(serviceSessions.id, cases.sessionId))
    .leftJoin(claimer, eq(claimer.id, cases.claimedBy))
    .where(eq(cases.id, id));
  if (!row) return undefined;
  const { payloadEnc, idLast4, decisionsJson, timelineJson, policyJson, recentJson, ...rest } = row;
  const payload = JSON.parse(decryptPii(payloadEnc)) as { fromAccountId?: string; memo?: string; cardId?: string } | InfoChangePayload;
  const [from] = 'fromAccountId' in payload && payload.fromAccountId ? await db.select({ balance: accounts.balance, number: accounts.number }).from(accounts).where(eq(accounts.id, payload.fromAccountId)) : [];
  const [card] = 'cardId' in payload && payload.cardId ? await db.select({ status: cards.status }).from(cards).where(eq(cards.id, payload.cardId)) : [];
  return {
    ...rest,
    summary: rest.summary as CaseSummary,
    customerIdMasked: maskIdNumber(idLast4),
    memo: 'memo' in payload ? (payload.memo ?? null) : null,
    change: infoChangeShown(payload),
    fromBalance: from?.balance ?? null,
    cardStatus: card?.status ?? null,
    decisions: decisionsJson.map((d): ReviewDecision => ({ ...d, at: new Date(d.at) })),
    timeline: timelineJson.map((e): ReviewEvent => ({ ...e, at: new Date(e.at) })),
    policy: policyJson == null ? undefined : approvalPolicySchema.parse(policyJson),
    recent: recentJson.map((r): RecentCase => ({ ...r, createdAt: new Date(r.createdAt) })),
  };
}

/** An information change as the decision screen shows it: old → new, masked where personal, and the stated reason. */
function infoChangeShown(payload: object): { type: InfoChangePayload['kind']; oldValue: DisplayValue; newValue: DisplayValue; reason: string | null } | null {
  if (!('kind' in payload) || !('old' in payload)) return null;
  const p = payload as InfoChangePayload;
  return { type: p.kind, oldValue: displayValue(p.kind, p.old), newValue: displayValue(p.kind, p.new), reason: p.reason };
}

/**
 * The full value of one side of an information change awaiting its decision, for a supervisor who may decide it (not
 * its maker); undefined otherwise. A document reads as its number and end date; a name is shown as it is already.
 */
export async function revealCaseValue(caseId: string, side: 'old' | 'new', supervisorId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ payloadEnc: cases.payloadEnc })
    .from(cases)
    .where(and(eq(cases.id, caseId), eq(cases.state, 'pending_approval'), sql`${cases.makerId} <> ${supervisorId}`, sql`${cases.type} IN ('change_mobile', 'change_document', 'change_birth_date')`));
  if (!row) return undefined;
  const p = JSON.parse(decryptPii(row.payloadEnc)) as InfoChangePayload;
  const plain = side === 'old' ? p.old : p.new;
  if (p.kind !== 'change_document') return plain || undefined;
  const doc = documentValueSchema.parse(JSON.parse(plain));
  return doc.expiry ? `${doc.number} (${doc.expiry})` : doc.number;
}

/** The customer's other recent cases, for the decision screen (a pattern of similar business is evidence too). */
export async function recentCasesOf(customerId: string, exceptId: string, limit = 5) {
  return db
    .select({ id: cases.id, type: cases.type, state: cases.state, amountFen: cases.amountFen, createdAt: cases.createdAt })
    .from(cases)
    .where(and(eq(cases.customerId, customerId), sql`${cases.id} <> ${exceptId}`))
    .orderBy(desc(cases.createdAt))
    .limit(limit);
}

/** The customer's cases for the customer screen, newest first, with approvals so far and who made them. */
export async function listCustomerCases(customerId: string, limit = 30) {
  return db
    .select({ ...caseLine(), makerName: staff.displayName })
    .from(cases)
    .innerJoin(staff, eq(staff.id, cases.makerId))
    .where(eq(cases.customerId, customerId))
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(limit);
}
