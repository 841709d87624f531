import 'server-only';
import { desc, eq, sql } from 'drizzle-orm';
import { db, type DbOrTx } from '@/db';
import { violatesUnique } from '@/db/errors';
import { customers, ladderPolicies, staff } from '@/db/schema';
import { DomainError } from '@/lib/actions/result';
import { BUSINESSES, ladderRulesSchema, requiredSteps, type Business, type LadderRules, type RiskLevel, type Step } from '@/lib/sessions/ladder';

export type LadderPolicy = { version: number; rules: LadderRules; note: string; publishedAt: Date; publishedBy: string | null };

/** The policy in force: the newest version. A version that does not parse is a configuration fault, not a pass. */
export async function currentLadderPolicy(conn: DbOrTx = db): Promise<LadderPolicy> {
  const [row] = await conn
    .select({ version: ladderPolicies.version, rules: ladderPolicies.rules, note: ladderPolicies.note, publishedAt: ladderPolicies.publishedAt, publishedBy: staff.displayName })
    .from(ladderPolicies)
    .leftJoin(staff, eq(staff.id, ladderPolicies.publishedBy))
    .orderBy(desc(ladderPolicies.version))
    .limit(1);
  if (!row) throw new Error('No verification ladder policy is published.');
  return { ...row, rules: ladderRulesSchema.parse(row.rules) as LadderRules };
}

/** The steps this customer needs for `business` under the policy in force, and that policy's version. */
export async function stepsRequiredFor(conn: DbOrTx, customerId: string, business: Business | 'any'): Promise<{ required: Step[]; version: number; risk: RiskLevel }> {
  const [customer] = await conn.select({ risk: customers.riskLevel }).from(customers).where(eq(customers.id, customerId));
  if (!customer) throw new DomainError('errors.notFound', 'failed');
  const policy = await currentLadderPolicy(conn);
  return { required: requiredSteps(policy.rules, business, customer.risk), version: policy.version, risk: customer.risk };
}

export type StepsByBusiness = { byBusiness: Record<Business, Step[]>; union: Step[]; version: number; risk: RiskLevel };

/** The steps a customer of `risk` needs for each business under `policy` (a version as stored: its rules are parsed here). */
export function stepsUnder(policy: { version: number; rules: unknown } | null | undefined, risk: RiskLevel): StepsByBusiness {
  if (!policy) throw new Error('No verification ladder policy is published.');
  const rules = ladderRulesSchema.parse(policy.rules) as LadderRules;
  const byBusiness = Object.fromEntries(BUSINESSES.map((b) => [b, requiredSteps(rules, b, risk)])) as Record<Business, Step[]>;
  return { byBusiness, union: requiredSteps(rules, 'any', risk), version: policy.version, risk };
}

/** SQL: the policy in force as json {version, rules} (for a loader that reads it within a larger statement). */
export const currentLadderPolicyJson = sql`(SELECT json_build_object('version', lp.version, 'rules', lp.rules) FROM ladder_policies lp ORDER BY lp.version DESC LIMIT 1)`;

/** The steps this customer needs for each business under the policy in force (the console and confirmation use it). */
export async function stepsByBusiness(conn: DbOrTx, customerId: string): Promise<StepsByBusiness> {
  const [customer] = await conn.select({ risk: customers.riskLevel }).from(customers).where(eq(customers.id, customerId));
  if (!customer) throw new DomainError('errors.notFound', 'failed');
  const policy = await currentLadderPolicy(conn);
  return stepsUnder(policy, customer.risk);
}

/**
 * Publishes the next version on top of `basedOn`. When someone else published meanwhile, the primary key refuses the
 * second one, so nobody overwrites a policy they have not seen.
 */
export async function publishLadderPolicy(conn: DbOrTx, v: { basedOn: number; rules: LadderRules; note: string; by: string }): Promise<number> {
  const [{ newest }] = await conn.select({ newest: sql<number>`coalesce(max(${ladderPolicies.version}), 0)::int` }).from(ladderPolicies);
  if (newest !== v.basedOn) throw new DomainError('errors.policyChanged', 'failed');
  const version = v.basedOn + 1;
  try {
    await conn.insert(ladderPolicies).values({ version, rules: v.rules, note: v.note, publishedBy: v.by });
  } catch (err) {
    if (violatesUnique(err, 'ladder_policies_pkey')) throw new DomainError('errors.policyChanged', 'failed');
    throw err;
  }
  return version;
}

export async function listLadderPolicies(limit = 50) {
  return db
    .select({ version: ladderPolicies.version, note: ladderPolicies.note, publishedAt: ladderPolicies.publishedAt, publishedBy: staff.displayName })
    .from(ladderPolicies)
    .leftJoin(staff, eq(staff.id, ladderPolicies.publishedBy))
    .orderBy(desc(ladderPolicies.version))
    .limit(limit);
}
