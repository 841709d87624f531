import { z } from 'zod';
import { ageOn } from './documents/age';
import { DOCUMENT_TYPES, type DocumentType } from './documents/types';
import { INDUSTRIES, OCCUPATIONS, expiryState, type ExpiryState } from './profile';
import type { RiskFactor, RiskLevel } from './risk-levels';

export { RISK_FACTORS, RISK_LEVELS, type RiskFactor, type RiskLevel } from './risk-levels';

const points = z.number().int('errors.riskPoints').min(0, 'errors.riskPoints').max(100, 'errors.riskPoints');

/**
 * A risk model (风险评估模型): the points each factor adds and the thresholds that turn the total into a level. Versioned
 * and append-only in the database; an assessment names the version it used, so it can always be explained again.
 */
export const riskModelSchema = z
  .object({
    documentType: z.object(Object.fromEntries([...DOCUMENT_TYPES, 'credit_code'].map((d) => [d, points])) as Record<DocumentType | 'credit_code', typeof points>),
    documentValidity: z.object({ long_term: points, valid: points, expiring: points, expired: points }),
    // Age bands: minors and the elderly (the configured age, AIR_COUNTER_ELDERLY_AGE) are targets of fraud.
    ageBand: z.object({ minor: points, adult: points, elderly: points }),
    occupation: z.object({ ...(Object.fromEntries(OCCUPATIONS.map((o) => [o, points])) as Record<(typeof OCCUPATIONS)[number], typeof points>), unknown: points }),
    // An enterprise's industry takes the place of an individual's occupation (and its age band does not apply).
    industry: z.object({ ...(Object.fromEntries(INDUSTRIES.map((o) => [o, points])) as Record<(typeof INDUSTRIES)[number], typeof points>), unknown: points }),
    // Nationality or region: listed high-risk jurisdictions (FATF calls for action and increased monitoring) add points.
    nationality: z.object({ highRiskJurisdictions: z.array(z.string().regex(/^[A-Z]{3}$/)).max(100), highRisk: points, other: points }),
    // Verification locks raised in the window (异常处理): each adds points, up to a cap.
    verificationLocks: z.object({ perLock: points, max: points, windowDays: z.number().int().min(1).max(3650) }),
    // Suspected fraud a supervisor confirmed (a customer freeze) within the window.
    fraudFlag: z.object({ points, windowDays: z.number().int().min(1).max(3650) }),
    thresholds: z.object({ medium: z.number().int().min(1).max(1000), high: z.number().int().min(1).max(1000) }),
  })
  .refine((m) => m.thresholds.high > m.thresholds.medium, { path: ['thresholds', 'high'], message: 'errors.riskThresholds' });
export type RiskModel = z.infer<typeof riskModelSchema>;

/** What the model looks at about one customer (collected from the database by the caller). */
export type RiskFacts = {
  kind?: 'individual' | 'enterprise';
  documentType: DocumentType | 'credit_code';
  documentExpiry: string | null;
  birthDate: string | null;
  occupation: string | null;
  industry?: string | null;
  nationality: string;
  locksInWindow: number;
  fraudInWindow: boolean;
};

/** One factor's part of the score, with the value it saw, so a screen can say why. */
export type Contribution = { factor: RiskFactor; value: string; points: number };
export type Assessment = { score: number; level: RiskLevel; contributions: Contribution[] };

export function levelFor(score: number, thresholds: RiskModel['thresholds']): RiskLevel {
  return score >= thresholds.high ? 'high' : score >= thresholds.medium ? 'medium' : 'low';
}

/** Scores a customer under a model. Pure: the same facts, model and day always give the same assessment. */
export function assessRisk(model: RiskModel, facts: RiskFacts, options: { today?: Date; elderlyAge?: number; windowDays?: number } = {}): Assessment {
  const today = options.today ?? new Date();
  // "Expiring" means within the periodic review window (AIR_COUNTER_REVIEW_WINDOW_DAYS), as on the review list.
  const validity: ExpiryState = expiryState(facts.documentExpiry, today, options.windowDays);
  const age = facts.birthDate ? ageOn(facts.birthDate, today) : null;
  const band = age === null ? 'adult' : age < 18 ? 'minor' : age >= (options.elderlyAge ?? 65) ? 'elderly' : 'adult';
  const occupation = facts.occupation && Object.hasOwn(model.occupation, facts.occupation) ? (facts.occupation as keyof RiskModel['occupation']) : 'unknown';
  const industry = facts.industry && Object.hasOwn(model.industry, facts.industry) ? (facts.industry as keyof RiskModel['industry']) : 'unknown';
  const enterprise = facts.kind === 'enterprise';
  const highRiskPlace = model.nationality.highRiskJurisdictions.includes(facts.nationality);
  const contributions: Contribution[] = [
    { factor: 'documentType', value: facts.documentType, points: model.documentType[facts.documentType] },
    { factor: 'documentValidity', value: validity, points: model.documentValidity[validity] },
    ...(enterprise
      ? [{ factor: 'industry', value: industry, points: model.industry[industry] } as const]
      : ([
          { factor: 'ageBand', value: band, points: model.ageBand[band] },
          { factor: 'occupation', value: occupation, points: model.occupation[occupation] },
        ] as const)),
    { factor: 'nationality', value: facts.nationality, points: highRiskPlace ? model.nationality.highRisk : model.nationality.other },
    { factor: 'verificationLocks', value: String(facts.locksInWindow), points: Math.min(facts.locksInWindow * model.verificationLocks.perLock, model.verificationLocks.max) },
    { factor: 'fraudFlag', value: facts.fraudInWindow ? 'yes' : 'no', points: facts.fraudInWindow ? model.fraudFlag.points : 0 },
  ];
  const score = contributions.reduce((sum, c) => sum + c.points, 0);
  return { score, level: levelFor(score, model.thresholds), contributions };
}

/**
 * Version 2, the model the enterprise migration publishes (version 1 had no enterprises: no credit code, no industry). Points are on a 0-100 scale per factor: a confirmed fraud alone
 * makes a customer high risk; a cash-intensive trade or a high-risk jurisdiction alone makes them medium.
 */
export const DEFAULT_RISK_MODEL: RiskModel = {
  documentType: { resident_id: 0, passport: 10, hk_macao_permit: 5, taiwan_permit: 5, hmt_residence_permit: 5, foreign_permanent_residence: 10, credit_code: 5 },
  documentValidity: { long_term: 0, valid: 0, expiring: 5, expired: 25 },
  ageBand: { minor: 10, adult: 0, elderly: 10 },
  occupation: {
    civil_servant: 0, professional: 0, office_clerk: 0, business_service: 5, manufacturing: 0, agriculture: 0, military: 0, student: 5, retired: 5,
    unemployed: 10, self_employed: 10, precious_metals_dealer: 30, cash_intensive_business: 30, other: 5, unknown: 15,
  },
  industry: {
    manufacturing: 0, wholesale_retail: 5, technology: 0, construction: 5, real_estate: 10, finance: 10, logistics: 5, hospitality: 5, agriculture: 0,
    import_export: 15, precious_metals: 30, money_services: 35, cash_intensive: 30, other: 5, unknown: 15,
  },
  nationality: { highRiskJurisdictions: ['PRK', 'IRN', 'MMR'], highRisk: 40, other: 0 },
  verificationLocks: { perLock: 10, max: 30, windowDays: 90 },
  fraudFlag: { points: 60, windowDays: 365 },
  thresholds: { medium: 25, high: 50 },
};
