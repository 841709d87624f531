'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { decideKbAction } from '@/app/(kb)/kb/actions';
import { ActionForm, SubmitButton, TextArea } from '@/components/ui/action-form';

/**
 * Publish a pending article version, or reject it with a note. The decision re-renders the page without the pending
 * version, which removes the form and its status line; this component stays mounted, so it keeps saying what was done.
 */
export function KbDecision({ articleId, version, title }: { articleId: string; version: number; title: string }) {
  const t = useTranslations('kb');
  const [done, setDone] = useState('');
  return (
    <div>
      {!done && (
        <ActionForm action={decideKbAction} label={t('decideForm', { title, version })} className="space-y-3" onSuccess={(r) => setDone(r.status === 'published' ? t('published', { version }) : t('rejected', { version }))}>
          <input type="hidden" name="articleId" value={articleId} />
          <input type="hidden" name="version" value={version} />
          <TextArea name="note" label={t('decisionNote')} maxLength={500} />
          <div className="flex flex-wrap gap-2">
            <SubmitButton name="decision" value="approve">
              {t('approve')}
            </SubmitButton>
            <SubmitButton name="decision" value="reject" variant="danger">
              {t('reject')}
            </SubmitButton>
          </div>
        </ActionForm>
      )}
      <p role="status" aria-live="polite" className="text-sm text-emerald-700">
        {done}
      </p>
    </div>
  );
}
