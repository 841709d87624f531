// The session forms' choices, zod-free so client components can list them without the schemas
// (lib/sessions/schemas.ts builds those and re-exports what is here).

export const GUARDIAN_RELATIONSHIPS = ['parent', 'legal_guardian', 'other_relative'] as const;
export const SESSION_OUTCOMES = ['resolved', 'transferred', 'dropped', 'abandoned'] as const;
export const SATISFACTION_CHOICES = ['5', '4', '3', '2', '1', 'declined'] as const;
