'use client';

import { useTranslations } from 'next-intl';
import { removeCalendarDayAction, setCalendarDayAction } from '@/app/(admin)/admin/calendar/actions';
import { ActionForm, Field, RadioGroup, SubmitButton } from '@/components/ui/action-form';

/** Sets a day of the working calendar: a holiday on a weekday, or a make-up working day (调休) on a weekend. */
export function SetCalendarDayForm() {
  const t = useTranslations('calendar');
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
      <div className="self-end sm:col-span-2">
        <SubmitButton>{t('save')}</SubmitButton>
      </div>
    </ActionForm>
  );
}

/** Removes one configured day; the form is named by its date, so each row's form has its own accessible name. */
export function RemoveCalendarDayForm({ date, name }: { date: string; name: string }) {
  const t = useTranslations('calendar');
  return (
    <ActionForm action={removeCalendarDayAction} label={t('removeFor', { date, name })}>
      <input type="hidden" name="date" value={date} />
      <SubmitButton variant="secondary">{t('remove')}</SubmitButton>
    </ActionForm>
  );
}
