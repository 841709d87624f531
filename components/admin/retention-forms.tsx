'use client';

import { useTranslations } from 'next-intl';
import { decidePurgeAction, proposePurgeAction } from '@/app/(admin)/admin/retention-actions';
import { ActionForm, Field, SubmitButton } from '@/components/ui/action-form';

export function ProposePurgeForm({ customerId, name }: { customerId: string; name: string }) {
  const t = useTranslations('retention');
  return (
    <ActionForm action={proposePurgeAction} label={t('proposeFor', { name })} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="customerId" value={customerId} />
      <Field name="reason" label={t('reason')} maxLength={200} autoComplete="off" />
      <SubmitButton variant="danger">{t('propose')}</SubmitButton>
    </ActionForm>
  );
}

export function DecidePurgeForm({ purgeId, name }: { purgeId: string; name: string }) {
  const t = useTranslations('retention');
  return (
    <ActionForm action={decidePurgeAction} label={t('decideFor', { name })} className="flex flex-wrap gap-2">
      <input type="hidden" name="purgeId" value={purgeId} />
      <SubmitButton variant="danger" name="decision" value="approve">
        {t('approve')}
      </SubmitButton>
      <SubmitButton variant="secondary" name="decision" value="reject">
        {t('reject')}
      </SubmitButton>
    </ActionForm>
  );
}
