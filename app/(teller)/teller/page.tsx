import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listTellerScores } from '@/db/queries/inspections';
import { listTellerSessions } from '@/db/queries/service-sessions';
import { StartSessionForm } from '@/components/sessions/start-session-form';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { OverdueSupplements } from '@/components/documents/overdue-supplements';
import { listOverdueSupplements } from '@/lib/documents/service';

export default async function TellerWorkbench({ searchParams }: { searchParams: Promise<{ notice?: string | string[] }> }) {
  const user = await requireScreen('/teller');
  const [t, format, sessions, scores, overdue] = await Promise.all([getTranslations('teller'), getFormatter(), listTellerSessions(user.id), listTellerScores(user.id), listOverdueSupplements(user.id)]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('workbench')}</h1>
      {(await searchParams).notice === 'transferred' && (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
          {t('transferredNotice')}
        </p>
      )}
      <OverdueSupplements rows={overdue} showMaker={false} />
      <Card title={t('startSession')}>
        <StartSessionForm />
      </Card>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t('mySessions')} className="lg:col-span-2">
          {sessions.length === 0 ? (
            <EmptyState>{t('noSessions')}</EmptyState>
          ) : (
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t('mySessions')}</caption>
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="py-2">{t('startedAt')}</th>
                  <th scope="col">{t('channel')}</th>
                  <th scope="col">{t('customer')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col"><span className="sr-only">{t('open')}</span></th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((s) => (
                  <tr key={s.id} className="border-t border-slate-100">
                    <td className="py-2">{format.dateTime(s.startedAt, { dateStyle: 'short', timeStyle: 'short' })}</td>
                    <td>{t(`channels.${s.channel}`)}</td>
                    <td>
                      {s.customerName ?? t('noCustomerYet')}
                      {s.transferredFromName && (
                        <span className="block text-xs text-slate-600">{t('transferredIn', { name: s.transferredFromName, note: s.transferNote ?? '' })}</span>
                      )}
                    </td>
                    <td>
                      <Badge tone={s.status === 'open' ? 'blue' : 'slate'}>{t(`sessionStatus.${s.status}`)}</Badge>
                      {s.outcome && <span className="ml-2 text-slate-600">{t(`outcomes.${s.outcome}`)}</span>}
                    </td>
                    <td className="text-right">
                      <Link className="text-brand-700 underline" href={`/teller/sessions/${s.id}`}>
                        {t('openSession', { time: format.dateTime(s.startedAt, { timeStyle: 'short' }) })}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card title={t('myScores')}>
          {scores.length === 0 ? (
            <EmptyState>{t('noScores')}</EmptyState>
          ) : (
            <ul className="space-y-2 text-sm">
              {scores.map((s) => (
                <li key={s.sessionId} className="flex items-center justify-between border-b border-slate-100 pb-2">
                  <span>
                    {format.dateTime(s.createdAt, { dateStyle: 'short' })} · {t(`channels.${s.channel}`)}
                    {s.comment && <span className="block text-slate-600">{s.comment}</span>}
                  </span>
                  <Badge tone={s.score >= 80 ? 'green' : s.score >= 60 ? 'amber' : 'red'}>{t('score', { score: s.score })}</Badge>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
