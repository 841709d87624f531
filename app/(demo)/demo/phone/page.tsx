import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listDemoSms } from '@/db/queries/outbox';
import { AppShell } from '@/components/shell/app-shell';
import { AutoRefresh } from '@/components/shell/auto-refresh';
import { Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { demoMode, smsDriver } from '@/lib/config';

export default async function DemoPhone() {
  const user = await requireScreen('/demo/phone');
  if (!demoMode() || smsDriver() !== 'log') notFound();
  const [t, format, messages] = await Promise.all([getTranslations('demo'), getFormatter(), listDemoSms()]);
  return (
    <AppShell user={user}>
      <AutoRefresh seconds={3} />
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">{t('phoneTitle')}</h1>
        <p className="text-sm text-slate-600">{t('phoneHelp')}</p>
        <Card>
          {messages.length === 0 ? (
            <EmptyState>{t('empty')}</EmptyState>
          ) : (
            <ul aria-label={t('phoneTitle')} className="space-y-3">
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
      </div>
    </AppShell>
  );
}
