import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { LoginForm } from '@/components/auth/login-form';
import { LanguageSwitch } from '@/components/shell/language-switch';
import { getCurrentUser } from '@/lib/auth/current-user';
import { ROLE_HOME } from '@/lib/auth/roles';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ reason?: string | string[] }> }) {
  const user = await getCurrentUser();
  if (user) redirect(ROLE_HOME[user.role]);
  const t = await getTranslations();
  const { reason } = await searchParams;
  const notice = reason === 'idle' ? 'login.idle' : reason === 'signedOut' ? 'login.signedOut' : null;
  return (
    <main id="main" className="flex min-h-screen items-center justify-center bg-brand-900 p-4">
      <div className="w-full max-w-sm rounded-lg bg-white p-8 shadow-lg">
        <div className="mb-6 flex items-start justify-between gap-2">
          <div>
            <h1 className="text-2xl font-semibold text-slate-900">{t('app.title')}</h1>
            <p className="mt-1 text-sm text-slate-600">{t('login.subtitle')}</p>
          </div>
          <LanguageSwitch tone="light" />
        </div>
        {notice && (
          <p role="status" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
            {t(notice)}
          </p>
        )}
        <LoginForm />
        <p className="mt-6 text-xs text-slate-600">{t('login.notice')}</p>
      </div>
    </main>
  );
}
