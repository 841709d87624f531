'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import { Badge } from '@/components/ui/card';
import type { DocumentKind, ItemState } from '@/lib/documents/checklist';
import type { CaseDocumentsPanelData, PanelDocument } from '@/lib/documents/panel';
import { DocumentEntry } from './document-entry';
import { DocumentUpload } from './document-upload';
import { ImageViewer, type ComparedCustomer, type ViewedImage } from './image-viewer';

const ITEM_TONE: Record<ItemState, 'slate' | 'amber' | 'green' | 'red'> = { missing: 'slate', uploaded: 'amber', accepted: 'green', rejected: 'red' };

/**
 * The documents of one case collecting them (资料收集), for the teller handling it: the checklist with each item's
 * state, an upload for every item not yet accepted, each document with its review, the open supplement request, and a
 * viewer to compare an image with the customer on record. The server decides everything shown here again.
 */
export function CaseDocuments({ data, caseType, customer, maxBytes }: { data: CaseDocumentsPanelData; caseType: string; customer: ComparedCustomer; maxBytes: number }) {
  const t = useTranslations('documents');
  const tw = useTranslations('customerWords');
  const format = useFormatter();
  const headingId = useId();
  const [outcome, setOutcome] = useState('');
  const [viewing, setViewing] = useState<ViewedImage | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const kindName = (kind: DocumentKind) => tw(`kinds.${kind}`);
  const itemState = (i: CaseDocumentsPanelData['items'][number]) =>
    i.state === 'rejected' ? t('itemStates.rejected', { reason: i.reasonCode ? tw(`reasons.${i.reasonCode}`) : '' }) : t(`itemStates.${i.state}`);
  const required = new Set<string>(data.items.map((i) => i.kind));
  const others = data.documents.filter((d) => !required.has(d.kind));
  // Several documents of one kind (a re-upload, a second page) are numbered in the order they came, so each one's
  // review form, viewer button and link has a name of its own.
  const nameOf = (doc: PanelDocument) => {
    const same = data.documents.filter((d) => d.kind === doc.kind);
    return same.length > 1 ? t('numbered', { kind: kindName(doc.kind), n: same.length - same.indexOf(doc) }) : kindName(doc.kind);
  };
  const view = (doc: PanelDocument, from: HTMLElement) => {
    opener.current = from;
    setViewing({ id: doc.id, kindName: nameOf(doc) });
  };
  const entries = (docs: PanelDocument[], label: string) =>
    docs.length > 0 && (
      <ul aria-label={label} className="space-y-3">
        {docs.map((d) => (
          <DocumentEntry key={d.id} doc={d} kindName={nameOf(d)} today={data.today} onView={view} onOutcome={setOutcome} />
        ))}
      </ul>
    );

  return (
    <div id={`documents-${data.caseId}`} role="group" aria-labelledby={headingId} className="space-y-4">
      <h3 id={headingId} className="font-semibold">
        {t('checklistFor', { type: caseType })}
      </h3>
      <p className="text-sm text-slate-600">{t('checklistHelp')}</p>
      {data.supplement && (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {t('supplement', {
            items: data.supplement.items.map((i) => t('supplementItem', { kind: kindName(i.kind), reason: tw(`reasons.${i.reasonCode}`) })).join(tw('listSeparator')),
            date: format.dateTime(new Date(data.supplement.dueAt), { dateStyle: 'medium', timeStyle: 'short' }),
          })}{' '}
          {data.supplement.status === 'reuploaded'
            ? t('supplementReuploaded')
            : data.supplement.notifiedAt
              ? t('supplementNotified', { time: format.dateTime(new Date(data.supplement.notifiedAt), { dateStyle: 'short', timeStyle: 'short' }) })
              : t('supplementQueued')}
        </p>
      )}
      <ul aria-label={t('checklistFor', { type: caseType })} className="grid gap-2 text-sm sm:grid-cols-2">
        {data.items.map((i) => (
          <li key={i.kind} className="flex items-center justify-between gap-2 rounded-md border border-slate-200 px-3 py-2">
            <span className="font-medium">{kindName(i.kind)}</span>
            <Badge tone={ITEM_TONE[i.state]}>{itemState(i)}</Badge>
          </li>
        ))}
      </ul>
      <p role="status" aria-live="polite" className="text-sm text-emerald-800">
        {outcome}
      </p>
      {data.items.map((i) => {
        const docs = data.documents.filter((d) => d.kind === i.kind);
        const itemHeading = `${headingId}-${i.kind}`;
        return (
          <div key={i.kind} role="group" aria-labelledby={itemHeading} className="space-y-3 rounded-md border border-slate-200 p-3">
            <div className="flex flex-wrap items-center gap-2">
              <h4 id={itemHeading} className="font-medium">
                {kindName(i.kind)}
              </h4>
              <Badge tone={ITEM_TONE[i.state]}>{itemState(i)}</Badge>
            </div>
            {entries(docs, t('documentsOf', { kind: kindName(i.kind) }))}
            {i.state !== 'accepted' && (
              <DocumentUpload caseId={data.caseId} kind={i.kind} kindName={kindName(i.kind)} replacesId={i.state === 'rejected' ? i.newestId : null} maxBytes={maxBytes} />
            )}
          </div>
        );
      })}
      {others.length > 0 && (
        <div className="rounded-md border border-slate-200 p-3">
          <h4 className="mb-2 font-medium">{t('otherDocuments')}</h4>
          {entries(others, t('otherDocuments'))}
        </div>
      )}
      <ImageViewer
        image={viewing}
        customer={customer}
        onClose={() => {
          setViewing(null);
          opener.current?.focus();
        }}
      />
    </div>
  );
}
