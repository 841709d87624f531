'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { decideKbAction } from '@/app/(kb)/kb/actions';
import { DecisionForm } from '@/components/ui/decision-form';

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
        <DecisionForm
          action={decideKbAction}
          label={t('decideForm', { title, version })}
          hidden={{ articleId, version }}
          text={{ note: t('decisionNote'), approve: t('approve'), reject: t('reject') }}
          onSuccess={(r) => setDone(r.status === 'published' ? t('published', { version }) : t('rejected', { version }))}
        />
      )}
      <p role="status" aria-live="polite" className="text-sm text-emerald-700">
        {done}
      </p>
    </div>
  );
}
