'use client';

import { useId } from 'react';
import { useTranslations } from 'next-intl';
import { complaintPolicyAction } from '@/app/(complaints)/complaints/actions';
import { ActionForm, SubmitButton, TextArea, useFieldErrors } from '@/components/ui/action-form';
import { COMPLAINT_CATEGORIES, COMPLAINT_SEVERITIES } from '@/lib/complaints/lifecycle';
import type { DeadlinePolicy } from '@/lib/complaints/deadlines';

const cell = 'w-full rounded-md border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-600';

/** One input of the table, named like the policy's path (its label is on the input), with its error tied to it. */
function Cell({ name, children }: { name: string; children: (invalid: boolean, describedBy: string | undefined) => React.ReactNode }) {
  const t = useTranslations();
  const errors = useFieldErrors(name);
  const id = useId();
  return (
    <div>
      {children(errors.length > 0, errors.length ? id : undefined)}
      {errors.length > 0 && (
        <p id={id} className="mt-1 text-xs text-red-700">
          {errors.map((e) => t(e as never)).join(' ')}
        </p>
      )}
    </div>
  );
}

/**
 * The deadline policy as a table: the default limits, then rules for a category, a severity or both (a row left
 * empty is no rule). It is submitted for review: once another supervisor approves it, it is the new version for
 * complaints recorded from then on.
 */
export function PolicyForm({ policy, rows }: { policy: DeadlinePolicy; rows: number }) {
  const t = useTranslations('complaints');
  const tc = useTranslations('config');
  const rules = [...policy.rules, ...Array.from({ length: Math.max(0, rows - policy.rules.length) }, () => undefined)];
  const num = (name: string, label: string, value?: number) => (
    <Cell name={name}>
      {(invalid, describedBy) => <input name={name} aria-label={label} aria-invalid={invalid} aria-describedby={describedBy} inputMode="numeric" defaultValue={value ?? ''} className={cell} />}
    </Cell>
  );
  return (
    <ActionForm action={complaintPolicyAction} label={t('policyForm')} className="space-y-4">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('policyTable')}</caption>
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="py-2">{t('category')}</th>
            <th scope="col">{t('severity')}</th>
            <th scope="col">{t('acknowledgeDays')}</th>
            <th scope="col">{t('resolveDays')}</th>
          </tr>
        </thead>
        <tbody>
          <tr className="border-t border-slate-100">
            <th scope="row" colSpan={2} className="py-2 font-medium">{t('policyDefault')}</th>
            <td className="py-2 pr-2">{num('default.acknowledgeDays', t('defaultAcknowledge'), policy.default.acknowledgeDays)}</td>
            <td className="py-2">{num('default.resolveDays', t('defaultResolve'), policy.default.resolveDays)}</td>
          </tr>
          {rules.map((r, i) => (
            <tr key={i} className="border-t border-slate-100">
              <td className="py-2 pr-2">
                <Cell name={`rules.${i}.category`}>
                  {(invalid, describedBy) => (
                    <select name={`rules.${i}.category`} aria-label={t('ruleCategory', { n: i + 1 })} aria-invalid={invalid} aria-describedby={describedBy} defaultValue={r?.category ?? ''} className={cell}>
                      <option value="">{t('anyCategory')}</option>
                      {COMPLAINT_CATEGORIES.map((c) => (
                        <option key={c} value={c}>
                          {t(`categories.${c}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Cell>
              </td>
              <td className="py-2 pr-2">
                <Cell name={`rules.${i}.severity`}>
                  {(invalid, describedBy) => (
                    <select name={`rules.${i}.severity`} aria-label={t('ruleSeverity', { n: i + 1 })} aria-invalid={invalid} aria-describedby={describedBy} defaultValue={r?.severity ?? ''} className={cell}>
                      <option value="">{t('anySeverity')}</option>
                      {COMPLAINT_SEVERITIES.map((s) => (
                        <option key={s} value={s}>
                          {t(`severities.${s}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Cell>
              </td>
              <td className="py-2 pr-2">{num(`rules.${i}.acknowledgeDays`, t('ruleAcknowledge', { n: i + 1 }), r?.acknowledgeDays)}</td>
              <td className="py-2">{num(`rules.${i}.resolveDays`, t('ruleResolve', { n: i + 1 }), r?.resolveDays)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <TextArea name="note" label={t('policyNote')} rows={2} maxLength={500} required />
      <SubmitButton>{tc('submit')}</SubmitButton>
    </ActionForm>
  );
}
