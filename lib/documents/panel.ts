import 'server-only';
import { chinaDate } from '@/lib/customers/documents/dates';
import { checklistState, validityFlag, type DocumentKind, type DocumentState, type ItemState, type RejectionReason } from './checklist';
import { listCaseDocuments, listDocumentsOfCases, openSupplement, openSupplementsOf } from './service';

/** One document as the teller's panel shows it: no file keys, no personal data beyond its kind. */
export type PanelDocument = {
  id: string;
  kind: DocumentKind;
  status: DocumentState;
  reasonCode: RejectionReason | null;
  note: string | null;
  validFrom: string | null;
  validUntil: string | null;
  validity: 'expired' | 'expiresDuringCase' | null;
  isPdf: boolean;
  hasThumbnail: boolean;
  uploadedByName: string;
  createdAt: string;
};

/** What the documents panel of one case needs: the checklist with each item's state, the documents, the open supplement request. */
export type CaseDocumentsPanelData = {
  caseId: string;
  items: { kind: DocumentKind; state: ItemState; reasonCode: RejectionReason | null; newestId: string | null }[];
  documents: PanelDocument[];
  supplement: { items: { kind: DocumentKind; reasonCode: RejectionReason }[]; dueAt: string; status: string; notifiedAt: string | null } | null;
  today: string;
};

/**
 * The documents panel's data for each of several cases collecting their documents (the console's), in two statements in
 * all, not two a case. The caller has scoped the cases to the teller (cases of the teller's own session); the files
 * themselves are served only through the authorised document route.
 */
export async function getCaseDocumentsPanels(of: readonly { id: string; requiredDocuments: readonly string[] }[], now = new Date()): Promise<CaseDocumentsPanelData[]> {
  if (of.length === 0) return [];
  const ids = of.map((c) => c.id);
  const [rows, supplements] = await Promise.all([listDocumentsOfCases(ids), openSupplementsOf(ids)]);
  return of.map((c) => panelOf(c.id, c.requiredDocuments, rows.filter((r) => r.caseId === c.id), supplements.get(c.id), now));
}

function panelOf(caseId: string, required: readonly string[], rows: Awaited<ReturnType<typeof listCaseDocuments>>, supplement: Awaited<ReturnType<typeof openSupplement>>, now: Date): CaseDocumentsPanelData {
  const today = chinaDate(now);
  const documents: PanelDocument[] = rows.map((d) => ({
    id: d.id,
    kind: d.kind as DocumentKind,
    status: d.status as DocumentState,
    reasonCode: (d.reasonCode as RejectionReason | null) ?? null,
    note: d.note,
    validFrom: d.validFrom,
    validUntil: d.validUntil,
    validity: validityFlag(d.validUntil, today, null),
    isPdf: d.mime === 'application/pdf',
    hasThumbnail: d.hasThumbnail,
    uploadedByName: d.uploadedByName,
    createdAt: d.createdAt.toISOString(),
  }));
  // Newest first (listCaseDocuments' order): the first of a kind is the one the checklist counts.
  const newest = new Map<string, PanelDocument>();
  for (const d of documents) if (!newest.has(d.kind)) newest.set(d.kind, d);
  const state = checklistState(required as DocumentKind[], documents.map((d) => ({ kind: d.kind, status: d.status, createdAt: new Date(d.createdAt) })));
  return {
    caseId,
    items: state.items.map((i) => {
      const doc = newest.get(i.kind);
      return { kind: i.kind, state: i.state, reasonCode: i.state === 'rejected' ? (doc?.reasonCode ?? null) : null, newestId: doc?.id ?? null };
    }),
    documents,
    supplement: supplement ? { items: supplement.items, dueAt: supplement.dueAt.toISOString(), status: supplement.status, notifiedAt: supplement.notifiedAt?.toISOString() ?? null } : null,
    today,
  };
}
