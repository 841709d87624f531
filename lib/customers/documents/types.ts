/** Identity documents a customer can present at the remote counter. */
export const DOCUMENT_TYPES = [
  'resident_id',
  'passport',
  'hk_macao_permit',
  'taiwan_permit',
  'hmt_residence_permit',
  'foreign_permanent_residence',
] as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/**
 * What is wrong with a number, for the message catalogues: `code` is the key suffix, `values` its interpolation values
 * (always strings, so they drop straight into a message).
 */
export type DocumentProblem = { code: string; values?: Record<string, string> };

export function isDocumentType(value: string): value is DocumentType {
  return (DOCUMENT_TYPES as readonly string[]).includes(value);
}
