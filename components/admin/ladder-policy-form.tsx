'use client';

import { useTranslations } from 'next-intl';
import { publishLadderPolicyAction } from '@/app/(admin)/admin/actions';
import { ActionForm, SubmitButton, TextArea } from '@/components/ui/action-form';
import { BUSINESSES, POLICY_STEPS, RISK_LEVELS, type LadderRules } from '@/lib/sessions/ladder-steps';

/** The policy as a grid: business × customer risk level, a checkbox per step. Publishing makes the next version. */
export function LadderPolicyForm({ version, rules }: { version: number; rules: LadderRules }) {
  const t = useTranslations('ladder');
  const steps = useTranslations('teller.stepNames');
  return (
    <ActionForm action={publishLadderPolicyAction} label={t('formLabel')} className="space-y-4">
      <input type="hidden" name="basedOn" value={version} />
      {BUSINESSES.map((business) => (
        <table key={business} className="w-full text-left text-sm">
          <caption className="mb-2 text-left font-semibold">{t(`businesses.${business}`)}</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-2">{t('riskLevel')}</th>
              {[...POLICY_STEPS, 'confirmation' as const].map((s) => (
                <th key={s} scope="col">{steps(s)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {RISK_LEVELS.map((risk) => (
              <tr key={risk} className="border-t border-slate-100">
                <th scope="row" className="py-2 font-medium">{t(`risk.${risk}`)}</th>
                {POLICY_STEPS.map((step) => {
                  const name = `${business}.${risk}.${step}`;
                  const label = t('stepFor', { step: steps(step), risk: t(`risk.${risk}`), business: t(`businesses.${business}`) });
                  // Basic information is always part of the ladder: shown, sent, not switchable.
                  return (
                    <td key={step}>
                      {step === 'basic' ? (
                        <>
                          <input type="hidden" name={name} value="on" />
                          <input type="checkbox" checked disabled aria-label={label} className="size-4" />
                        </>
                      ) : (
                        <input type="checkbox" name={name} defaultChecked={rules[business][risk].includes(step)} aria-label={label} className="size-4" />
                      )}
                    </td>
                  );
                })}
                <td>
                  <input type="checkbox" checked disabled aria-label={t('stepFor', { step: steps('confirmation'), risk: t(`risk.${risk}`), business: t(`businesses.${business}`) })} className="size-4" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <p className="text-sm text-slate-600">{t('alwaysSteps')}</p>
      <TextArea name="note" label={t('note')} rows={2} maxLength={500} />
      <SubmitButton>{t('publish', { version: version + 1 })}</SubmitButton>
    </ActionForm>
  );
}
