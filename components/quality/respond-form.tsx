'use client';

import { useTranslations } from 'next-intl';
import { respondRectificationAction } from '@/app/(teller)/teller/quality-actions';
import { ActionForm, SubmitButton, TextArea } from '@/components/ui/action-form';
import { useAnnouncedAction } from '@/components/ui/announcer';

/** The teller says what they did about a rectification task; a QC member then verifies it. */
export function RespondForm({ rectificationId, item }: { rectificationId: string; item: string }) {
  const t = useTranslations('quality');
  const action = useAnnouncedAction(respondRectificationAction);
  return (
    <ActionForm action={action} label={t('respondForm', { item })} className="space-y-2">
      <input type="hidden" name="rectificationId" value={rectificationId} />
      <TextArea name="response" label={t('responseLabel', { item })} required maxLength={1000} />
      <SubmitButton variant="secondary">{t('respondSubmit')}</SubmitButton>
    </ActionForm>
  );
}
