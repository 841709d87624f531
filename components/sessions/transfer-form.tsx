'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { transferSessionAction } from '@/app/(teller)/teller/actions';
import { ActionForm, SelectField, SubmitButton, TextArea } from '@/components/ui/action-form';

export type TransferTarget = { id: string; name: string; role: 'teller' | 'supervisor' };

/** Hands the contact to a teller, or escalates it to a supervisor, with a note; then back to the sender's home. */
export function TransferForm({ sessionId, targets, home }: { sessionId: string; targets: TransferTarget[]; home: '/teller' | '/supervisor' }) {
  const t = useTranslations('teller');
  const router = useRouter();
  const label = (x: TransferTarget) => (x.role === 'supervisor' ? t('toSupervisor', { name: x.name }) : x.name);
  return (
    <ActionForm action={transferSessionAction} label={t('transfer')} onSuccess={() => router.push(`${home}?notice=transferred`)} className="space-y-3">
      <input type="hidden" name="sessionId" value={sessionId} />
      <SelectField name="toStaffId" label={t('transferTo')} defaultValue="" options={[{ value: '', label: t('chooseReceiver') }, ...targets.map((x) => ({ value: x.id, label: label(x) }))]} />
      <TextArea name="note" label={t('transferNote')} />
      <SubmitButton variant="secondary">{t('transferSubmit')}</SubmitButton>
    </ActionForm>
  );
}
