import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_MODEL, assessRisk, levelFor, riskModelSchema, type RiskFacts } from './risk';

const today = new Date('2026-11-23T04:00:00Z');
const facts = (over: Partial<RiskFacts> = {}): RiskFacts => ({
  documentType: 'resident_id',
  documentExpiry: null,
  birthDate: '1985-06-15',
  occupation: 'office_clerk',
  nationality: 'CHN',
  locksInWindow: 0,
  fraudInWindow: false,
  ...over,
});

describe('risk assessment', () => {
  it('an ordinary adult with a long-term resident ID scores 0: low, every factor explained', () => {
    const a = assessRisk(DEFAULT_RISK_MODEL, facts(), { today });
    expect(a).toMatchObject({ score: 0, level: 'low' });
    expect(a.contributions.map((c) => c.factor)).toEqual(['documentType', 'documentValidity', 'ageBand', 'occupation', 'nationality', 'verificationLocks', 'fraudFlag']);
    expect(a.contributions.find((c) => c.factor === 'documentValidity')).toEqual({ factor: 'documentValidity', value: 'long_term', points: 0 });
  });

  it('adds up the factors and names the values it saw', () => {
    const a = assessRisk(DEFAULT_RISK_MODEL, facts({ documentType: 'passport', documentExpiry: '2026-12-01', nationality: 'IRN', occupation: 'cash_intensive_business' }), { today });
    // passport 10 + expiring 5 + adult 0 + cash-intensive 30 + high-risk jurisdiction 40
    expect(a.score).toBe(85);
    expect(a.level).toBe('high');
    expect(a.contributions).toContainEqual({ factor: 'nationality', value: 'IRN', points: 40 });
    expect(a.contributions).toContainEqual({ factor: 'documentValidity', value: 'expiring', points: 5 });
  });

  it('an expired document, an elderly or minor customer, locks (capped) and a confirmed fraud', () => {
    expect(assessRisk(DEFAULT_RISK_MODEL, facts({ documentExpiry: '2026-11-22' }), { today }).contributions[1]).toEqual({ factor: 'documentValidity', value: 'expired', points: 25 });
    // The day the document ends is still valid (Beijing date).
    expect(assessRisk(DEFAULT_RISK_MODEL, facts({ documentExpiry: '2026-11-23' }), { today }).contributions[1]!.value).toBe('expiring');
    expect(assessRisk(DEFAULT_RISK_MODEL, facts({ birthDate: '1950-01-01' }), { today }).contributions[2]).toEqual({ factor: 'ageBand', value: 'elderly', points: 10 });
    expect(assessRisk(DEFAULT_RISK_MODEL, facts({ birthDate: '1961-11-24' }), { today, elderlyAge: 65 }).contributions[2]!.value).toBe('adult');
    expect(assessRisk(DEFAULT_RISK_MODEL, facts({ birthDate: '2010-01-01' }), { today }).contributions[2]!.value).toBe('minor');
    expect(assessRisk(DEFAULT_RISK_MODEL, facts({ locksInWindow: 5 }), { today }).contributions[5]).toEqual({ factor: 'verificationLocks', value: '5', points: 30 });
    const fraud = assessRisk(DEFAULT_RISK_MODEL, facts({ fraudInWindow: true }), { today });
    expect(fraud).toMatchObject({ score: 60, level: 'high' });
  });

  it('an occupation the model does not know counts as unknown', () => {
    expect(assessRisk(DEFAULT_RISK_MODEL, facts({ occupation: null }), { today }).contributions[3]).toEqual({ factor: 'occupation', value: 'unknown', points: 15 });
  });

  it('thresholds: at the threshold the higher level applies', () => {
    expect(levelFor(24, DEFAULT_RISK_MODEL.thresholds)).toBe('low');
    expect(levelFor(25, DEFAULT_RISK_MODEL.thresholds)).toBe('medium');
    expect(levelFor(50, DEFAULT_RISK_MODEL.thresholds)).toBe('high');
  });

  it('a model must score every factor with whole points 0-100 and put the high threshold above the medium one', () => {
    expect(riskModelSchema.safeParse(DEFAULT_RISK_MODEL).success).toBe(true);
    const bad = structuredClone(DEFAULT_RISK_MODEL) as unknown as Record<string, Record<string, unknown>>;
    bad.thresholds!.high = 10;
    bad.documentType!.passport = 1.5;
    const r = riskModelSchema.safeParse(bad);
    expect(r.success).toBe(false);
    const { occupation: _o, ...missing } = DEFAULT_RISK_MODEL;
    expect(riskModelSchema.safeParse(missing).success).toBe(false);
  });
});
