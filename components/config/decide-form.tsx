'use client';

import { useTranslations } from 'next-intl';
import { decideConfigChangeAction } from '@/app/(config)/config/actions';
import { ActionForm, SubmitButton, TextArea } from '@/components/ui/action-form';
import { useAnnouncedAction } from '@/components/ui/announcer';

/**
 * A second person's decision on a configuration change: approve (it takes effect at once) or reject with a note. The
 * decided change leaves the list, and this form with it, so the confirmation goes to the list's announcer.
 */
export function DecideChangeForm({ changeId, changeRef }: { changeId: string; changeRef: string }) {
  const t = useTranslations('config');
  const action = useAnnouncedAction(decideConfigChangeAction);
  return (
    <ActionForm action={action} label={t('decideForm', { ref: changeRef })} className="space-y-2">
      <input type="hidden" name="changeId" value={changeId} />
      <TextArea name="note" label={t('decisionNote')} rows={2} maxLength={500} />
      <div className="flex flex-wrap gap-2">
        <SubmitButton name="decision" value="approve">
          {t('approve')}
        </SubmitButton>
        <SubmitButton name="decision" value="reject" variant="danger">
          {t('reject')}
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
