'use client';

import { useTranslations } from 'next-intl';
import { removeCalendarDayAction, setCalendarDayAction } from '@/app/(admin)/admin/calendar/actions';
import { ActionForm, Field, RadioGroup, SubmitButton } from '@/components/ui/action-form';

/**
 * Proposes a day of the working calendar: a holiday on a weekday, or a make-up working day (调休) on a weekend, with
 * why; another administrator's approval makes it take effect.
 */
export function SetCalendarDayForm() {
  const t = useTranslations('calendar');
  const tc = useTranslations('config');
  return (
    <ActionForm action={setCalendarDayAction} label={t('setDay')} className="grid gap-4 sm:grid-cols-2">
      <Field name="date" label={t('date')} type="date" required />
      <Field name="name" label={t('name')} hint={t('nameHint')} maxLength={40} autoComplete="off" required />
      <RadioGroup
        name="kind"
        legend={t('kind')}
        defaultValue="holiday"
        options={[
          { value: 'holiday', label: t('kinds.holiday') },
          { value: 'workday', label: t('kinds.workday') },
        ]}
      />
      <Field name="note" label={tc('note')} maxLength={500} autoComplete="off" required />
      <div className="self-end sm:col-span-2">
        <SubmitButton>{tc('submit')}</SubmitButton>
      </div>
    </ActionForm>
  );
}

/**
 * Proposes removing one configured day, with why (folded away until asked for); the form is named by its date, so
 * each row's form has its own accessible name.
 */
export function RemoveCalendarDayForm({ date, name }: { date: string; name: string }) {
  const t = useTranslations('calendar');
  const tc = useTranslations('config');
  return (
    <details>
      <summary className="cursor-pointer text-sm text-brand-700 underline">{tc('removeOpen')}</summary>
      <ActionForm action={removeCalendarDayAction} label={t('removeFor', { date, name })} className="mt-2 space-y-2">
        <input type="hidden" name="date" value={date} />
        <Field name="note" label={tc('removeNote')} maxLength={500} autoComplete="off" required />
        <SubmitButton variant="secondary">{tc('submit')}</SubmitButton>
      </ActionForm>
    </details>
  );
}
