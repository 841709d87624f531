'use client';

import { useTranslations } from 'next-intl';
import { acknowledgeInspectionAction } from '@/app/(teller)/teller/quality-actions';
import { ActionForm, SubmitButton } from '@/components/ui/action-form';
import { useAnnouncedAction } from '@/components/ui/announcer';

/** The teller confirms they have read an inspection of their session. */
export function AcknowledgeForm({ inspectionId, subject }: { inspectionId: string; subject: string }) {
  const t = useTranslations('quality');
  const action = useAnnouncedAction(acknowledgeInspectionAction);
  return (
    <ActionForm action={action} label={t('acknowledgeForm', { subject })}>
      <input type="hidden" name="inspectionId" value={inspectionId} />
      <SubmitButton variant="secondary">{t('acknowledge')}</SubmitButton>
    </ActionForm>
  );
}
