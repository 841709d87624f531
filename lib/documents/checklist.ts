import { z } from 'zod';
import { BUSINESS_TYPES, type Business } from '@/lib/cases/constants';
import { CUSTOMER_TYPES, DOCUMENT_KINDS, type CustomerType, type DocumentKind, type DocumentState, type ItemState } from './constants';

/**
 * The required documents (资料清单) for each business and kind of customer: configuration, versioned, published to
 * tellers as a readable list (the regulations require it). A case keeps the version it was opened with. Pure.
 */

export {
  CUSTOMER_TYPES,
  DOCUMENT_KINDS,
  REJECTION_REASONS,
  validityFlag,
  type CustomerType,
  type DocumentKind,
  type DocumentState,
  type ItemState,
  type RejectionReason,
} from './constants';

const kinds = z.array(z.enum(DOCUMENT_KINDS)).max(10);
const perCustomer = z.object(Object.fromEntries(CUSTOMER_TYPES.map((c) => [c, kinds])) as Record<CustomerType, typeof kinds>);
/** Every business may be listed; one not listed needs no documents. */
export const checklistConfigSchema = z.partialRecord(z.enum(BUSINESS_TYPES), perCustomer);
export type ChecklistConfig = Partial<Record<Business, Record<CustomerType, DocumentKind[]>>>;

const ID_CARD: DocumentKind[] = ['id_front', 'id_back'];

/**
 * Version 1. Opening an account remotely needs the identity document and the signed application (an enterprise: its
 * licence, the legal representative's ID and the agent's authorisation; a minor: the guardianship proof too); closing
 * one and resetting a password need the signed application or the identity document. Everything else needs none.
 */
export const DEFAULT_CHECKLIST: ChecklistConfig = {
  open_account: {
    individual: [...ID_CARD, 'application_form'],
    foreigner: ['passport_page', 'application_form'],
    minor: [...ID_CARD, 'guardianship_proof', 'application_form'],
    enterprise: ['business_licence', 'legal_rep_id', 'authorisation_letter', 'application_form'],
  },
  account_closure: {
    individual: ['application_form'],
    foreigner: ['application_form'],
    minor: ['application_form', 'guardianship_proof'],
    enterprise: ['application_form', 'authorisation_letter'],
  },
  password_reset: {
    individual: [...ID_CARD],
    foreigner: ['passport_page'],
    minor: [...ID_CARD, 'guardianship_proof'],
    enterprise: ['legal_rep_id', 'authorisation_letter'],
  },
};

/** The documents `business` needs for this kind of customer under `config` (none when it is not listed). */
export function requiredDocuments(config: ChecklistConfig, business: Business, customer: CustomerType): DocumentKind[] {
  return [...(config[business]?.[customer] ?? [])];
}

const PERMITS = ['hk_macao_permit', 'taiwan_permit', 'hmt_residence_permit'];

/**
 * The list as this customer can meet it: a holder of a Hong Kong, Macao or Taiwan permit has no resident ID card, so
 * the ID card's two sides are their permit.
 */
export function forDocumentType(kinds: readonly DocumentKind[], documentType: string): DocumentKind[] {
  if (!PERMITS.includes(documentType)) return [...kinds];
  return [...new Set(kinds.map((k) => (k === 'id_front' || k === 'id_back' ? 'permit' : k)))];
}

/** The checklist's kind of customer: enterprise, else minor, else foreigner (a foreign document), else individual. */
export function customerTypeOf(c: { kind: string; documentType: string; minor: boolean }): CustomerType {
  if (c.kind === 'enterprise') return 'enterprise';
  if (c.minor) return 'minor';
  if (c.documentType === 'passport' || c.documentType === 'foreign_permanent_residence') return 'foreigner';
  return 'individual';
}

/**
 * Each required item's state from the case's documents (the newest of each kind counts: a re-upload replaces a
 * rejected one), and whether the checklist is complete (every item accepted).
 */
export function checklistState(required: readonly DocumentKind[], documents: readonly { kind: string; status: DocumentState; createdAt: Date }[]) {
  const newest = new Map<string, { status: DocumentState; createdAt: Date }>();
  for (const d of documents) {
    const seen = newest.get(d.kind);
    if (!seen || d.createdAt > seen.createdAt) newest.set(d.kind, d);
  }
  const items = required.map((kind) => ({ kind, state: (newest.get(kind)?.status ?? 'missing') as ItemState }));
  return { items, complete: items.every((i) => i.state === 'accepted'), rejected: items.some((i) => i.state === 'rejected') };
}
