// Zod-free, so client components can list the levels without bringing the risk model's schema into the browser.

/** Customer risk levels (客户风险等级), lowest first. */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RISK_FACTORS = ['documentType', 'documentValidity', 'ageBand', 'occupation', 'industry', 'nationality', 'verificationLocks', 'fraudFlag'] as const;
export type RiskFactor = (typeof RISK_FACTORS)[number];
