import { RISK_LEVELS, type RiskLevel } from '@/lib/customers/risk-levels';

// The ladder's vocabulary, zod-free so the policy form can name steps and businesses without the schemas
// (lib/sessions/ladder.ts builds those and re-exports everything here).

export const STEPS = ['basic', 'password', 'otp', 'confirmation'] as const;
export type Step = (typeof STEPS)[number];
export const POLICY_STEPS = ['basic', 'password', 'otp'] as const;
export type PolicyStep = (typeof POLICY_STEPS)[number];
export { RISK_LEVELS, type RiskLevel };
// The business the counter can take today; the business-processing work adds its types here and to the policy.
export const BUSINESSES = ['change_mobile', 'change_name', 'change_document', 'change_birth_date', 'change_contact', 'fund_movement', 'card_service'] as const;
export type Business = (typeof BUSINESSES)[number];
/**
 * High-risk business: refused for a customer whose identity document has expired until it is renewed (定期复核). A new
 * document and contact details are how the record gets right again, so they stay open.
 */
export const HIGH_RISK_BUSINESSES: readonly Business[] = ['change_mobile', 'change_name', 'change_birth_date', 'fund_movement'];

export type LadderRules = Record<Business, Record<RiskLevel, PolicyStep[]>>;
