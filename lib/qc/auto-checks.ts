import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { latestStepsJson, readLatestSteps, type StepRow } from '@/db/queries/otp';
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
  const [row] = await db.execute<{ facts: AutoCheckFacts | null }>(sql`SELECT ${autoCheckFactsJson(sql`${sessionId}::uuid`)} AS facts`);
  if (!row?.facts) throw new Error(`autoAnswers: no session ${sessionId}`);
  return readAutoAnswers(row.facts);
}

/** What the checks read from the record, gathered by autoCheckFactsJson. */
export type AutoCheckFacts = {
  customerId: string | null;
  outcome: string | null;
  risk: RiskLevel | null;
  confirmations: number;
  /** Documents rejected on the session's cases, and whether a supplement request followed each. */
  rejected: { id: string; followed: boolean }[];
  /**
   * The session's cases in the order made (one entry per submission recorded on the timeline), each with the ladder
   * policy that judged it (null when that version is missing) and the step results as they stood when it was made.
   */
  submitted: { caseId: string; ladder: string | null; risk: RiskLevel | null; policy: number | null; rules: unknown; steps: StepRow[] }[];
};

/**
 * SQL: the facts of session `sessionId` the checks read, as json (AutoCheckFacts; null when there is no such session),
 * in one statement however many cases it has (for the inspection workspace, a column of its own statement).
 */
export function autoCheckFactsJson(sessionId: SQL): SQL {
  return sql`(SELECT json_build_object(
    'customerId', s.customer_id, 'outcome', s.outcome::text, 'risk', c.risk_level::text,
    'confirmations', (SELECT count(*)::int FROM verifications v WHERE v.session_id = s.id AND v.kind = 'confirmation' AND v.result = 'pass'),
    'rejected', (SELECT coalesce(json_agg(json_build_object('id', d.id, 'followed', EXISTS (SELECT 1 FROM document_supplements ds WHERE ds.case_id = d.case_id AND ds.created_at >= d.reviewed_at))), '[]'::json)
                 FROM case_documents d JOIN cases dk ON dk.id = d.case_id WHERE dk.session_id = s.id AND d.status = 'rejected'),
    'submitted', (SELECT coalesce(json_agg(json_build_object('caseId', k.id, 'ladder', e.data->>'ladder', 'risk', e.data->>'risk', 'policy', p.version, 'rules', p.rules,
                    'steps', ${latestStepsJson(sql`s.id`, sql`s.customer_id`, sql`k.created_at`)}) ORDER BY k.created_at), '[]'::json)
                  FROM cases k
                  LEFT JOIN session_events e ON e.session_id = k.session_id AND e.kind = 'case.submitted' AND e.data->>'case' = k.id::text
                  -- A case with no record of the gate it passed, or of its policy, is judged by the policy in force at its creation.
                  LEFT JOIN LATERAL (
                    SELECT lp.version, lp.rules FROM ladder_policies lp
                    WHERE CASE WHEN e.data->>'ladderPolicy' IS NOT NULL THEN lp.version = (e.data->>'ladderPolicy')::int ELSE lp.published_at <= k.created_at END
                    ORDER BY lp.version DESC LIMIT 1) p ON true
                  WHERE k.session_id = s.id))
    FROM service_sessions s LEFT JOIN customers c ON c.id = s.customer_id WHERE s.id = ${sessionId})`;
}

/** The checks' answers from the facts (autoCheckFactsJson). */
export function readAutoAnswers(f: AutoCheckFacts): Record<AutoCheck, AutoAnswer> {
  return {
    verification_before_request: verificationBeforeRequest(f),
    confirmation_done: !f.customerId ? { value: 'na', detail: '' } : { value: f.confirmations > 0 ? 'yes' : 'no', detail: '' },
    supplement_after_rejection: supplementAfterRejection(f.rejected),
    closed_with_outcome: f.outcome ? { value: 'yes', detail: f.outcome } : { value: 'no', detail: '' },
  };
}

function verificationBeforeRequest(f: AutoCheckFacts): AutoAnswer {
  if (f.submitted.length === 0 || !f.customerId || !f.risk) return { value: 'na', detail: '' };
  const policies = new Map<number, LadderRules>();
  for (const s of f.submitted) {
    if (s.policy === null) return { value: 'no', detail: s.caseId };
    if (!policies.has(s.policy)) policies.set(s.policy, ladderRulesSchema.parse(s.rules) as LadderRules);
    const rules = policies.get(s.policy)!;
    const business = (s.ladder ?? 'any') as Business | 'any';
    const { results, passedAt } = readLatestSteps(s.steps);
    // The customer's risk level as it was at submission (recorded with it), else as it is now.
    const missing = missingSteps(requiredSteps(rules, business, s.risk ?? f.risk), results, passedAt);
    if (missing.length > 0) return { value: 'no', detail: `${s.caseId}:${missing.join(',')}` };
  }
  return { value: 'yes', detail: '' };
}

function supplementAfterRejection(rows: AutoCheckFacts['rejected']): AutoAnswer {
  if (rows.length === 0) return { value: 'na', detail: '' };
  const missed = rows.filter((r) => !r.followed);
  return missed.length === 0 ? { value: 'yes', detail: '' } : { value: 'no', detail: missed.map((r) => r.id).join(',') };
}
