'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { reviewDocumentAction } from '@/app/(teller)/teller/case-actions';
import { ActionForm, Field, SelectField, SubmitButton, TextArea } from '@/components/ui/action-form';
import { Badge } from '@/components/ui/card';
import { REJECTION_REASONS, validityFlag } from '@/lib/documents/constants';
import type { PanelDocument } from '@/lib/documents/panel';

const STATUS_TONE = { uploaded: 'amber', accepted: 'green', rejected: 'red' } as const;

/** Expired or expiring before the case ends: said beside the dates, for the reviewer to weigh. */
function ValidityWarning({ flag, date }: { flag: 'expired' | 'expiresDuringCase' | null; date: string | null }) {
  const t = useTranslations('documents');
  if (!flag || !date) return null;
  return (
    <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      {t(flag === 'expired' ? 'validityExpired' : 'validityExpiresDuringCase', { date })}
    </p>
  );
}

/** The review of one uploaded document: accepted, or rejected with a standard reason (and a note for "other"). */
function ReviewForm({ doc, kindName, today, onOutcome }: { doc: PanelDocument; kindName: string; today: string; onOutcome: (message: string) => void }) {
  const t = useTranslations('documents');
  const tAll = useTranslations();
  const tw = useTranslations('customerWords');
  const [validUntil, setValidUntil] = useState('');
  const review = async (prev: unknown, payload: FormData) => {
    const result = await reviewDocumentAction(prev, payload);
    // The form leaves the page once its document is reviewed: the panel keeps the outcome on screen.
    if (result.ok && result.message) onOutcome(t('reviewOutcome', { kind: kindName, outcome: tAll(result.message) }));
    return result;
  };
  return (
    <ActionForm action={review} label={t('review', { kind: kindName })} className="space-y-3">
      <input type="hidden" name="documentId" value={doc.id} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field name="validFrom" type="date" label={t('validFrom')} />
        <Field name="validUntil" type="date" label={t('validUntil')} onChange={(e) => setValidUntil(e.currentTarget.value)} />
      </div>
      <ValidityWarning flag={validityFlag(validUntil || null, today, null)} date={validUntil} />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField name="reasonCode" label={t('reason')} defaultValue="" options={[{ value: '', label: t('chooseReason') }, ...REJECTION_REASONS.map((r) => ({ value: r, label: tw(`reasons.${r}`) }))]} />
        <TextArea name="note" label={t('note')} rows={2} maxLength={200} />
      </div>
      <div className="flex flex-wrap gap-2">
        <SubmitButton name="decision" value="accept">
          {t('accept')}
        </SubmitButton>
        <SubmitButton name="decision" value="reject" variant="danger">
          {t('reject')}
        </SubmitButton>
      </div>
    </ActionForm>
  );
}

/**
 * One uploaded document: its thumbnail (opening the viewer) or a PDF mark, the original in a new tab, who brought it
 * and when, its review or the form to review it.
 */
export function DocumentEntry({
  doc,
  kindName,
  today,
  onView,
  onOutcome,
}: {
  doc: PanelDocument;
  kindName: string;
  today: string;
  onView: (doc: PanelDocument, opener: HTMLElement) => void;
  onOutcome: (message: string) => void;
}) {
  const t = useTranslations('documents');
  const tw = useTranslations('customerWords');
  const format = useFormatter();
  const status = t(`docStatus.${doc.status}`);
  return (
    <li className="flex flex-col gap-4 border-t border-slate-100 pt-3 first:border-t-0 first:pt-0 sm:flex-row">
      <div className="w-36 shrink-0">
        {doc.hasThumbnail && !doc.isPdf ? (
          <button
            type="button"
            aria-label={t('view', { kind: kindName })}
            onClick={(e) => onView(doc, e.currentTarget)}
            className="block w-full cursor-zoom-in overflow-hidden rounded-md border border-slate-300 bg-slate-50 hover:border-brand-600"
          >
            {/* The authorised, no-store document route: not for next/image's optimiser, which would fetch it without the viewer's session. */}
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={`/api/documents/${doc.id}?thumb=1`} alt={t('thumbAlt', { kind: kindName })} className="h-24 w-full object-contain" />
          </button>
        ) : (
          <div className="flex h-24 flex-col items-center justify-center gap-1 rounded-md border border-slate-300 bg-slate-50 text-xs text-slate-700">
            <svg aria-hidden="true" viewBox="0 0 24 24" className="h-8 w-8 text-red-700" fill="none" stroke="currentColor" strokeWidth="1.5">
              <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
              <path d="M14 3v5h5" />
            </svg>
            {doc.isPdf ? t('pdf') : t('noPreview')}
          </div>
        )}
      </div>
      <div className="min-w-0 flex-1 space-y-2 text-sm">
        <p className="flex flex-wrap items-center gap-2">
          <Badge tone={STATUS_TONE[doc.status]}>{status}</Badge>
          <span className="text-slate-600">{t('uploadedBy', { name: doc.uploadedByName, time: format.dateTime(new Date(doc.createdAt), { dateStyle: 'short', timeStyle: 'short' }) })}</span>
          <a href={`/api/documents/${doc.id}`} target="_blank" rel="noopener noreferrer" className="text-brand-700 underline">
            {t('openFile', { kind: kindName })}
          </a>
        </p>
        {doc.status === 'rejected' && doc.reasonCode && <p className="text-red-800">{t('rejectedWith', { reason: tw(`reasons.${doc.reasonCode}`) })}</p>}
        {doc.note && <p className="text-slate-700">{t('noteValue', { note: doc.note })}</p>}
        {(doc.validFrom || doc.validUntil) && <p className="text-slate-700">{t('validityRange', { from: doc.validFrom ?? t('validityOpen'), until: doc.validUntil ?? t('validityOpen') })}</p>}
        <ValidityWarning flag={doc.validity} date={doc.validUntil} />
        {doc.status === 'uploaded' && <ReviewForm doc={doc} kindName={kindName} today={today} onOutcome={onOutcome} />}
      </div>
    </li>
  );
}
