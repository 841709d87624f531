'use client';

import { useTranslations } from 'next-intl';
import { cancelCaseAction, resubmitCaseAction } from '@/app/(teller)/teller/case-actions';
import { ActionForm, SubmitButton } from '@/components/ui/action-form';

/** The maker's buttons on their own case: resubmit a returned case, withdraw one not yet approved. */
export function MakerActions({ caseId, state, type }: { caseId: string; state: string; type: string }) {
  const t = useTranslations('cases');
  return (
    <div className="flex flex-wrap gap-2">
      {state === 'returned' && (
        <ActionForm action={resubmitCaseAction} label={t('resubmitFor', { type })}>
          <input type="hidden" name="caseId" value={caseId} />
          <SubmitButton>{t('resubmit')}</SubmitButton>
        </ActionForm>
      )}
      {(state === 'returned' || state === 'pending_approval') && (
        <ActionForm action={cancelCaseAction} label={t('cancelFor', { type })}>
          <input type="hidden" name="caseId" value={caseId} />
          <SubmitButton variant="secondary">{t('cancel')}</SubmitButton>
        </ActionForm>
      )}
    </div>
  );
}
