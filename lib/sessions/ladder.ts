/**
 * The verification ladder (身份验证). Which steps a business needs is policy: a table from business type to the
 * steps that must have passed, in this session, for this customer, before the server accepts the request.
 * Information changes are high-risk business: basic information, a one-time code, then identity confirmation, which
 * always closes verification. (The password step joins when cards and their passwords exist.)
 */
export const STEPS = ['basic', 'otp', 'confirmation'] as const;
export type Step = (typeof STEPS)[number];

export const LADDER_POLICY = {
  change_mobile: ['basic', 'otp', 'confirmation'],
} as const satisfies Record<string, readonly Step[]>;
export type Business = keyof typeof LADDER_POLICY;

export type StepState = 'pass' | 'fail' | 'none';

/** The steps of `business` that have not passed, given the latest result of each step in the session. */
export function missingSteps(business: Business, latest: Partial<Record<Step, 'pass' | 'fail'>>): Step[] {
  return LADDER_POLICY[business].filter((step) => latest[step] !== 'pass');
}

/** Identity confirmation closes verification: it may only be recorded once every other required step has passed. */
export function mayConfirm(business: Business, latest: Partial<Record<Step, 'pass' | 'fail'>>): boolean {
  return missingSteps(business, latest).every((step) => step === 'confirmation');
}

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
