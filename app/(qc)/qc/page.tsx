import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listSessionsToInspect } from '@/db/queries/inspections';
import { Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';

export default async function InspectionList() {
  const user = await requireScreen('/qc');
  const [t, format, sessions] = await Promise.all([getTranslations('qc'), getFormatter(), listSessionsToInspect(user.id)]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('list')}</h1>
      <Card title={t('toInspect', { count: sessions.length })}>
        {sessions.length === 0 ? (
          <EmptyState>{t('empty')}</EmptyState>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('list')}</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-2">{t('endedAt')}</th>
                <th scope="col">{t('teller')}</th>
                <th scope="col">{t('channel')}</th>
                <th scope="col">{t('customer')}</th>
                <th scope="col"><span className="sr-only">{t('inspect')}</span></th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id} className="border-t border-slate-100">
                  <td className="py-2">{s.endedAt ? format.dateTime(s.endedAt, { dateStyle: 'short', timeStyle: 'short' }) : ''}</td>
                  <td>{s.tellerName}</td>
                  <td>{t(`channels.${s.channel}`)}</td>
                  <td>{s.customerName ?? '—'}</td>
                  <td className="text-right">
                    <Link className="text-brand-700 underline" href={`/qc/sessions/${s.id}`}>
                      {t('inspectSession', { teller: s.tellerName, customer: s.customerName ?? '—' })}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
