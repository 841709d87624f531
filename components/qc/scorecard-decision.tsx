'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { decideScorecardAction } from '@/app/(scorecards)/scorecards/actions';
import { DecisionForm } from '@/components/ui/decision-form';

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
        <DecisionForm
          action={decideScorecardAction}
          label={t('decide', { name: templateName })}
          hidden={{ scorecardProposalId: proposalId }}
          text={{ note: t('decisionNote'), approve: t('approve'), reject: t('reject') }}
          onSuccess={(r) => setDone(r.version ? t('published', { version: r.version }) : t('rejected'))}
        />
      )}
      <p role="status" aria-live="polite" className="text-sm text-emerald-700">
        {pending ? '' : done}
      </p>
    </div>
  );
}
