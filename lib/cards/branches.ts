// Zod-free, so the card and account forms can list the branches without the schemas (lib/cards/schemas.ts re-exports it).

/** The branches a card can be sent to for pick-up (领卡网点); their names are in the catalogues (cards.branches). */
export const BRANCHES = ['sh_pudong', 'sh_huangpu', 'bj_dongcheng', 'gz_tianhe'] as const;
export type Branch = (typeof BRANCHES)[number];
