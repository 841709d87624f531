import { z } from 'zod';
import { BUSINESSES, POLICY_STEPS, RISK_LEVELS, type Business, type LadderRules, type RiskLevel, type Step } from './ladder-steps';

/**
 * The verification ladder (身份验证). Which steps a business needs is policy: a versioned table from business type ×
 * customer risk level to the steps that must have passed, in this session, for this customer, before the server
 * accepts the request. Identity confirmation always closes verification, so it is never listed in the policy: it is
 * added after the listed steps.
 */
export {
  BUSINESSES,
  HIGH_RISK_BUSINESSES,
  POLICY_STEPS,
  RISK_LEVELS,
  STEPS,
  type Business,
  type LadderRules,
  type PolicyStep,
  type RiskLevel,
  type Step,
} from './ladder-steps';

const stepList = z.array(z.enum(POLICY_STEPS)).min(1, 'errors.policyNeedsStep').refine((l) => l.includes('basic'), 'errors.policyNeedsBasic');
/** Every business has a rule for every risk level, with at least basic information. */
export const ladderRulesSchema = z.object(
  Object.fromEntries(BUSINESSES.map((b) => [b, z.object(Object.fromEntries(RISK_LEVELS.map((r) => [r, stepList])) as Record<RiskLevel, typeof stepList>)])) as Record<
    Business,
    z.ZodObject<Record<RiskLevel, typeof stepList>>
  >,
);

/** The steps `business` needs for a customer of `risk`, in ladder order, confirmation last. */
export function requiredSteps(rules: LadderRules, business: Business | 'any', risk: RiskLevel): Step[] {
  // 'any': the full ladder of the session, every step some business needs, which the console walks and confirmation closes.
  const listed = new Set<Step>(business === 'any' ? BUSINESSES.flatMap((b) => rules[b][risk]) : rules[business][risk]);
  return [...POLICY_STEPS.filter((s) => listed.has(s)), 'confirmation'];
}

export type StepResults = Partial<Record<Step, 'pass' | 'fail'>>;
/** When each step last passed in the session (epoch ms). */
export type PassTimes = Partial<Record<Step, number>>;

/**
 * The required steps that have not passed, given the latest result of each step in the session. Identity confirmation
 * closes the business's verification: with pass times given, a confirmation recorded before another required step
 * passed does not count for this business (the teller confirms again after that step).
 */
export function missingSteps(required: readonly Step[], latest: StepResults, passedAt?: PassTimes): Step[] {
  const missing = required.filter((step) => latest[step] !== 'pass');
  if (passedAt && required.includes('confirmation') && latest.confirmation === 'pass') {
    const confirmedAt = passedAt.confirmation ?? 0;
    if (required.some((step) => step !== 'confirmation' && (passedAt[step] ?? 0) > confirmedAt)) missing.push('confirmation');
  }
  return missing;
}

/** Identity confirmation may only be recorded once every other step the business requires has passed. */
export function mayConfirm(required: readonly Step[], latest: StepResults): boolean {
  return missingSteps(required, latest).every((step) => step === 'confirmation');
}

/** The customer may confirm once the steps of at least one business are done (the teller verifies to what is asked). */
export function mayConfirmAny(requiredByBusiness: Record<Business, Step[]>, latest: StepResults): boolean {
  return BUSINESSES.some((b) => mayConfirm(requiredByBusiness[b], latest));
}

/** How long the telephony system may answer a password prompt. */
export const PASSWORD_PROMPT_TTL_MS = 3 * 60 * 1000;

export const OTP_TTL_MS = 5 * 60 * 1000;
export const OTP_MAX_ATTEMPTS = 3;
export const OTP_MIN_RESEND_MS = 30 * 1000;
export const OTP_MAX_SENDS_PER_10_MIN = 3;

export const OTP_MAX_SENDS_PER_CUSTOMER_10_MIN = 5;

export type ResendCheck = 'ok' | 'tooSoon' | 'limit' | 'customerLimit';

/**
 * Resending is rate-limited: 30 seconds apart and at most 3 codes in 10 minutes for a session, and at most 5 in
 * 10 minutes for a customer whatever the session (so opening new sessions does not lift the limit).
 */
export function resendCheck(sentAt: Date[], now: Date, customerSentAt: Date[] = sentAt): ResendCheck {
  const within = (t: Date) => now.getTime() - t.getTime() < 10 * 60 * 1000;
  if (customerSentAt.filter(within).length >= OTP_MAX_SENDS_PER_CUSTOMER_10_MIN) return 'customerLimit';
  const recent = sentAt.filter(within);
  if (recent.length >= OTP_MAX_SENDS_PER_10_MIN) return 'limit';
  if (recent.some((t) => now.getTime() - t.getTime() < OTP_MIN_RESEND_MS)) return 'tooSoon';
  return 'ok';
}

/**
 * The administrator's policy form: one checkbox per business × risk level × step, named `business.risk.step`, plus
 * the version it was based on and a note saying why. Basic information is always part of the ladder.
 */
export const ladderPolicyFormSchema = z
  .object({
    basedOn: z.string().regex(/^[1-9]\d{0,8}$/).transform(Number),
    note: z.string().trim().min(1, 'errors.policyNoteRequired').max(500, 'errors.tooLong'),
  })
  .catchall(z.unknown())
  .transform((form, ctx) => {
    const rules = Object.fromEntries(
      BUSINESSES.map((b) => [b, Object.fromEntries(RISK_LEVELS.map((r) => [r, POLICY_STEPS.filter((s) => form[`${b}.${r}.${s}`] === 'on')]))]),
    );
    const parsed = ladderRulesSchema.safeParse(rules);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: [`${issue.path.slice(0, 2).join('.')}.basic`], message: issue.message });
      return z.NEVER;
    }
    return { basedOn: form.basedOn, note: form.note, rules: parsed.data as LadderRules };
  });
