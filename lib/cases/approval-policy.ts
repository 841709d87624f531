import { z } from 'zod';
import { RISK_LEVELS } from '@/lib/customers/risk-levels';
import { BUSINESS_TYPES, CHANNELS, FUND_MOVEMENTS, IDENTITY_CHANGES, MAX_AMOUNT_FEN, type ApprovalLevel, type Business, type PolicyFacts } from './constants';
import { formatFen } from './money';

/**
 * The approval policy (审批策略): whether a case needs a supervisor's approval (主管复核) before it is executed, and at
 * which level. Configuration, not code: versioned and append-only in the database like the verification ladder and the
 * risk model, and a case records the version it was decided under, so "why did this need two supervisors" can always
 * be answered again.
 *
 * The closed sets and the amount helpers are in ./constants and ./money (zod-free, for client components).
 */
export {
  APPROVAL_LEVELS,
  BUSINESS_TYPES,
  CHANNELS,
  FUND_MOVEMENTS,
  IDENTITY_CHANGES,
  MAX_AMOUNT_FEN,
  type ApprovalLevel,
  type Business,
  type Channel,
  type FundMovement,
  type PolicyFacts,
} from './constants';
export { RISK_LEVELS, type RiskLevel } from '@/lib/customers/risk-levels';
export { formatFen, validateAmountFen, type AmountCheck } from './money';

const level = z.union([z.literal(0), z.literal(1), z.literal(2)]);
const minutes = z.number().int().min(1).max(7 * 24 * 60);

/**
 * One rule: it matches when every condition present matches (an absent condition matches everything), and asks for
 * its level. Lists must not be empty: an empty list would match nothing, almost certainly a mistake in the form.
 */
export const approvalRuleSchema = z.object({
  id: z.string().trim().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/),
  description: z.string().trim().min(1).max(500),
  when: z.strictObject({
    businesses: z.array(z.enum(BUSINESS_TYPES)).min(1).optional(),
    // 0 is allowed: "any business that has an amount".
    minAmountFen: z.number().int().min(0).max(MAX_AMOUNT_FEN).optional(),
    customerRisk: z.array(z.enum(RISK_LEVELS)).min(1).optional(),
    channels: z.array(z.enum(CHANNELS)).min(1).optional(),
    fieldsAny: z.array(z.string().trim().min(1).max(64)).min(1).optional(),
  }),
  level,
});
export type ApprovalRule = z.infer<typeof approvalRuleSchema>;

/**
 * A whole policy. `defaultLevel` applies when no rule matches (so a business added later without a rule is still
 * covered). `slaMinutes` is how long a supervisor should take to decide, per level (the queue shows overdue cases);
 * `expireAfterMinutes` is when an undecided case expires — never before its SLA has passed.
 */
export const approvalPolicySchema = z
  .object({
    rules: z.array(approvalRuleSchema).max(200),
    defaultLevel: level,
    slaMinutes: z.object({ 1: minutes, 2: minutes }),
    expireAfterMinutes: minutes,
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.rules.forEach((rule, i) => {
      // Rule ids are what a decision records: they must name one rule.
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: 'Duplicate rule id' });
      seen.add(rule.id);
    });
    if (policy.expireAfterMinutes < Math.max(policy.slaMinutes[1], policy.slaMinutes[2])) {
      ctx.addIssue({ code: 'custom', path: ['expireAfterMinutes'], message: 'A case must not expire before its approval SLA' });
    }
  });
export type ApprovalPolicy = z.infer<typeof approvalPolicySchema>;

/** The decision: the level, and which rules asked for it and why, for the decision screen and the audit trail. */
export type ApprovalRequirement = { level: ApprovalLevel; ruleIds: string[]; reasons: string[] };

/** Whether every condition present in `rule.when` holds for `facts`. */
export function ruleMatches(rule: ApprovalRule, facts: PolicyFacts): boolean {
  const { when } = rule;
  if (when.businesses && !when.businesses.includes(facts.business)) return false;
  // A rule with an amount threshold never matches business without an amount.
  if (when.minAmountFen !== undefined && (facts.amountFen === null || facts.amountFen < when.minAmountFen)) return false;
  if (when.customerRisk && !when.customerRisk.includes(facts.customerRisk)) return false;
  if (when.channels && (facts.channel === null || !when.channels.includes(facts.channel))) return false;
  if (when.fieldsAny) {
    const changed = facts.fieldsChanged ?? [];
    if (!when.fieldsAny.some((f) => changed.includes(f))) return false;
  }
  return true;
}

/**
 * The approval a case needs: the highest level any matching rule asks for (rules only ever add control, so the order
 * of rules does not matter), or the policy's default when no rule matches. `ruleIds` and `reasons` name the rules that
 * gave that highest level, in policy order; they are empty when the default applied.
 */
