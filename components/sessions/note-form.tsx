'use client';

import { useTranslations } from 'next-intl';
import { addNoteAction } from '@/app/(teller)/teller/actions';
import { ActionForm, SubmitButton, TextArea } from '@/components/ui/action-form';

/** A note on the contact's timeline (what the customer said, what was agreed). */
export function NoteForm({ sessionId }: { sessionId: string }) {
  const t = useTranslations('teller');
  return (
    <ActionForm action={addNoteAction} label={t('notes')} resetOnSuccess className="space-y-2">
      <input type="hidden" name="sessionId" value={sessionId} />
      <TextArea name="note" label={t('noteLabel')} rows={2} maxLength={1000} />
      <SubmitButton variant="secondary">{t('addNote')}</SubmitButton>
    </ActionForm>
  );
}
