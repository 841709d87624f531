'use client';

import { useTranslations } from 'next-intl';
import { signInAction } from '@/app/(auth)/actions';
import { ActionForm, Field, SubmitButton } from '@/components/ui/action-form';

export function LoginForm() {
  const t = useTranslations('login');
  return (
    <ActionForm action={signInAction} label={t('form')} className="space-y-4">
      <Field name="username" label={t('username')} autoComplete="username" required />
      <Field name="password" label={t('password')} type="password" autoComplete="current-password" required />
      <SubmitButton>{t('submit')}</SubmitButton>
    </ActionForm>
  );
}
