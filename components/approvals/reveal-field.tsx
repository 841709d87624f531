'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { revealCaseValueAction, revealFieldAction } from '@/app/(supervisor)/supervisor/actions';
import { ActionForm, Field, SubmitButton } from '@/components/ui/action-form';
import type { ActionResult } from '@/lib/actions/result';

type RevealAction = (prev: unknown, form: FormData) => Promise<ActionResult<{ value: string }>>;

/** A personal field of the customer's record, revealed with a reason. */
export function RevealField({ customerId, field, masked, label }: { customerId: string; field: 'idNumber' | 'mobile' | 'email'; masked: string; label: string }) {
  return <RevealValue action={revealFieldAction} hidden={{ customerId, field }} masked={masked} label={label} />;
}

/** One side (current or requested) of an information change awaiting decision, revealed to its checker with a reason. */
export function CaseValueReveal({ caseId, side, masked, label }: { caseId: string; side: 'old' | 'new'; masked: string; label: string }) {
  return <RevealValue action={revealCaseValueAction} hidden={{ caseId, side }} masked={masked} label={label} />;
}

/**
 * A masked personal value with an explicit reveal: the supervisor states a reason, the server audits it and returns
 * the full value, which stays on screen until hidden again (it is never stored in the page's URL or cache).
 */
function RevealValue({ action, hidden, masked, label }: { action: RevealAction; hidden: Record<string, string>; masked: string; label: string }) {
  const t = useTranslations('approvals');
  const [asking, setAsking] = useState(false);
  const [value, setValue] = useState<string | null>(null);
  if (value !== null) {
    return (
      <span className="inline-flex flex-wrap items-center gap-2">
        <span className="font-mono">{value}</span>
        <button type="button" className="text-xs text-brand-700 underline" onClick={() => setValue(null)}>
          {t('hide')}
        </button>
      </span>
    );
  }
  return (
    <span className="inline-flex flex-col gap-1">
      <span className="inline-flex flex-wrap items-center gap-2">
        <span className="font-mono">{masked}</span>
        {!asking && (
          <button type="button" className="text-xs text-brand-700 underline" onClick={() => setAsking(true)} aria-label={t('revealLabel', { field: label })}>
            {t('reveal')}
          </button>
        )}
      </span>
      {asking && (
        <ActionForm action={action} label={t('revealLabel', { field: label })} onSuccess={(d) => setValue(d.value)} className="flex flex-wrap items-end gap-2">
          {Object.entries(hidden).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <Field name="reason" label={t('revealReason', { field: label })} autoComplete="off" />
          <SubmitButton variant="secondary">{t('revealSubmit')}</SubmitButton>
        </ActionForm>
      )}
    </span>
  );
}
