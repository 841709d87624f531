'use client';

import { useTranslations } from 'next-intl';
import { closeMonthAction, changeWeightsAction, recalculateAction } from '@/app/(appraisal)/appraisal/actions';
import { ActionForm, Field, SubmitButton, TextArea } from '@/components/ui/action-form';
import { DIMENSIONS, type Weights } from '@/lib/appraisal/dimensions';

/** A supervisor closes a finished month the monthly job has not closed yet (the job's own computation; idempotent). */
export function CloseMonthForm({ month, closed }: { month: string; closed: boolean }) {
  const t = useTranslations('appraisal');
  return (
    <ActionForm action={closeMonthAction} label={t('closeForm', { month })}>
      <input type="hidden" name="month" value={month} />
      <p className="mb-2 text-sm text-slate-700">{closed ? t('closedHelp', { month }) : t('closeHelp')}</p>
      <SubmitButton>{t('close', { month })}</SubmitButton>
    </ActionForm>
  );
}

/** A supervisor recalculates a teller's closed month, with the reason kept beside the new version. */
export function RecalculateForm({ staffId, month, name }: { staffId: string; month: string; name: string }) {
  const t = useTranslations('appraisal');
  return (
    <ActionForm action={recalculateAction} label={t('recalculateForm', { name, month })} resetOnSuccess className="space-y-3">
      <input type="hidden" name="staffId" value={staffId} />
      <input type="hidden" name="month" value={month} />
      <TextArea name="reason" label={t('reason')} required maxLength={500} />
      <SubmitButton variant="secondary">{t('recalculate')}</SubmitButton>
    </ActionForm>
  );
}

/**
 * New weights (whole numbers, together 100) with a note, submitted for review: once another supervisor approves them
 * they apply from the next closing or recalculation.
 */
export function WeightsForm({ current }: { current: Weights }) {
  const t = useTranslations('appraisal');
  const tc = useTranslations('config');
  return (
    <ActionForm action={changeWeightsAction} label={t('weightsForm')} className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-5">
        {DIMENSIONS.map((d) => (
          <Field key={d} name={d} label={t(`dimensions.${d}`)} type="number" inputMode="numeric" min={0} max={100} step={1} defaultValue={current[d]} required />
        ))}
      </div>
      <Field name="note" label={t('weightsNote')} required maxLength={300} />
      <SubmitButton variant="secondary">{tc('submit')}</SubmitButton>
    </ActionForm>
  );
}
