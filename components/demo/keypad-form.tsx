'use client';

import { useTranslations } from 'next-intl';
import { demoKeypadAction } from '@/app/(demo)/demo/actions';
import { ActionForm, Field, SubmitButton } from '@/components/ui/action-form';

/** The customer's phone keypad in the demo: the digits go to the telephony integration, never to the teller. */
export function KeypadForm({ sessionId, customer, setting = false }: { sessionId: string; customer: string; setting?: boolean }) {
  const t = useTranslations('demo');
  return (
    <ActionForm action={demoKeypadAction} label={t('keypadFor', { customer })} resetOnSuccess className="flex flex-wrap items-start gap-3">
      <input type="hidden" name="sessionId" value={sessionId} />
      {setting ? (
        <>
          <Field name="digits" label={t('keypadNewPassword', { customer })} type="password" inputMode="numeric" autoComplete="off" maxLength={6} />
          <Field name="confirm" label={t('keypadRepeatPassword', { customer })} type="password" inputMode="numeric" autoComplete="off" maxLength={6} />
        </>
      ) : (
        <Field name="digits" label={t('keypadDigits', { customer })} type="password" inputMode="numeric" autoComplete="off" maxLength={6} />
      )}
      <SubmitButton>{t('keypadSend')}</SubmitButton>
    </ActionForm>
  );
}
