'use client';

import { useTranslations } from 'next-intl';
import { decideCaseAction } from '@/app/(supervisor)/supervisor/actions';
import { ActionForm, SelectField, SubmitButton, TextArea } from '@/components/ui/action-form';
import { REFUSAL_REASONS } from '@/lib/cases/constants';

/** Approve, or reject / return with a reason code and an opinion (required for those two). */
export function CaseDecisionForm({ caseId }: { caseId: string }) {
  const t = useTranslations('cases');
  return (
    <ActionForm action={decideCaseAction} label={t('decision')} className="space-y-3">
      <input type="hidden" name="caseId" value={caseId} />
      <SelectField name="reasonCode" label={t('reasonCode')} defaultValue="" options={[{ value: '', label: t('reasonNone') }, ...REFUSAL_REASONS.map((r) => ({ value: r, label: t(`reasons.${r}`) }))]} />
      <TextArea name="opinion" label={t('opinion')} maxLength={500} />
      <div className="flex flex-wrap gap-2">
        <SubmitButton name="decision" value="approve">
          {t('approve')}
        </SubmitButton>
        <SubmitButton name="decision" value="return" variant="secondary">
          {t('return')}
        </SubmitButton>
        <SubmitButton name="decision" value="reject" variant="danger">
          {t('reject')}
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
