'use client';

import { useTranslations } from 'next-intl';
import { decideRequestAction } from '@/app/(supervisor)/supervisor/actions';
import { ActionForm, SubmitButton, TextArea } from '@/components/ui/action-form';

export function DecisionForm({ requestId }: { requestId: string }) {
  const t = useTranslations('approvals');
  return (
    <ActionForm action={decideRequestAction} label={t('decide')} className="space-y-3">
      <input type="hidden" name="requestId" value={requestId} />
      <TextArea name="reason" label={t('opinion')} />
      <div className="flex gap-3">
        <SubmitButton name="decision" value="approved">
          {t('approve')}
        </SubmitButton>
        <SubmitButton name="decision" value="rejected" variant="danger">
          {t('reject')}
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
