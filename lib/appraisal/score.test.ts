import { describe, expect, it } from 'vitest';
import { appraise, dimensionScores, median, targets, weightedTotal, weightsSchema, type AppraisalFigures, type Weights } from './score';

const DEFAULT: Weights = { volume: 15, quality: 30, efficiency: 15, satisfaction: 20, compliance: 20 };

/** A month: 40 sessions and 10 cases (team median 60), QC 90 with no critical failure, 300 s against a 240 s median,
 * 20 ratings averaging 4.5 with 18 of them 4 or 5, verification 50 of 50, nothing against the teller. */
function month(over: { [K in keyof AppraisalFigures]?: Partial<AppraisalFigures[K]> } = {}): AppraisalFigures {
  return {
    volume: { sessions: 40, cases: 10, teamMedianWork: 60, ...over.volume },
    quality: { inspections: 4, averageScore: 90, criticalFailures: 0, ...over.quality },
    efficiency: { averageHandleSeconds: 300, teamMedianHandleSeconds: 240, ...over.efficiency },
    satisfaction: { rated: 20, average: 4.5, satisfied: 18, ...over.satisfaction },
    compliance: { verificationInspected: 50, verificationPassed: 50, upheldComplaints: 0, disputesLost: 0, rectificationsLate: 0, ...over.compliance },
  };
}

describe('the appraisal weights', () => {
  it('weigh the five dimension scores into the total (default 15/30/15/20/20)', () => {
    const a = appraise(month(), DEFAULT);
    // volume 50/60 → 83.3; quality 90; efficiency 240/300 → 80; satisfaction (90% + 90%)/2 → 90; compliance 100.
    expect(a.scores).toEqual({ volume: 83.3, quality: 90, efficiency: 80, satisfaction: 90, compliance: 100 });
    // (15 × 83.3 + 30 × 90 + 15 × 80 + 20 × 90 + 20 × 100) / 100 = 89.495 → 89.5 (each score rounded to one decimal first).
    expect(a.total).toBe(89.5);
  });

  it('other weights give another total from the same scores', () => {
    const qualityOnly: Weights = { volume: 0, quality: 100, efficiency: 0, satisfaction: 0, compliance: 0 };
    expect(appraise(month(), qualityOnly).total).toBe(90);
    const even: Weights = { volume: 20, quality: 20, efficiency: 20, satisfaction: 20, compliance: 20 };
    expect(appraise(month(), even).total).toBe(Math.round(((83.3 + 90 + 80 + 90 + 100) / 5) * 100) / 100);
  });

  it('leave a dimension that was not assessed out, sharing its weight among the others', () => {
    const scores = { volume: 80, quality: null, efficiency: 100, satisfaction: null, compliance: 60 };
    expect(weightedTotal(scores, DEFAULT)).toBe(Math.round(((15 * 80 + 15 * 100 + 20 * 60) / 50) * 100) / 100);
    // Nothing weighted assessed: 0.
    expect(weightedTotal({ volume: null, quality: 50, efficiency: null, satisfaction: null, compliance: null }, { ...DEFAULT, quality: 0 })).toBe(0);
  });

  it('are whole numbers from 0 to 100 that add up to 100, each field named in its message', () => {
    const form = { volume: '15', quality: '30', efficiency: '15', satisfaction: '20', compliance: '20' };
    expect(weightsSchema.parse(form)).toEqual(DEFAULT);
    expect(weightsSchema.parse({ ...form, volume: '0', quality: '45' })).toMatchObject({ volume: 0, quality: 45 });
    const issues = (input: Record<string, unknown>) => {
      const r = weightsSchema.safeParse(input);
      return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
    };
    expect(issues({ ...form, volume: '-5', quality: '2.5', efficiency: 'x', satisfaction: '101', compliance: '' })).toEqual({
      volume: 'errors.appraisal.weight', quality: 'errors.appraisal.weight', efficiency: 'errors.appraisal.weight', satisfaction: 'errors.appraisal.weight', compliance: 'errors.appraisal.weight',
    });
    expect(issues({ ...form, compliance: '25' })).toEqual({ total: 'errors.appraisal.weightsSum' });
    expect(issues({})).toEqual({ volume: 'errors.appraisal.weight', quality: 'errors.appraisal.weight', efficiency: 'errors.appraisal.weight', satisfaction: 'errors.appraisal.weight', compliance: 'errors.appraisal.weight' });
  });
});

