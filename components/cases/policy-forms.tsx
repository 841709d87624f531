'use client';

import { useTranslations } from 'next-intl';
import { decidePolicyAction, proposePolicyAction } from '@/app/(supervisor)/supervisor/policy-actions';
import { ActionForm, Field, SubmitButton } from '@/components/ui/action-form';

export function ProposePolicyForm({ current }: { current: { largeAmount: string; slaLevel1: number; slaLevel2: number; expireAfterMinutes: number } }) {
  const t = useTranslations('policy');
  return (
    <ActionForm action={proposePolicyAction} label={t('propose')} className="grid gap-3 sm:grid-cols-2">
      <Field name="largeAmount" label={t('largeAmount')} defaultValue={current.largeAmount} inputMode="decimal" />
      <Field name="expireAfterMinutes" label={t('expireAfter')} defaultValue={String(current.expireAfterMinutes)} inputMode="numeric" />
      <Field name="slaLevel1" label={t('sla1')} defaultValue={String(current.slaLevel1)} inputMode="numeric" />
      <Field name="slaLevel2" label={t('sla2')} defaultValue={String(current.slaLevel2)} inputMode="numeric" />
      <div className="sm:col-span-2">
        <Field name="note" label={t('note')} autoComplete="off" maxLength={200} />
      </div>
      <div className="sm:col-span-2">
        <SubmitButton>{t('propose')}</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function DecidePolicyForm({ proposalId }: { proposalId: string }) {
  const t = useTranslations('policy');
  return (
    <ActionForm action={decidePolicyAction} label={t('decide')} className="flex flex-wrap gap-2">
      <input type="hidden" name="proposalId" value={proposalId} />
      <SubmitButton name="decision" value="approve">
        {t('approve')}
      </SubmitButton>
      <SubmitButton name="decision" value="reject" variant="danger">
        {t('reject')}
      </SubmitButton>
    </ActionForm>
  );
}
