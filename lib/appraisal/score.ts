import { z } from 'zod';
import { DIMENSIONS, type Dimension, type Weights } from './dimensions';

/**
 * The monthly performance appraisal (月度绩效考核) of a teller: five dimensions, each scored 0-100 from the month's
 * figures by the rules below, and a total weighted by the appraisal weights (考核权重, configurable, versioned).
 *
 * Rules (one decimal; a dimension with nothing to judge is "not assessed" and left out of the total):
 * - volume (业务量): the work (sessions ended + cases submitted in them) against the team median of those who worked:
 *   at or above the median 100, below it pro rata; with no median (nobody worked) 100 if any work, else 0.
 * - quality (服务质量): the QC average score (final after disputes), less 10 per critical failure, at least 0; not
 *   assessed without an inspection.
 * - efficiency (处理效率): the average handle time against the team median: at or under the median 100, over it
 *   median ÷ average × 100; not assessed without an ended session (100 when the team has no median).
 * - satisfaction (客户满意度): half the average rating as a percentage of 5, half the share of ratings 4 or 5 (the
 *   satisfied share); not assessed without a rating.
 * - compliance (合规): 100, less 5 per percentage point of verification accuracy under 99%, 20 per upheld complaint,
 *   5 per dispute lost and 10 per rectification answered late or not at all; at least 0. Always assessed.
 * Total: Σ weight × score ÷ Σ weight over the assessed dimensions (two decimals); 0 when nothing weighted is assessed.
 * Targets from the regulations, shown against the actuals: verification accuracy ≥ 99%, satisfied share ≥ 90%.
 */

export { DIMENSIONS, type Dimension, type Weights } from './dimensions';

export const TARGETS = { verificationAccuracy: 0.99, satisfaction: 0.9 } as const;

/** A teller's month as counted (what is stored with the result, so a closed month keeps its figures). */
export type AppraisalFigures = {
  volume: { sessions: number; cases: number; teamMedianWork: number | null };
  quality: { inspections: number; averageScore: number | null; criticalFailures: number };
  efficiency: { averageHandleSeconds: number | null; teamMedianHandleSeconds: number | null };
  satisfaction: { rated: number; average: number | null; satisfied: number };
  compliance: { verificationInspected: number; verificationPassed: number; upheldComplaints: number; disputesLost: number; rectificationsLate: number };
};

export type Scores = Record<Dimension, number | null>;
export type Target = { key: keyof typeof TARGETS; target: number; actual: number | null; met: boolean | null };
export type Appraisal = { scores: Scores; total: number; targets: Target[] };

const one = (n: number) => Math.round(n * 10) / 10;
const clamp = (n: number) => Math.min(100, Math.max(0, n));

/** The share of inspected sessions whose verification before the business was not failed (N/A excluded). */
export function verificationAccuracy(f: AppraisalFigures): number | null {
  const c = f.compliance;
  return c.verificationInspected ? c.verificationPassed / c.verificationInspected : null;
}

/** The share of the customers' ratings that were 4 or 5 (满意率). */
export function satisfiedShare(f: AppraisalFigures): number | null {
  return f.satisfaction.rated ? f.satisfaction.satisfied / f.satisfaction.rated : null;
}

/** Each dimension's 0-100 score under the rules above (null: not assessed). */
export function dimensionScores(f: AppraisalFigures): Scores {
  const work = f.volume.sessions + f.volume.cases;
  const median = f.volume.teamMedianWork;
  const volume = !median ? (work > 0 ? 100 : 0) : clamp((work / median) * 100);

  const q = f.quality;
  const quality = q.inspections === 0 || q.averageScore === null ? null : clamp(q.averageScore - 10 * q.criticalFailures);

  const { averageHandleSeconds: aht, teamMedianHandleSeconds: ahtMedian } = f.efficiency;
  const efficiency = aht === null ? null : !ahtMedian || aht <= ahtMedian ? 100 : clamp((ahtMedian / aht) * 100);

  const s = f.satisfaction;
  const satisfaction = s.rated === 0 || s.average === null ? null : clamp(((s.average / 5) * 100 + (s.satisfied / s.rated) * 100) / 2);

  const c = f.compliance;
  const accuracy = verificationAccuracy(f);
  const accuracyShortfall = accuracy === null ? 0 : Math.max(0, (TARGETS.verificationAccuracy - accuracy) * 100);
  const compliance = clamp(100 - 5 * accuracyShortfall - 20 * c.upheldComplaints - 5 * c.disputesLost - 10 * c.rectificationsLate);

  const round = (n: number | null) => (n === null ? null : one(n));
  return { volume: round(volume), quality: round(quality), efficiency: round(efficiency), satisfaction: round(satisfaction), compliance: round(compliance) };
}

/** The weighted total of the assessed dimensions, two decimals. */
export function weightedTotal(scores: Scores, weights: Weights): number {
  let sum = 0;
  let weight = 0;
  for (const d of DIMENSIONS) {
    const s = scores[d];
    if (s === null) continue;
    sum += weights[d] * s;
    weight += weights[d];
  }
  return weight === 0 ? 0 : Math.round((sum / weight) * 100) / 100;
}

/** The regulations' targets against the month's actuals (met: null when there is nothing to measure). */
export function targets(f: AppraisalFigures): Target[] {
  const row = (key: keyof typeof TARGETS, actual: number | null): Target => ({ key, target: TARGETS[key], actual, met: actual === null ? null : actual >= TARGETS[key] });
  return [row('verificationAccuracy', verificationAccuracy(f)), row('satisfaction', satisfiedShare(f))];
}

/** A teller's appraisal for the month under the given weights. */
export function appraise(f: AppraisalFigures, weights: Weights): Appraisal {
  const scores = dimensionScores(f);
  return { scores, total: weightedTotal(scores, weights), targets: targets(f) };
}

/** The median of a list (null when empty). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// A weight as a form sends it: a whole number 0-100.
const weight = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d{1,3}\s*$/.test(v) ? Number(v) : v),
  z.number({ error: 'errors.appraisal.weight' }).int('errors.appraisal.weight').min(0, 'errors.appraisal.weight').max(100, 'errors.appraisal.weight'),
);

/** The five weight fields of a form. */
export const weightFields = { volume: weight, quality: weight, efficiency: weight, satisfaction: weight, compliance: weight };

/** The weights together make 100 (the message goes on `total`, the sum the form shows). */
export function checkWeightsSum(w: Weights, ctx: z.RefinementCtx): void {
  if (DIMENSIONS.reduce((n, d) => n + w[d], 0) !== 100) ctx.addIssue({ code: 'custom', path: ['total'], message: 'errors.appraisal.weightsSum' });
}

/** The five weights: whole numbers from 0, together 100. */
export const weightsSchema = z.object(weightFields).superRefine(checkWeightsSum);

/** Stored weights, read back (a version written by the migrations or by weightsSchema). */
export function parseWeights(raw: unknown): Weights {
  return weightsSchema.parse(raw);
}
