// Zod-free, so the weights form can list the dimensions without the schemas (lib/appraisal/score.ts re-exports it).

export const DIMENSIONS = ['volume', 'quality', 'efficiency', 'satisfaction', 'compliance'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Weights = Record<Dimension, number>;
