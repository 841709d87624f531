'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { signInAction } from '@/app/(auth)/actions';
import { ActionForm, Field, SubmitButton } from '@/components/ui/action-form';

/**
 * Username and password; for an account with an authenticator the server then asks for its code, and the form
 * shows the code field below what was typed (kept), focused, to send all three again.
 */
export function LoginForm() {
  const t = useTranslations('login');
  const [needsCode, setNeedsCode] = useState(false);
  return (
    <ActionForm action={signInAction} label={t('form')} className="space-y-4" onFailure={(message) => message === 'login.codeNeeded' && setNeedsCode(true)}>
      <Field name="username" label={t('username')} autoComplete="username" required />
      <Field name="password" label={t('password')} type="password" autoComplete="current-password" required />
      {needsCode && <Field name="code" label={t('code')} hint={t('codeHint')} autoComplete="one-time-code" inputMode="text" required autoFocus />}
      <SubmitButton>{t('submit')}</SubmitButton>
    </ActionForm>
  );
}
