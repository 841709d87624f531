import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listAuditEvents } from '@/db/queries/audit';
import { Badge, Card } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';

export default async function AuditTrail({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  await requireScreen('/admin');
  const { before } = await searchParams;
  const beforeSeq = before && /^\d+$/.test(before) ? Number(before) : undefined;
  const [t, format, rows] = await Promise.all([getTranslations('audit'), getFormatter(), listAuditEvents({ beforeSeq, limit: 50 })]);
  const last = rows.at(-1);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <Card>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t('title')}</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-2">#</th>
              <th scope="col">{t('time')}</th>
              <th scope="col">{t('actor')}</th>
              <th scope="col">{t('action')}</th>
              <th scope="col">{t('entity')}</th>
              <th scope="col">{t('outcome')}</th>
              <th scope="col">{t('ip')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.seq} className="border-t border-slate-100">
                <td className="py-1.5 font-mono">{r.seq}</td>
                <td>{format.dateTime(r.occurredAt, { dateStyle: 'short', timeStyle: 'medium' })}</td>
                <td>{r.actorUsername ?? '—'}</td>
                <td>
                  {t.has(`actions.${r.action}`) ? t(`actions.${r.action}`) : r.action}
                  <span className="block font-mono text-xs text-slate-600">{r.action}</span>
                </td>
                <td className="font-mono text-xs">{r.entityType ? `${r.entityType}:${r.entityId ?? ''}` : '—'}</td>
                <td>
                  <Badge tone={r.outcome === 'ok' ? 'green' : r.outcome === 'denied' ? 'red' : 'amber'}>{t(`outcomes.${r.outcome}`)}</Badge>
                </td>
                <td className="font-mono text-xs">{r.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {last && rows.length === 50 && (
          <Link className="mt-4 inline-block text-brand-700 underline" href={`/admin/audit?before=${last.seq}`}>
            {t('older')}
          </Link>
        )}
      </Card>
    </div>
  );
}
