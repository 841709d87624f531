'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { resolveDisputeAction } from '@/app/(quality)/quality/actions';
import { ActionForm, RadioGroup, SelectField, SubmitButton, TextArea } from '@/components/ui/action-form';
import type { Scale } from '@/lib/qc/template';
import { useAnnouncedAction } from '@/components/ui/announcer';

/** `current`: the rating under dispute (as the form sends it), marked among the choices: a new rating must differ. */
export type DisputedItem = { key: string; title: string; scale: Scale; allowNa: boolean; current?: string };

/**
 * Resolves a dispute: accept all items, some (only those given a new rating), or none; each accepted item gets its
 * new rating on its own scale, and the reason is required. The server recomputes the score.
 */
export function ResolveForm({ disputeId, subject, items }: { disputeId: string; subject: string; items: DisputedItem[] }) {
  const t = useTranslations('quality');
  const tc = useTranslations('qc');
  const action = useAnnouncedAction(resolveDisputeAction);
  const [resolution, setResolution] = useState('');
  const options = (item: DisputedItem) => [
    { value: '', label: t('noChange') },
    ...[
      ...(item.scale.kind === 'yes_no'
        ? [
            { value: 'yes', label: tc('answers.yes') },
            { value: 'no', label: tc('answers.no') },
          ]
        : Array.from({ length: item.scale.max + 1 }, (_, n) => ({ value: String(n), label: tc('points', { n }) }))),
      ...(item.allowNa ? [{ value: 'na', label: tc('answers.na') }] : []),
    ].map((o) => (o.value === item.current ? { ...o, label: t('currentOption', { rating: o.label }) } : o)),
  ];
  return (
    <ActionForm action={action} label={t('resolveForm', { subject })} className="space-y-3">
      <input type="hidden" name="disputeId" value={disputeId} />
      {/* Rejecting re-rates nothing: the rating fields are switched off (and so not sent) while it is chosen. */}
      <div onChange={(e) => (e.target as HTMLInputElement).name === 'resolution' && setResolution((e.target as HTMLInputElement).value)}>
        <RadioGroup
          name="resolution"
          legend={t('resolutionLegend', { subject })}
          options={(['accepted', 'partial', 'rejected'] as const).map((value) => ({ value, label: t(`resolutions.${value}`) }))}
        />
      </div>
      <p className="text-xs text-slate-600">{t('rerateHint')}</p>
      <div className="grid gap-2 sm:grid-cols-2">
        {items.map((item) => (
          <SelectField key={item.key} name={`r_${item.key}`} label={t('rerate', { item: item.title })} options={options(item)} defaultValue="" disabled={resolution === 'rejected'} />
        ))}
      </div>
      <TextArea name="note" label={t('resolutionNoteLabel', { subject })} required maxLength={1000} />
      <SubmitButton>{t('resolveSubmit')}</SubmitButton>
    </ActionForm>
  );
}
