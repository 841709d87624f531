// The documents' closed sets and the validity flag, zod-free so client components can use them without the checklist's
// schema (lib/documents/checklist.ts builds it and re-exports what is here).

export const DOCUMENT_KINDS = [
  'id_front',
  'id_back',
  'passport_page',
  'permit',
  'application_form',
  'authorisation_letter',
  'proof_of_address',
  'business_licence',
  'legal_rep_id',
  'guardianship_proof',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Who the customer is, for the checklist: an enterprise, a minor (with a guardian), a foreigner, or anyone else. */
export const CUSTOMER_TYPES = ['individual', 'enterprise', 'minor', 'foreigner'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

/** The standard reasons a document is rejected (资料审核意见). */
export const REJECTION_REASONS = ['illegible', 'expired', 'mismatch', 'incomplete', 'suspected_forgery', 'wrong_type', 'signature_missing', 'other'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export type DocumentState = 'uploaded' | 'accepted' | 'rejected';
export type ItemState = 'missing' | DocumentState;

/**
 * A document's own validity against the case: expired already, or expiring before the case can be finished (its
 * expiry), is flagged for the reviewer.
 */
export function validityFlag(validUntil: string | null, today: string, caseEndsOn: string | null): 'expired' | 'expiresDuringCase' | null {
  if (!validUntil) return null;
  if (validUntil < today) return 'expired';
  if (caseEndsOn && validUntil <= caseEndsOn) return 'expiresDuringCase';
  return null;
}
