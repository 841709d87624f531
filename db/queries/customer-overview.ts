import 'server-only';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { customerGuardians, customers } from '@/db/schema';
import type { CurrentUser } from '@/lib/auth/current-user';
import type { Contribution } from '@/lib/customers/risk';
import { maskedColumns, profileColumns, toDto, toEnterprise, toProfile, type CustomerDto, type CustomerProfile, type Enterprise, type EnterpriseRows } from './customers';
import { currentLadderPolicyJson, stepsUnder, type StepsByBusiness } from './ladder-policy';
import { latestStepsJson, readLatestSteps, type LatestSteps, type StepRow } from './otp';

/**
 * A customer's screens read the customer, profile, enterprise details, accounts and cards in one statement (each part
 * as json beside the row), rather than one statement each. The shapes are those of getCustomer, getCustomerProfile,
 * toEnterprise, listCustomerAccounts and listCustomerCards.
 */
export type CustomerAccount = { id: string; number: string; kind: string; status: string; balance: number; overdraftLimit: number; transferLimit: number | null };
export type CustomerCard = { id: string; status: string; last4: string | null; accountId: string; deliveryMethod: string; branch: string | null; createdAt: Date; accountLast4: string };
export type CustomerOverview = { customer: CustomerDto; profile: CustomerProfile; enterprise: Enterprise | undefined; accounts: CustomerAccount[]; cards: CustomerCard[] };

const overviewColumns = () => ({
  ...maskedColumns,
  ...profileColumns,
  enterprise: sql<EnterpriseRows | null>`(
    SELECT json_build_object(
      'details', json_build_object('legalRepName', e.legal_rep_name, 'legalRepDocumentType', e.legal_rep_document_type, 'legalRepIdLast4', e.legal_rep_id_last4, 'businessScope', e.business_scope),
      'agents', (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'documentType', a.document_type, 'idLast4', a.id_number_last4, 'authorisedUntil', a.authorised_until) ORDER BY a.created_at), '[]'::json)
                 FROM customer_agents a WHERE a.customer_id = ${customers.id}))
    FROM enterprise_details e WHERE e.customer_id = ${customers.id})`,
  accounts: sql<CustomerAccount[]>`(
    SELECT coalesce(json_agg(json_build_object('id', a.id, 'number', a.number, 'kind', a.kind, 'status', a.status, 'balance', a.balance, 'overdraftLimit', a.overdraft_limit, 'transferLimit', a.transfer_limit) ORDER BY a.opened_at), '[]'::json)
    FROM accounts a WHERE a.customer_id = ${customers.id})`,
  // Newest first; card numbers masked (last four only).
  cards: sql<(Omit<CustomerCard, 'createdAt'> & { createdAt: string })[]>`(
    SELECT coalesce(json_agg(json_build_object('id', k.id, 'status', k.status, 'last4', k.last4, 'accountId', k.account_id, 'accountLast4', right(a.number, 4), 'deliveryMethod', k.delivery_method, 'branch', k.branch, 'createdAt', k.created_at) ORDER BY k.created_at DESC), '[]'::json)
    FROM cards k JOIN accounts a ON a.id = k.account_id WHERE k.customer_id = ${customers.id})`,
});

