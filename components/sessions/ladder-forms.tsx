'use client';

import { useTranslations } from 'next-intl';
import { checkOtpAction, confirmIdentityAction, promptPasswordAction, sendOtpAction } from '@/app/(teller)/teller/actions';
import { ActionForm, Field, SubmitButton } from '@/components/ui/action-form';

export function OtpForms({ sessionId }: { sessionId: string }) {
  const t = useTranslations('teller');
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">{t('otpHelp')}</p>
      <ActionForm action={sendOtpAction} label={t('sendOtp')}>
        <input type="hidden" name="sessionId" value={sessionId} />
        <SubmitButton variant="secondary">{t('sendOtp')}</SubmitButton>
      </ActionForm>
      <ActionForm action={checkOtpAction} label={t('otpForm')} resetOnSuccess className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="sessionId" value={sessionId} />
        <Field name="code" label={t('otpCode')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
        <SubmitButton>{t('checkOtp')}</SubmitButton>
      </ActionForm>
    </div>
  );
}

/** The teller asks the telephony system to take the password from the customer's keypad; they never type it. */
export function PasswordPromptForm({ sessionId, waiting }: { sessionId: string; waiting: boolean }) {
  const t = useTranslations('teller');
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">{t('passwordHelp')}</p>
      {waiting && (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {t('passwordWaiting')}
        </p>
      )}
      <ActionForm action={promptPasswordAction} label={t('passwordPrompt')}>
        <input type="hidden" name="sessionId" value={sessionId} />
        <SubmitButton variant={waiting ? 'secondary' : 'primary'}>{waiting ? t('passwordPromptAgain') : t('passwordPrompt')}</SubmitButton>
      </ActionForm>
    </div>
  );
}

export function ConfirmForm({ sessionId, script }: { sessionId: string; script: string }) {
  const t = useTranslations('teller');
  return (
    <ActionForm action={confirmIdentityAction} label={t('confirmForm')} className="space-y-3">
      <input type="hidden" name="sessionId" value={sessionId} />
      <blockquote className="rounded-md border-l-4 border-brand-600 bg-brand-50 p-3 text-sm">{script}</blockquote>
      <div className="flex gap-3">
        <SubmitButton name="confirmed" value="yes">
          {t('customerConfirms')}
        </SubmitButton>
        <SubmitButton name="confirmed" value="no" variant="secondary">
          {t('customerDenies')}
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
