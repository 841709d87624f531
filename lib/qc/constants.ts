// Zod-free, so the scorecard builder and the inspection form can use these without the template's schemas
// (lib/qc/template.ts builds those and re-exports what is here).

/** Checks the server answers from the audit trail of a session; the inspector may override them with a reason. */
export const AUTO_CHECKS = ['verification_before_request', 'confirmation_done', 'supplement_after_rejection', 'closed_with_outcome'] as const;
export type AutoCheck = (typeof AUTO_CHECKS)[number];

/** A time in the recording as the inspector reads and writes it: m:ss. */
export function formatPin(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