function overviewQuery<E extends Record<string, SQL.Aliased | SQL>>(where: SQL | undefined, extra: E) {
  return db
    .select({ ...overviewColumns(), ...extra })
    .from(customers)
    .leftJoin(customerGuardians, eq(customerGuardians.customerId, customers.id))
    .where(where)
    .limit(1);
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the overview's own columns, without extras
type OverviewRow = Awaited<ReturnType<typeof overviewQuery<{}>>>[number];

function toOverview(row: OverviewRow): CustomerOverview {
  const { enterprise, accounts, cards, id, name, idNumberLast4, mobileLast4, ...profile } = row;
  return {
    customer: toDto({ id, name, idNumberLast4, mobileLast4, riskLevel: row.riskLevel }),
    profile: toProfile(profile),
    enterprise: enterprise ? toEnterprise(enterprise) : undefined,
    accounts,
    cards: cards.map((c) => ({ ...c, createdAt: new Date(c.createdAt) })),
  };
}

/**
 * The customer screen's customer, when `user` may open it (object-level, beside the screen's role check): a supervisor
 * any customer; a teller only the customer of a contact they are handling now; nobody else. Undefined otherwise.
 */
export async function getCustomerOverviewFor(customerId: string, user: CurrentUser): Promise<CustomerOverview | undefined> {
  if (user.role !== 'supervisor' && user.role !== 'teller') return undefined;
  const handling = user.role === 'teller' ? sql`EXISTS (SELECT 1 FROM service_sessions s WHERE s.customer_id = ${customers.id} AND s.teller_id = ${user.id} AND s.status = 'open')` : undefined;
  const [row] = await overviewQuery(and(eq(customers.id, customerId), handling), {});
  return row && toOverview(row);
}

export type ConsoleCustomer = CustomerOverview & {
  /** A verification lock in force, a freeze not released. */
  locked: boolean;
  frozen: boolean;
  /** The ladder's latest step results in this session, and the steps this customer needs under the policy in force. */
  steps: LatestSteps;
  ladder: StepsByBusiness;
};

/**
 * Everything the session console shows about the session's customer, in one statement. The caller has scoped the
 * session to the teller (handledSessionOrNotFound); the customer is the one identified in it.
 */
export async function getConsoleCustomer(sessionId: string, customerId: string): Promise<ConsoleCustomer | undefined> {
  const [row] = await overviewQuery(eq(customers.id, customerId), {
    locked: sql<boolean>`EXISTS (SELECT 1 FROM verification_locks l WHERE l.customer_id = ${customers.id} AND l.status = 'open' AND l.locked_until > now())`,
    frozen: sql<boolean>`EXISTS (SELECT 1 FROM customer_freezes f WHERE f.customer_id = ${customers.id} AND f.status <> 'released')`,
    steps: sql<StepRow[]>`${latestStepsJson(sql`${sessionId}::uuid`, sql`${customers.id}`)}`,
    ladder: sql<{ version: number; rules: unknown } | null>`${currentLadderPolicyJson}`,
  });
  if (!row) return undefined;
  const { locked, frozen, steps, ladder, ...rest } = row;
  return { ...toOverview(rest), locked, frozen, steps: readLatestSteps(steps), ladder: stepsUnder(ladder, rest.riskLevel) };
}

export type CustomerHistory = {
  sessions: { id: string; channel: 'phone' | 'video' | 'chat'; status: 'open' | 'ended'; startedAt: Date; outcome: 'resolved' | 'transferred' | 'dropped' | 'abandoned' | null; tellerId: string; tellerName: string }[];
  requests: { id: string; type: string; status: string; createdAt: Date; decidedAt: Date | null; makerName: string; checkerName: string | null }[];
  assessments: {
    id: string; customerId: string; modelVersion: number; score: number; computedLevel: 'low' | 'medium' | 'high'; level: 'low' | 'medium' | 'high'; contributions: Contribution[];
    trigger: string; overrideRequestId: string | null; assessedBy: string | null; createdAt: Date;
  }[];
  changes: { id: string; field: string; oldMasked: string | null; newMasked: string; requestId: string | null; createdAt: Date; changedBy: string; approvedBy: string | null }[];
  cases: { id: string; type: string; state: string; amountFen: number | null; requiredLevel: number; approvals: number; createdAt: Date; makerName: string }[];
};

type Dated<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
const at = (v: string) => new Date(v);
const atOrNull = (v: string | null) => (v === null ? null : new Date(v));

/**
 * The customer screen's lists in one statement: contacts (newest 20), requests (pending first, then newest; 50),
 * risk assessments (newest 10), the change history (newest 100) and cases (newest 30). Each list keeps the order and
 * the page of listCustomerSessions, listCustomerRequests, listAssessments, listCustomerChanges and listCustomerCases.
 */
export async function getCustomerHistory(customerId: string): Promise<CustomerHistory> {
  const [row] = await db.execute<{ [K in keyof CustomerHistory]: Dated<CustomerHistory[K][number]>[] }>(sql`
    SELECT
      (SELECT coalesce(json_agg(x ORDER BY x."startedAt" DESC), '[]'::json) FROM (
        SELECT s.id, s.channel, s.status, s.started_at AS "startedAt", s.outcome, s.teller_id AS "tellerId", t.display_name AS "tellerName"
        FROM service_sessions s JOIN staff t ON t.id = s.teller_id
        WHERE s.customer_id = ${customerId} ORDER BY s.started_at DESC LIMIT 20) x) AS sessions,
      (SELECT coalesce(json_agg(x ORDER BY x.pending DESC, x."createdAt" DESC), '[]'::json) FROM (
        SELECT r.id, r.type, r.status, r.created_at AS "createdAt", r.decided_at AS "decidedAt", m.display_name AS "makerName", k.display_name AS "checkerName", r.status = 'pending' AS pending
        FROM change_requests r JOIN staff m ON m.id = r.maker_id LEFT JOIN staff k ON k.id = r.checker_id
        WHERE r.customer_id = ${customerId} ORDER BY r.status = 'pending' DESC, r.created_at DESC LIMIT 50) x) AS requests,
      (SELECT coalesce(json_agg(x ORDER BY x."createdAt" DESC, x.id DESC), '[]'::json) FROM (
        SELECT a.id, a.customer_id AS "customerId", a.model_version AS "modelVersion", a.score, a.computed_level AS "computedLevel", a.level, a.contributions,
          a.trigger, a.override_request_id AS "overrideRequestId", a.assessed_by AS "assessedBy", a.created_at AS "createdAt"
        FROM customer_risk_assessments a
        WHERE a.customer_id = ${customerId} ORDER BY a.created_at DESC, a.id DESC LIMIT 10) x) AS assessments,
      (SELECT coalesce(json_agg(x ORDER BY x."createdAt" DESC, x.id DESC), '[]'::json) FROM (
        SELECT h.id, h.field, h.old_masked AS "oldMasked", h.new_masked AS "newMasked", h.request_id AS "requestId", h.created_at AS "createdAt",
          b.display_name AS "changedBy", p.display_name AS "approvedBy"
        FROM customer_changes h JOIN staff b ON b.id = h.changed_by LEFT JOIN staff p ON p.id = h.approved_by
        WHERE h.customer_id = ${customerId} ORDER BY h.created_at DESC, h.id DESC LIMIT 100) x) AS changes,
      (SELECT coalesce(json_agg(x ORDER BY x."createdAt" DESC, x.id DESC), '[]'::json) FROM (
        SELECT c.id, c.type, c.state, c.amount_fen AS "amountFen", c.required_level AS "requiredLevel",
          (SELECT count(*)::int FROM case_decisions d WHERE d.case_id = c.id AND d.round = c.round AND d.decision = 'approve') AS approvals,
          c.created_at AS "createdAt", m.display_name AS "makerName"
        FROM cases c JOIN staff m ON m.id = c.maker_id
        WHERE c.customer_id = ${customerId} ORDER BY c.created_at DESC, c.id DESC LIMIT 30) x) AS cases`);
  const r = row!;
  return {
    sessions: r.sessions.map((s) => ({ ...s, startedAt: at(s.startedAt) })),
    // The ordering flag is the query's own, not the list's.
    requests: r.requests.map(({ pending: _p, ...q }: Dated<CustomerHistory['requests'][number]> & { pending?: boolean }) => ({ ...q, createdAt: at(q.createdAt), decidedAt: atOrNull(q.decidedAt) })),
    assessments: r.assessments.map((a) => ({ ...a, createdAt: at(a.createdAt) })),
    changes: r.changes.map((c) => ({ ...c, createdAt: at(c.createdAt) })),
    cases: r.cases.map((c) => ({ ...c, createdAt: at(c.createdAt) })),
  };
}
