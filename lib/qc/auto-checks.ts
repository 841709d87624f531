import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db';
import { latestStepResults } from '@/db/queries/otp';
import { ladderRulesSchema, missingSteps, requiredSteps, type Business, type LadderRules, type RiskLevel } from '@/lib/sessions/ladder';
import type { AutoCheck } from './template';

export type AutoAnswer = { value: 'yes' | 'no' | 'na'; detail: string };

/**
 * The checks the server answers from a session's record (自动检查), which the inspector may override with a reason:
 * - verification_before_request: every business submitted in the session had passed, at submission, the steps the
 *   ladder policy of that moment required for it and the customer's risk level (N/A without business);
 * - confirmation_done: the customer's identity was confirmed (N/A when no customer was identified);
 * - supplement_after_rejection: every document rejected on the session's cases was followed by a supplement request
 *   (N/A when none was rejected);
 * - closed_with_outcome: the session was ended with an outcome.
 */
export async function autoAnswers(sessionId: string): Promise<Record<AutoCheck, AutoAnswer>> {
  const [session] = await db.execute<{ customer_id: string | null; outcome: string | null; risk: RiskLevel | null }>(sql`
    SELECT s.customer_id, s.outcome::text AS outcome, c.risk_level::text AS risk FROM service_sessions s LEFT JOIN customers c ON c.id = s.customer_id WHERE s.id = ${sessionId}`);
  if (!session) throw new Error(`autoAnswers: no session ${sessionId}`);
  const [verification, confirmation, supplements] = await Promise.all([
    verificationBeforeRequest(sessionId, session.customer_id, session.risk),
    confirmationDone(sessionId, session.customer_id),
    supplementAfterRejection(sessionId),
  ]);
  return {
    verification_before_request: verification,
    confirmation_done: confirmation,
    supplement_after_rejection: supplements,
    closed_with_outcome: session.outcome ? { value: 'yes', detail: session.outcome } : { value: 'no', detail: '' },
  };
}

async function verificationBeforeRequest(sessionId: string, customerId: string | null, risk: RiskLevel | null): Promise<AutoAnswer> {
  const submitted = await db.execute<{ case_id: string; ladder: string | null; policy: number | null; risk: RiskLevel | null; created_at: string }>(sql`
    SELECT c.id AS case_id, e.data->>'ladder' AS ladder, (e.data->>'ladderPolicy')::int AS policy, e.data->>'risk' AS risk, c.created_at::text AS created_at
    FROM cases c LEFT JOIN session_events e ON e.session_id = c.session_id AND e.kind = 'case.submitted' AND e.data->>'case' = c.id::text
    WHERE c.session_id = ${sessionId} ORDER BY c.created_at`);
  if (submitted.length === 0 || !customerId || !risk) return { value: 'na', detail: '' };
  const policies = new Map<number, LadderRules>();
  for (const s of submitted) {
    // A case with no record of the gate it passed, or of its policy, is judged by the policy in force at its creation.
    const [p] = await db.execute<{ version: number; rules: unknown }>(
      s.policy !== null
        ? sql`SELECT version, rules FROM ladder_policies WHERE version = ${s.policy}`
        : sql`SELECT version, rules FROM ladder_policies WHERE published_at <= ${s.created_at}::timestamptz ORDER BY version DESC LIMIT 1`,
    );
    if (!p) return { value: 'no', detail: s.case_id };
    if (!policies.has(p.version)) policies.set(p.version, ladderRulesSchema.parse(p.rules) as LadderRules);
    const rules = policies.get(p.version)!;
    const business = (s.ladder ?? 'any') as Business | 'any';
    const { results, passedAt } = await latestStepResults(sessionId, customerId, db, s.created_at);
    // The customer's risk level as it was at submission (recorded with it), else as it is now.
    const missing = missingSteps(requiredSteps(rules, business, s.risk ?? risk), results, passedAt);
    if (missing.length > 0) return { value: 'no', detail: `${s.case_id}:${missing.join(',')}` };
  }
  return { value: 'yes', detail: '' };
}

async function confirmationDone(sessionId: string, customerId: string | null): Promise<AutoAnswer> {
  if (!customerId) return { value: 'na', detail: '' };
  const [row] = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM verifications WHERE session_id = ${sessionId} AND kind = 'confirmation' AND result = 'pass'`);
  return { value: row!.n > 0 ? 'yes' : 'no', detail: '' };
}

async function supplementAfterRejection(sessionId: string): Promise<AutoAnswer> {
  const rows = await db.execute<{ id: string; followed: boolean }>(sql`
    SELECT d.id, EXISTS (SELECT 1 FROM document_supplements s WHERE s.case_id = d.case_id AND s.created_at >= d.reviewed_at) AS followed
    FROM case_documents d JOIN cases c ON c.id = d.case_id
    WHERE c.session_id = ${sessionId} AND d.status = 'rejected'`);
  if (rows.length === 0) return { value: 'na', detail: '' };
  const missed = rows.filter((r) => !r.followed);
  return missed.length === 0 ? { value: 'yes', detail: '' } : { value: 'no', detail: missed.map((r) => r.id).join(',') };
}