export function requiredApproval(policy: ApprovalPolicy, facts: PolicyFacts): ApprovalRequirement {
  const matching = policy.rules.filter((rule) => ruleMatches(rule, facts));
  const r: ApprovalRequirement =
    matching.length === 0
      ? { level: policy.defaultLevel, ruleIds: [], reasons: [] }
      : (() => {
          const max = Math.max(...matching.map((rule) => rule.level)) as ApprovalLevel;
          const deciding = matching.filter((rule) => rule.level === max);
          return { level: max, ruleIds: deciding.map((x) => x.id), reasons: deciding.map((x) => x.description) };
        })();
  // No configuration takes the second pair of eyes off moving money or changing who a customer is (the database
  // holds the same floor).
  return r.level === 0 && FOUR_EYES_ALWAYS.includes(facts.business) ? { ...r, level: 1 } : r;
}

/** Business that always needs at least one supervisor, whatever the policy says. */
export const FOUR_EYES_ALWAYS: readonly Business[] = [...FUND_MOVEMENTS, ...IDENTITY_CHANGES];

/** The approval SLA of a level, in minutes; level 0 has none. */
export function slaMinutesFor(policy: ApprovalPolicy, level: ApprovalLevel): number | null {
  return level === 0 ? null : policy.slaMinutes[level];
}

/** CNY 50,000 (5万元): fund movements from this amount need two supervisors. */
export const LARGE_AMOUNT_FEN = 5_000_000;

/**
 * Version 1. Fund movements always need a supervisor, and two for a large amount or a high-risk customer; identity
 * changes and the business that reopens access to an account (unfreeze, password reset, limits, closure) need one.
 * What a customer does to protect themselves (card loss) or that changes nothing that identifies them (contact
 * details, card activation) needs none, so it is never delayed by a queue. Opening an account or a card remotely needs
 * one (anti-money-laundering: 反洗钱, accounts opened for others are the classic mule account). Any business not listed
 * falls to the default, one supervisor.
 */
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  rules: [
    { id: 'fund_movement', description: '资金类业务须主管复核 Every fund movement needs a supervisor', when: { businesses: [...FUND_MOVEMENTS] }, level: 1 },
    {
      id: 'fund_movement_large',
      description: '单笔5万元（含）以上转账、支取须两名主管审批 Transfers and payouts of CNY 50,000 or more need two supervisors',
      when: { businesses: [...FUND_MOVEMENTS], minAmountFen: LARGE_AMOUNT_FEN },
      level: 2,
    },
    {
      id: 'fund_movement_high_risk',
      description: '高风险客户资金类业务须两名主管审批 Any fund movement for a high-risk customer needs two supervisors',
      when: { businesses: [...FUND_MOVEMENTS], customerRisk: ['high'] },
      level: 2,
    },
    {
      id: 'identity_change',
      description: '身份信息变更须主管复核 Changing identity information needs a supervisor',
      when: { businesses: [...IDENTITY_CHANGES] },
      level: 1,
    },
    {
      id: 'account_opening',
      description: '远程开户、开卡须主管复核 Opening an account or a card remotely needs a supervisor',
      when: { businesses: ['open_account', 'open_card'] },
      level: 1,
    },
    {
      id: 'access_restoring',
      description: '解冻、重置密码、调整限额、销户须主管复核 Unfreezing, password reset, limit change and account closure need a supervisor',
      when: { businesses: ['unfreeze', 'password_reset', 'limit_change', 'account_closure'] },
      level: 1,
    },
    {
      id: 'self_protection',
      description: '挂失为客户自我保护，无须审批 A card loss protects the customer: no approval',
      when: { businesses: ['card_loss'] },
      level: 0,
    },
    {
      id: 'low_impact',
      description: '联系方式变更、卡片激活无须审批 Contact changes and card activation need no approval',
      when: { businesses: ['change_contact', 'card_activation'] },
      level: 0,
    },
  ],
  defaultLevel: 1,
  slaMinutes: { 1: 10, 2: 30 },
  expireAfterMinutes: 240,
};

/** The rules whose wording the catalogues carry (with the rule's own figures filled in); others show their description. */
export const WORDED_RULES = ['fund_movement', 'fund_movement_large', 'fund_movement_high_risk', 'identity_change', 'account_opening', 'access_restoring', 'self_protection', 'low_impact'] as const;

/**
 * A rule in the reader's language, from its data rather than its stored text: after a policy change moves the large
 * amount, the rule reads with the new figure. A rule the catalogues do not know keeps its own description.
 */
export function ruleWording(rule: ApprovalRule): { key: (typeof WORDED_RULES)[number]; values: { amount: string } } | { text: string } {
  return (WORDED_RULES as readonly string[]).includes(rule.id)
    ? { key: rule.id as (typeof WORDED_RULES)[number], values: { amount: formatFen(rule.when.minAmountFen ?? 0) } }
    : { text: rule.description };
}