describe('the dimension rules', () => {
  it('volume: at or above the team median 100, below it pro rata; no median: any work 100, none 0', () => {
    expect(dimensionScores(month({ volume: { sessions: 70, cases: 0 } })).volume).toBe(100);
    expect(dimensionScores(month({ volume: { sessions: 15, cases: 0 } })).volume).toBe(25);
    expect(dimensionScores(month({ volume: { teamMedianWork: null } })).volume).toBe(100);
    expect(dimensionScores(month({ volume: { sessions: 0, cases: 0, teamMedianWork: null } })).volume).toBe(0);
  });

  it('quality: the QC average less 10 per critical failure, not below 0; not assessed without an inspection', () => {
    expect(dimensionScores(month({ quality: { criticalFailures: 2 } })).quality).toBe(70);
    expect(dimensionScores(month({ quality: { averageScore: 15, criticalFailures: 2 } })).quality).toBe(0);
    expect(dimensionScores(month({ quality: { inspections: 0, averageScore: null } })).quality).toBeNull();
  });

  it('efficiency: at or under the team median 100, slower pro rata; not assessed without a session', () => {
    expect(dimensionScores(month({ efficiency: { averageHandleSeconds: 200 } })).efficiency).toBe(100);
    expect(dimensionScores(month({ efficiency: { averageHandleSeconds: 480 } })).efficiency).toBe(50);
    expect(dimensionScores(month({ efficiency: { teamMedianHandleSeconds: null } })).efficiency).toBe(100);
    expect(dimensionScores(month({ efficiency: { averageHandleSeconds: null } })).efficiency).toBeNull();
  });

  it('satisfaction: half the average as a share of 5, half the share rating 4 or 5; not assessed without a rating', () => {
    expect(dimensionScores(month({ satisfaction: { rated: 4, average: 3, satisfied: 1 } })).satisfaction).toBe(42.5);
    expect(dimensionScores(month({ satisfaction: { rated: 0, average: null, satisfied: 0 } })).satisfaction).toBeNull();
  });

  it('compliance: 5 per point of verification accuracy under 99%, 20 per upheld complaint, 5 per dispute lost, 10 per late rectification', () => {
    expect(dimensionScores(month({ compliance: { verificationInspected: 100, verificationPassed: 97 } })).compliance).toBe(90);
    expect(dimensionScores(month({ compliance: { upheldComplaints: 1, disputesLost: 2, rectificationsLate: 1 } })).compliance).toBe(60);
    expect(dimensionScores(month({ compliance: { upheldComplaints: 6 } })).compliance).toBe(0);
    // Nothing inspected: no accuracy to fall short of.
    expect(dimensionScores(month({ compliance: { verificationInspected: 0, verificationPassed: 0 } })).compliance).toBe(100);
  });
});

describe('the targets', () => {
  it('shows verification accuracy against 99% and the satisfied share against 90%', () => {
    expect(targets(month())).toEqual([
      { key: 'verificationAccuracy', target: 0.99, actual: 1, met: true },
      { key: 'satisfaction', target: 0.9, actual: 0.9, met: true },
    ]);
    expect(targets(month({ compliance: { verificationInspected: 100, verificationPassed: 98 }, satisfaction: { rated: 10, satisfied: 8 } }))).toEqual([
      { key: 'verificationAccuracy', target: 0.99, actual: 0.98, met: false },
      { key: 'satisfaction', target: 0.9, actual: 0.8, met: false },
    ]);
    expect(targets(month({ compliance: { verificationInspected: 0, verificationPassed: 0 }, satisfaction: { rated: 0, average: null, satisfied: 0 } })).map((t) => t.met)).toEqual([null, null]);
  });
});

describe('the team median', () => {
  it('is the middle value, or the mean of the two middle ones; none of nothing', () => {
    expect(median([300, 100, 200])).toBe(200);
    expect(median([400, 100, 200, 300])).toBe(250);
    expect(median([])).toBeNull();
  });
});
