import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listAppMessages, listDemoEmail, listDemoSms } from '@/db/queries/outbox';
import { listLivePromptsForDemo } from '@/db/queries/credentials';
import { KeypadForm } from '@/components/demo/keypad-form';
import { DEMO_CUSTOMER_PASSWORD } from '@/lib/integrations/demo';
import { AppShell } from '@/components/shell/app-shell';
import { AutoRefresh } from '@/components/shell/auto-refresh';
import { Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { demoMode, smsDriver } from '@/lib/config';

export default async function DemoPhone() {
  const user = await requireScreen('/demo/phone');
  if (!demoMode() || smsDriver() !== 'log') notFound();
  const [t, format, messages, prompts, emails, appMessages] = await Promise.all([getTranslations('demo'), getFormatter(), listDemoSms(), listLivePromptsForDemo(), listDemoEmail(), listAppMessages()]);
  return (
    <AppShell user={user}>
      <AutoRefresh seconds={3} />
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">{t('phoneTitle')}</h1>
        <p className="text-sm text-slate-600">{t('phoneHelp')}</p>
        <Card title={t('keypadTitle')}>
          <p className="mb-3 text-sm text-slate-600">{t('keypadHelp', { password: DEMO_CUSTOMER_PASSWORD })}</p>
          {prompts.length === 0 ? (
            <EmptyState>{t('keypadIdle')}</EmptyState>
          ) : (
            <ul aria-label={t('keypadTitle')} className="space-y-4">
              {prompts.map((p) => (
                <li key={p.id} className="rounded-lg border border-slate-200 p-3 text-sm">
                  <p className="mb-2">{t(p.purpose === 'set_card_password' ? 'keypadSetCall' : p.purpose === 'reset_password' ? 'keypadResetCall' : 'keypadCall', { customer: p.customerName, mobile: p.mobileMasked, teller: p.tellerName })}</p>
                  {p.answeredAt ? (
                    <p role="status" className="text-emerald-800">{t('keypadAnswered', { time: format.dateTime(p.answeredAt, { timeStyle: 'medium' }) })}</p>
                  ) : (
                    <KeypadForm sessionId={p.sessionId} customer={p.customerName} setting={p.purpose !== 'verify'} />
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t('smsTitle')}>
          {messages.length === 0 ? (
            <EmptyState>{t('empty')}</EmptyState>
          ) : (
            <ul aria-label={t('smsTitle')} className="space-y-3">
              {messages.map((m) => (
                <li key={m.id} className="rounded-lg bg-slate-100 p-3 text-sm">
                  <p className="text-xs text-slate-600">
                    {t('to')} <span className="font-mono">{m.to}</span> · {t('received')} {format.dateTime(m.receivedAt, { timeStyle: 'medium' })}
                  </p>
                  <p className="mt-1">{m.body}</p>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title={t('appTitle')}>
            {appMessages.length === 0 ? (
              <EmptyState>{t('appEmpty')}</EmptyState>
            ) : (
              <ul aria-label={t('appTitle')} className="space-y-3">
                {appMessages.map((m) => (
                  <li key={m.id} className="rounded-lg bg-slate-100 p-3 text-sm">
                    <p className="text-xs text-slate-600">{format.dateTime(m.deliveredAt, { timeStyle: 'medium' })}</p>
                    <p className="mt-1 font-medium">{m.title}</p>
                    <p className="mt-1">{m.body}</p>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title={t('emailTitle')}>
            {emails.length === 0 ? (
              <EmptyState>{t('emailEmpty')}</EmptyState>
            ) : (
              <ul aria-label={t('emailTitle')} className="space-y-3">
                {emails.map((m) => (
                  <li key={m.id} className="rounded-lg bg-slate-100 p-3 text-sm">
                    <p className="text-xs text-slate-600">
                      {t('to')} <span className="font-mono">{m.to}</span> · {t('received')} {format.dateTime(m.receivedAt, { timeStyle: 'medium' })}
                    </p>
                    <p className="mt-1 font-medium">{t('subject')}: {m.subject}</p>
                    <p className="mt-1">{m.body}</p>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </AppShell>
  );
}
