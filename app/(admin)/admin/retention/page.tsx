import { getFormatter, getTranslations } from 'next-intl/server';
import { DecidePurgeForm, ProposePurgeForm } from '@/components/admin/retention-forms';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { documentRetentionDays } from '@/lib/config';
import { listPurges, listRetentionDue } from '@/lib/documents/retention';

/** Retention (留存): customers whose documents may now be deleted, and deletions under dual control. */
export default async function Retention() {
  const user = await requireScreen('/admin/retention');
  const [t, format, due, purges] = await Promise.all([getTranslations('retention'), getFormatter(), listRetentionDue(), listPurges()]);
  const dt = (d: Date) => format.dateTime(d, { dateStyle: 'short', timeStyle: 'short' });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="text-sm text-slate-600">{t('help', { days: documentRetentionDays() })}</p>
      <Card title={t('due')}>
        {due.length === 0 ? (
          <EmptyState>{t('noneDue')}</EmptyState>
        ) : (
          <ul aria-label={t('due')} className="space-y-3 text-sm">
            {due.map((c) => (
              <li key={c.customerId} className="space-y-2 border-b border-slate-100 pb-3">
                <p>{t('dueLine', { name: c.name, date: c.endedAt ? dt(c.endedAt) : '—', count: c.documents })}</p>
                <ProposePurgeForm customerId={c.customerId} name={c.name} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t('proposals')}>
        {purges.length === 0 ? (
          <EmptyState>{t('noProposals')}</EmptyState>
        ) : (
          <ul aria-label={t('proposals')} className="space-y-3 text-sm">
            {purges.map((p) => (
              <li key={p.id} className="space-y-2 border-b border-slate-100 pb-3">
                <p className="flex flex-wrap items-center gap-2">
                  <span>{t('proposalLine', { name: p.customerName, by: p.proposedByName, at: dt(p.proposedAt), reason: p.reason })}</span>
                  <Badge tone={p.status === 'approved' ? 'red' : p.status === 'rejected' ? 'slate' : 'amber'}>{t(`status.${p.status as 'pending'}`)}</Badge>
                  {p.status === 'approved' && <span>{t('purgedCount', { count: p.documents ?? 0, by: p.decidedByName ?? '' })}</span>}
                </p>
                {p.status === 'pending' && (p.proposedBy === user.id ? <p className="text-slate-600">{t('needsOther')}</p> : <DecidePurgeForm purgeId={p.id} name={p.customerName} />)}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
