import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listDeliveries } from '@/db/queries/outbox';
import { RetryDelivery } from '@/components/admin/retry-delivery';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';

export default async function Deliveries({ searchParams }: { searchParams: Promise<{ before?: string; status?: string }> }) {
  await requireScreen('/admin/deliveries');
  const sp = await searchParams;
  const before = typeof sp.before === 'string' && !Number.isNaN(Date.parse(sp.before)) ? new Date(sp.before) : undefined;
  const failedOnly = sp.status === 'failed';
  const [t, format, rows] = await Promise.all([getTranslations('deliveries'), getFormatter(), listDeliveries({ before, status: failedOnly ? 'failed' : undefined })]);
  const last = rows.at(-1);
  const tone = { queued: 'amber', sending: 'blue', sent: 'green', failed: 'red' } as const;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <nav aria-label={t('filter')} className="flex gap-3 text-sm">
        <Link href="/admin/deliveries" aria-current={failedOnly ? undefined : 'page'} className="underline aria-[current=page]:font-semibold">
          {t('all')}
        </Link>
        <Link href="/admin/deliveries?status=failed" aria-current={failedOnly ? 'page' : undefined} className="underline aria-[current=page]:font-semibold">
          {t('onlyFailed')}
        </Link>
      </nav>
      <Card>
        {rows.length === 0 ? (
          <EmptyState>{t('empty')}</EmptyState>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('title')}</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-2">{t('time')}</th>
                <th scope="col">{t('channel')}</th>
                <th scope="col">{t('template')}</th>
                <th scope="col">{t('to')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('attempts')}</th>
                <th scope="col">{t('error')}</th>
                <th scope="col"><span className="sr-only">{t('retry')}</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-t border-slate-100">
                  <td className="py-2">{format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'medium' })}</td>
                  <td>{t(`channels.${r.channel}`)}</td>
                  <td>{t.has(`templates.${r.template}`) ? t(`templates.${r.template}`) : r.template}</td>
                  <td className="font-mono">{r.recipientMasked}</td>
                  <td>
                    <Badge tone={tone[r.status]}>{t(`statuses.${r.status}`)}</Badge>
                  </td>
                  <td>{r.attempts}</td>
                  <td className="max-w-xs truncate text-xs" title={r.lastError ?? undefined}>
                    {r.lastError ?? '—'}
                  </td>
                  <td className="text-right">{r.status === 'failed' && <RetryDelivery messageId={r.id} to={r.recipientMasked} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {last && rows.length === 50 && (
          <Link className="mt-4 inline-block text-brand-700 underline" href={`/admin/deliveries?before=${encodeURIComponent(last.createdAt.toISOString())}${failedOnly ? '&status=failed' : ''}`}>
            {t('older')}
          </Link>
        )}
      </Card>
    </div>
  );
}
