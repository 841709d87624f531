'use client';

import { useId } from 'react';
import { useTranslations } from 'next-intl';
import { disputeInspectionAction } from '@/app/(teller)/teller/quality-actions';
import { ActionForm, CheckboxField, SubmitButton, TextArea, translate, useFieldErrors } from '@/components/ui/action-form';
import { useAnnouncedAction } from '@/components/ui/announcer';

/** The teller disputes items of an inspection (one checkbox per item), with an explanation, before the deadline. */
export function DisputeForm({ inspectionId, subject, deadline, items }: { inspectionId: string; subject: string; deadline: string; items: { key: string; title: string }[] }) {
  const t = useTranslations('quality');
  const action = useAnnouncedAction(disputeInspectionAction);
  return (
    <ActionForm action={action} label={t('disputeForm', { subject })} className="mt-2 space-y-3">
      <input type="hidden" name="inspectionId" value={inspectionId} />
      <p className="text-slate-600">{deadline}</p>
      <ItemChoice legend={t('disputeItemsLegend', { subject })} items={items} />
      <TextArea name="explanation" label={t('explanationLabel', { subject })} required maxLength={1000} />
      <SubmitButton variant="secondary">{t('disputeSubmit')}</SubmitButton>
    </ActionForm>
  );
}

/**
 * The items to dispute. The fieldset carries the name `items`, under which the server reports "choose an item", so
 * the error is shown (and announced) here rather than only in the form's status line.
 */
function ItemChoice({ legend, items }: { legend: string; items: { key: string; title: string }[] }) {
  const t = useTranslations();
  const id = useId();
  const errors = useFieldErrors('items');
  return (
    <fieldset name="items" aria-invalid={errors.length > 0} aria-describedby={errors.length ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      <div className="mt-1 space-y-1">
        {items.map((item) => (
          <CheckboxField key={item.key} name={`d_${item.key}`} label={item.title} />
        ))}
      </div>
      {errors.length > 0 && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {errors.map((e) => translate(t, e)).join(' ')}
        </p>
      )}
    </fieldset>
  );
}
