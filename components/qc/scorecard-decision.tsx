'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { decideScorecardAction } from '@/app/(scorecards)/scorecards/actions';
import { ActionForm, SubmitButton, TextArea } from '@/components/ui/action-form';

/**
 * Publish a proposed scorecard version, or reject it with a note. The decision makes the page re-render the proposal
 * as decided, which removes the form and its status line; this component stays mounted, so it keeps saying what was done.
 */
export function ScorecardDecision({ proposalId, templateName, pending }: { proposalId: string; templateName: string; pending: boolean }) {
  const t = useTranslations('scorecards');
  const [done, setDone] = useState('');
  return (
    <div>
      {pending && (
        <ActionForm
          action={decideScorecardAction}
          label={t('decide', { name: templateName })}
          className="space-y-3"
          onSuccess={(r) => setDone(r.version ? t('published', { version: r.version }) : t('rejected'))}
        >
          <input type="hidden" name="scorecardProposalId" value={proposalId} />
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
        {pending ? '' : done}
      </p>
    </div>
  );
}
