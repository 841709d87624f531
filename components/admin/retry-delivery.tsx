'use client';

import { useTranslations } from 'next-intl';
import { retryDeliveryAction } from '@/app/(admin)/admin/actions';
import { ActionForm, SubmitButton } from '@/components/ui/action-form';

export function RetryDelivery({ messageId, to }: { messageId: string; to: string }) {
  const t = useTranslations('deliveries');
  return (
    <ActionForm action={retryDeliveryAction} label={t('retryFor', { to })}>
      <input type="hidden" name="messageId" value={messageId} />
      <SubmitButton variant="secondary">{t('retry')}</SubmitButton>
    </ActionForm>
  );
}
