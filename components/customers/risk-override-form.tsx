'use client';

import { useTranslations } from 'next-intl';
import { riskOverrideAction } from '@/app/(supervisor)/supervisor/actions';
import { ActionForm, Field, SelectField, SubmitButton } from '@/components/ui/action-form';

/** A supervisor proposes a risk level (or lifts an override); another supervisor decides it in the approval queue. */
export function RiskOverrideForm({ customerId, overridden }: { customerId: string; overridden: boolean }) {
  const t = useTranslations('customer360');
  const tr = useTranslations('teller');
  const levels = ['low', 'medium', 'high'] as const;
  return (
    <ActionForm action={riskOverrideAction} label={t('overrideForm')} resetOnSuccess className="grid gap-3 sm:grid-cols-3">
      <input type="hidden" name="customerId" value={customerId} />
      <SelectField
        name="level"
        label={t('overrideLevel')}
        defaultValue=""
        options={[
          { value: '', label: tr('fields.choose') },
          ...levels.map((l) => ({ value: l, label: tr(`risk.${l}`) })),
          ...(overridden ? [{ value: 'none', label: t('liftOverride') }] : []),
        ]}
      />
      <div className="sm:col-span-2">
        <Field name="reason" label={t('overrideReason')} autoComplete="off" maxLength={500} />
      </div>
      <div className="sm:col-span-3">
        <SubmitButton>{t('submitOverride')}</SubmitButton>
      </div>
    </ActionForm>
  );
}
