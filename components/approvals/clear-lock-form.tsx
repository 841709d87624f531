'use client';

import { useTranslations } from 'next-intl';
import { clearLockAction } from '@/app/(supervisor)/supervisor/actions';
import { ActionForm, Field, SubmitButton } from '@/components/ui/action-form';

export function ClearLockForm({ lockId, customerName }: { lockId: string; customerName: string }) {
  const t = useTranslations('approvals');
  return (
    <ActionForm action={clearLockAction} label={t('clearLockFor', { name: customerName })} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="lockId" value={lockId} />
      <Field name="note" label={t('clearNoteFor', { name: customerName })} autoComplete="off" />
      <SubmitButton variant="secondary">{t('clearLock')}</SubmitButton>
    </ActionForm>
  );
}
