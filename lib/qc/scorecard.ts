/** The fixed scorecard of the foundation; versioned templates replace it later. Weights add up to 100. */
export const SCORECARD = {
  id: 'basic-v1',
  items: [
    { key: 'greeting', weight: 15 },
    { key: 'verification', weight: 35 },
    { key: 'accuracy', weight: 30 },
    { key: 'closing', weight: 20 },
  ],
} as const;

export type ScorecardItemKey = (typeof SCORECARD.items)[number]['key'];
export type Ratings = Record<ScorecardItemKey, boolean>;

/** The score is always computed here, on the server, from the item ratings: 0-100. */
export function computeScore(ratings: Ratings): number {
  const total = SCORECARD.items.reduce((sum, item) => sum + item.weight, 0);
  const earned = SCORECARD.items.reduce((sum, item) => sum + (ratings[item.key] ? item.weight : 0), 0);
  return Math.round((earned / total) * 100);
}
