import { z } from 'zod';
import { AUTO_CHECKS } from './constants';

/**
 * Scorecard templates (质检评分表): sections of items, each with a weight, a rating scale, guidance for the inspector,
 * and possibly critical (failing it fails the whole session) or answered from the record (自动检查). QC staff write
 * them; a version applies only once a second QC member or a supervisor approves it, and an inspection keeps the
 * version it was scored with.
 */

export { AUTO_CHECKS, formatPin, type AutoCheck } from './constants';

const key = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'errors.qc.itemKey');
const text = (max: number) => z.string().trim().min(1, 'errors.required').max(max, 'errors.tooLong');

export const scaleSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('yes_no') }), z.object({ kind: z.literal('points'), max: z.number().int().min(1).max(10) })]);
export type Scale = z.infer<typeof scaleSchema>;

export const itemSchema = z.object({
  key,
  title: text(120),
  guidance: z.string().trim().max(1000, 'errors.tooLong').default(''),
  weight: z.number().int('errors.qc.weight').min(1, 'errors.qc.weight').max(100, 'errors.qc.weight'),
  scale: scaleSchema,
  critical: z.boolean().default(false),
  // Whether "not applicable" may be chosen (e.g. risk disclosure on a session with no product sold).
  allowNa: z.boolean().default(false),
  auto: z.enum(AUTO_CHECKS).optional(),
});
export type TemplateItem = z.infer<typeof itemSchema>;

export const sectionSchema = z.object({ key, title: text(80), items: z.array(itemSchema).min(1, 'errors.qc.emptySection').max(30) });

export const templateDefinitionSchema = z
  .object({ sections: z.array(sectionSchema).min(1, 'errors.qc.noSections').max(12) })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.sections.forEach((s, i) =>
      s.items.forEach((item, j) => {
        if (seen.has(item.key)) ctx.addIssue({ code: 'custom', path: ['sections', i, 'items', j, 'key'], message: 'errors.qc.duplicateKey' });
        seen.add(item.key);
      }),
    );
  });
export type TemplateDefinition = z.infer<typeof templateDefinitionSchema>;

/** Every item of a definition, in order. */
export function itemsOf(d: TemplateDefinition): TemplateItem[] {
  return d.sections.flatMap((s) => s.items);
}

/** One item's rating: yes / no / not applicable, or points on its scale; with the inspector's comment and time pin. */
export type RatingValue = 'yes' | 'no' | 'na' | number;
/** `fromRecord`: the answer the audit trail gave was kept; `overrideReason`: why the inspector answered otherwise. */
export type ItemRating = { value?: RatingValue; comment?: string; atMs?: number; fromRecord?: boolean; overrideReason?: string };
export type Ratings = Record<string, ItemRating>;

/** A rating as a form sends it: yes / no / na, or whole points; null for anything else. */
export function parseRatingValue(raw: string): RatingValue | null {
  if (raw === 'yes' || raw === 'no' || raw === 'na') return raw;
  return /^\d{1,2}$/.test(raw) ? Number(raw) : null;
}

/** Whether a value is on the item's scale (N/A only where the item allows it). */
export function fitsScale(item: TemplateItem, value: RatingValue): boolean {
  if (value === 'na') return item.allowNa;
  if (item.scale.kind === 'yes_no') return value === 'yes' || value === 'no';
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= item.scale.max;
}

/** Whether a rating fails its item: "no", or no points at all. */
export function fails(item: TemplateItem, r: ItemRating): boolean {
  return r.value === 'no' || r.value === 0;
}

export type RatingProblem = { item: string; message: string };

/** What is wrong with a set of ratings for a definition: a missing or out-of-scale rating, N/A where not allowed, a failed critical item without a comment. */
export function ratingProblems(d: TemplateDefinition, ratings: Ratings): RatingProblem[] {
  const problems: RatingProblem[] = [];
  const items = itemsOf(d);
  for (const item of items) {
    const r = ratings[item.key];
    if (!r || r.value === undefined) {
      problems.push({ item: item.key, message: 'errors.qc.unrated' });
      continue;
    }
    if (!fitsScale(item, r.value)) problems.push({ item: item.key, message: r.value === 'na' ? 'errors.qc.naNotAllowed' : 'errors.qc.outOfScale' });
    if (item.critical && r.value !== 'na' && fails(item, r) && !r.comment?.trim()) problems.push({ item: item.key, message: 'errors.qc.criticalComment' });
  }
  const known = new Set(items.map((i) => i.key));
  for (const k of Object.keys(ratings)) if (!known.has(k)) problems.push({ item: k, message: 'errors.qc.unknownItem' });
  if (problems.length === 0 && items.every((i) => ratings[i.key]!.value === 'na')) problems.push({ item: items[0]!.key, message: 'errors.qc.nothingApplicable' });
  return problems;
}

export type Score = { score: number; criticalFailure: boolean; earned: number; possible: number; failed: string[] };

/**
 * The score, computed on the server from the items (the client's arithmetic is never trusted): each applicable item
 * earns its weight times its fraction (yes 1, no 0, points/max); N/A items leave the denominator; the result is 0-100,
 * rounded. A failed critical item makes it 0 and marks the session a critical failure. Ratings must be valid
 * (ratingProblems) — this throws otherwise.
 */
export function computeScore(d: TemplateDefinition, ratings: Ratings): Score {
  const problems = ratingProblems(d, ratings);
  if (problems.length > 0) throw new Error(`computeScore: invalid ratings (${problems.map((p) => `${p.item}: ${p.message}`).join(', ')})`);
  let earned = 0;
  let possible = 0;
  const failed: string[] = [];
  let criticalFailure = false;
  for (const item of itemsOf(d)) {
    const r = ratings[item.key]!;
    if (r.value === 'na') continue;
    const fraction = item.scale.kind === 'yes_no' ? (r.value === 'yes' ? 1 : 0) : (r.value as number) / item.scale.max;
    earned += item.weight * fraction;
    possible += item.weight;
    if (fails(item, r)) {
      failed.push(item.key);
      if (item.critical) criticalFailure = true;
    }
  }
  const score = criticalFailure ? 0 : Math.round((earned / possible) * 100);
  return { score, criticalFailure, earned, possible, failed };
}

/** Whether a new rating is better for the teller than the old: a higher share of the item's weight, or N/A for a failure. */
export function inTellersFavour(item: TemplateItem, old: ItemRating | undefined, value: RatingValue): boolean {
  const share = (v: RatingValue | undefined) => (v === undefined || v === 'na' ? null : v === 'yes' ? 1 : v === 'no' ? 0 : (v as number) / (item.scale.kind === 'points' ? item.scale.max : 1));
  const before = share(old?.value);
  const after = share(value);
  if (after === null) return before !== null && before < 1;
  return before === null ? false : after > before;
}
