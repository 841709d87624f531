'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { updatePlanAction } from '@/app/(qc)/qc/actions';
import { ActionForm, CheckboxField, Field, SelectField, SubmitButton } from '@/components/ui/action-form';

export type PlanSettings = {
  id: string;
  name: string;
  rateKind: 'percent' | 'count';
  rateValue: number;
  newTellerWeeks: number;
  newTellerRate: number;
  active: boolean;
  risk: {
    failedVerification: boolean;
    rejectedApproval: boolean;
    fundsOverFen: number | null;
    shortHandleSeconds: number | null;
    longHandleSeconds: number | null;
    lowSatisfaction: number | null;
  };
};

const text = (n: number | null) => (n === null ? '' : String(n));
const number = { inputMode: 'numeric', autoComplete: 'off' } as const;

/**
 * A sampling plan's settings: its rates (higher for new tellers) and its risk rules; empty thresholds switch a rule
 * off. Submitted for review with why: another QC member's or a supervisor's approval makes them take effect.
 */
export function PlanForm({ plan }: { plan: PlanSettings }) {
  const t = useTranslations('qcPlans');
  const tc = useTranslations('config');
  // The rates' unit follows the kind chosen, so their hints say what the numbers mean.
  const [kind, setKind] = useState(plan.rateKind);
  const { risk } = plan;
  return (
    <ActionForm action={updatePlanAction} label={t('form', { name: plan.name })} className="space-y-5">
      <input type="hidden" name="planId" value={plan.id} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="rateKind"
          label={t('rateKind')}
          defaultValue={plan.rateKind}
          onChange={(e) => setKind(e.target.value === 'count' ? 'count' : 'percent')}
          options={[
            { value: 'percent', label: t('rateKinds.percent') },
            { value: 'count', label: t('rateKinds.count') },
          ]}
        />
        <Field {...number} name="rateValue" label={t('rateValue')} hint={t(`rateHint.${kind}`)} defaultValue={plan.rateValue} required />
        <Field {...number} name="newTellerWeeks" label={t('newTellerWeeks')} hint={t('newTellerWeeksHint')} defaultValue={plan.newTellerWeeks} required />
        <Field {...number} name="newTellerRate" label={t('newTellerRate')} hint={`${t(`rateHint.${kind}`)} ${t('newTellerRateHint')}`} defaultValue={plan.newTellerRate} required />
      </div>

      <fieldset className="space-y-3 rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold text-slate-800">{t('riskRules')}</legend>
        <p className="text-sm text-slate-600">{t('riskHelp')}</p>
        <CheckboxField name="failedVerification" label={t('failedVerification')} defaultChecked={risk.failedVerification} />
        <CheckboxField name="rejectedApproval" label={t('rejectedApproval')} defaultChecked={risk.rejectedApproval} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field {...number} name="fundsOverYuan" label={t('fundsOverYuan')} hint={t('emptyOff')} defaultValue={risk.fundsOverFen === null ? '' : String(risk.fundsOverFen / 100)} />
          <Field {...number} name="lowSatisfaction" label={t('lowSatisfaction')} hint={t('emptyOff')} defaultValue={text(risk.lowSatisfaction)} />
          <Field {...number} name="shortHandleSeconds" label={t('shortHandleSeconds')} hint={t('emptyOff')} defaultValue={text(risk.shortHandleSeconds)} />
          <Field {...number} name="longHandleSeconds" label={t('longHandleSeconds')} hint={t('emptyOff')} defaultValue={text(risk.longHandleSeconds)} />
        </div>
      </fieldset>

      <CheckboxField name="active" label={t('active')} defaultChecked={plan.active} />
      <Field name="note" label={tc('note')} maxLength={500} autoComplete="off" required />
      <SubmitButton>{tc('submit')}</SubmitButton>
    </ActionForm>
  );
}
