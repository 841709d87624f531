'use client';

import { useTranslations } from 'next-intl';
import { cancelCaseAction, passwordResetPromptAction, reopenDocumentsAction, resubmitCaseAction } from '@/app/(teller)/teller/case-actions';
import { ActionForm, SubmitButton } from '@/components/ui/action-form';

/**
 * The teller's buttons on a case of the session: resubmit a returned case, withdraw one not yet approved, and after
 * an approved password reset ask the customer for the new password.
 */
export function MakerActions({ sessionId, caseId, state, kind, type, hasDocuments = false }: { sessionId: string; caseId: string; state: string; kind: string; type: string; hasDocuments?: boolean }) {
  const t = useTranslations('cases');
  return (
    <div className="flex flex-wrap gap-2">
      {kind === 'password_reset' && state === 'executed' && (
        <ActionForm action={passwordResetPromptAction} label={t('resetPromptFor', { type })}>
          <input type="hidden" name="sessionId" value={sessionId} />
          <input type="hidden" name="caseId" value={caseId} />
          <SubmitButton>{t('resetPrompt')}</SubmitButton>
        </ActionForm>
      )}
      {state === 'returned' && hasDocuments && (
        <ActionForm action={reopenDocumentsAction} label={t('reopenFor', { type })}>
          <input type="hidden" name="caseId" value={caseId} />
          <SubmitButton>{t('reopen')}</SubmitButton>
        </ActionForm>
      )}
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
