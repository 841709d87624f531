'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { transferSessionAction } from '@/app/(teller)/teller/actions';
import { ActionForm, SelectField, SubmitButton, TextArea } from '@/components/ui/action-form';

export function TransferForm({ sessionId, tellers }: { sessionId: string; tellers: { id: string; name: string }[] }) {
  const t = useTranslations('teller');
  const router = useRouter();
  return (
    <ActionForm action={transferSessionAction} label={t('transfer')} onSuccess={() => router.push('/teller?notice=transferred')} className="space-y-3">
      <input type="hidden" name="sessionId" value={sessionId} />
      <SelectField name="toStaffId" label={t('transferTo')} defaultValue="" options={[{ value: '', label: t('chooseTeller') }, ...tellers.map((x) => ({ value: x.id, label: x.name }))]} />
      <TextArea name="note" label={t('transferNote')} />
      <SubmitButton variant="secondary">{t('transferSubmit')}</SubmitButton>
    </ActionForm>
  );
}
