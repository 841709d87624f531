'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { kbFeedbackAction } from '@/app/(kb)/kb/actions';
import { ActionForm, SubmitButton, TextArea } from '@/components/ui/action-form';

/**
 * A reader's marks on the version they read: helpful, or outdated with what is wrong (the author is told). Each is
 * given once per version; a mark given replaces its form with a note that it was. This component stays mounted when
 * the page re-renders, so it keeps saying what was done.
 */
export function KbFeedback({ articleId, version, given }: { articleId: string; version: number; given: string[] }) {
  const t = useTranslations('kb');
  const [done, setDone] = useState('');
  const hidden = (kind: string) => (
    <>
      <input type="hidden" name="articleId" value={articleId} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="kind" value={kind} />
    </>
  );
  return (
    <div className="space-y-4">
      {given.includes('helpful') ? (
        <p className="text-sm text-slate-700">{t('gaveHelpful')}</p>
      ) : (
        <ActionForm action={kbFeedbackAction} label={t('helpfulForm')} onSuccess={() => setDone(t('thanksHelpful'))}>
          {hidden('helpful')}
          <SubmitButton variant="secondary">{t('helpful')}</SubmitButton>
        </ActionForm>
      )}
      {given.includes('outdated') ? (
        <p className="text-sm text-slate-700">{t('gaveOutdated')}</p>
      ) : (
        <ActionForm action={kbFeedbackAction} label={t('outdatedForm')} className="space-y-2" onSuccess={() => setDone(t('thanksOutdated'))}>
          {hidden('outdated')}
          <TextArea name="note" label={t('outdatedNote')} maxLength={1000} />
          <SubmitButton variant="secondary">{t('outdated')}</SubmitButton>
        </ActionForm>
      )}
      <p role="status" aria-live="polite" className="text-sm text-emerald-700">
        {done}
      </p>
    </div>
  );
}
