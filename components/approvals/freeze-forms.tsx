'use client';

import { useTranslations } from 'next-intl';
import { confirmFraudAction, decideReleaseAction, requestReleaseAction } from '@/app/(supervisor)/supervisor/actions';
import { ActionForm, Field, SubmitButton } from '@/components/ui/action-form';

/** On an exception: the supervisor judges it suspected fraud, which freezes the customer's business. */
export function ConfirmFraudForm({ lockId, customerName }: { lockId: string; customerName: string }) {
  const t = useTranslations('approvals');
  return (
    <ActionForm action={confirmFraudAction} label={t('fraudFor', { name: customerName })} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="lockId" value={lockId} />
      <Field name="note" label={t('fraudNoteFor', { name: customerName })} autoComplete="off" />
      <SubmitButton variant="danger">{t('confirmFraud')}</SubmitButton>
    </ActionForm>
  );
}

export function RequestReleaseForm({ freezeId, customerName }: { freezeId: string; customerName: string }) {
  const t = useTranslations('approvals');
  return (
    <ActionForm action={requestReleaseAction} label={t('releaseFor', { name: customerName })} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="freezeId" value={freezeId} />
      <Field name="reason" label={t('releaseReasonFor', { name: customerName })} autoComplete="off" />
      <SubmitButton variant="secondary">{t('requestRelease')}</SubmitButton>
    </ActionForm>
  );
}

export function DecideReleaseForm({ freezeId, customerName }: { freezeId: string; customerName: string }) {
  const t = useTranslations('approvals');
  return (
    <ActionForm action={decideReleaseAction} label={t('decideReleaseFor', { name: customerName })} className="flex gap-2">
      <input type="hidden" name="freezeId" value={freezeId} />
      <SubmitButton name="decision" value="approved">
        {t('approveRelease')}
      </SubmitButton>
      <SubmitButton name="decision" value="rejected" variant="secondary">
        {t('rejectRelease')}
      </SubmitButton>
    </ActionForm>
  );
}
