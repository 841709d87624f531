'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { startSessionAction } from '@/app/(teller)/teller/actions';
import { ActionForm, SelectField, SubmitButton } from '@/components/ui/action-form';

export function StartSessionForm() {
  const t = useTranslations('teller');
  const router = useRouter();
  return (
    <ActionForm action={startSessionAction} label={t('startSession')} onSuccess={(d) => router.push(`/teller/sessions/${d.id}`)} className="flex flex-wrap items-end gap-3">
      <SelectField
        name="channel"
        label={t('channel')}
        options={(['phone', 'video', 'chat'] as const).map((c) => ({ value: c, label: t(`channels.${c}`) }))}
      />
      <SubmitButton>{t('startSession')}</SubmitButton>
    </ActionForm>
  );
}
