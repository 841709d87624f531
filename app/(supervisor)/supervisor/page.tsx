import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listPendingRequests } from '@/db/queries/change-requests';
import { listOpenLocks } from '@/db/queries/verification-locks';
import { ClearLockForm } from '@/components/approvals/clear-lock-form';
import { ConfirmFraudForm, DecideReleaseForm, RequestReleaseForm } from '@/components/approvals/freeze-forms';
import { listLiveFreezes } from '@/db/queries/customer-freezes';
import { listTellerSessions } from '@/db/queries/service-sessions';
import { Badge, Card, EmptyState } from '@/components/ui/card';
import { requireScreen } from '@/lib/auth/current-user';
import { listPendingCases } from '@/db/queries/cases';
import { CaseQueue } from '@/components/cases/case-queue';
import { OverdueSupplements } from '@/components/documents/overdue-supplements';
import { listOverdueSupplements } from '@/lib/documents/service';

export default async function ApprovalQueue({ searchParams }: { searchParams: Promise<{ notice?: string | string[] }> }) {
  const user = await requireScreen('/supervisor');
  const [t, tc, format, pending, pendingCases, locks, freezes, handled, overdue] = await Promise.all([
    getTranslations('approvals'),
    getTranslations('cases'),
    getFormatter(),
    listPendingRequests(user.id),
    listPendingCases(user.id),
    listOpenLocks(),
    listLiveFreezes(),
    listTellerSessions(user.id),
    listOverdueSupplements(),
  ]);
  const escalated = handled.filter((x) => x.status === 'open');
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t('queue')}</h1>
      {(await searchParams).notice === 'transferred' && (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
          {t('handedOn')}
        </p>
      )}
      {escalated.length > 0 && (
        <Card title={t('escalated', { count: escalated.length })}>
          <ul className="divide-y divide-slate-100">
            {escalated.map((x) => (
              <li key={x.id} className="flex flex-wrap items-center gap-3 py-3 text-sm">
                <span>{x.customerName ?? t('unidentified')}</span>
                <span className="text-slate-600">{t('transferredFromNote', { name: x.transferredFromName ?? '', note: x.transferNote ?? '' })}</span>
                <Link className="ml-auto text-brand-700 underline" href={`/supervisor/sessions/${x.id}`}>
                  {t('openEscalated', { name: x.customerName ?? t('unidentified') })}
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <OverdueSupplements rows={overdue} showMaker />
      <Card title={t('exceptions', { count: locks.length })}>
        {locks.length === 0 ? (
          <EmptyState>{t('noExceptions')}</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {locks.map((l) => (
              <li key={l.id} className="py-3 text-sm">
                <p className="mb-2">
                  <span className="font-medium">{l.customerName}</span> <span className="font-mono text-slate-600">{l.customerIdMasked}</span> ·{' '}
                  {l.step === 'document' ? t('forgerySuspected') : t('lockedStep', { step: t(`steps.${l.step}`) })} · {l.tellerName} · {format.dateTime(l.raisedAt, { dateStyle: 'short', timeStyle: 'short' })} ·{' '}
                  {l.step === 'document' || Number.isNaN(l.lockedUntil.getTime()) ? t('heldUntilSupervisor') : t('lockedUntil', { time: format.dateTime(l.lockedUntil, { timeStyle: 'short' }) })}
                </p>
                <div className="flex flex-wrap gap-6">
                  <ClearLockForm lockId={l.id} customerName={l.customerName} />
                  <ConfirmFraudForm lockId={l.id} customerName={l.customerName} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t('freezes', { count: freezes.length })}>
        {freezes.length === 0 ? (
          <EmptyState>{t('noFreezes')}</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {freezes.map((f) => (
              <li key={f.id} className="space-y-2 py-3 text-sm">
                <p>
                  <span className="font-medium">{f.customerName}</span> <span className="font-mono text-slate-600">{f.customerIdMasked}</span>{' '}
                  <Badge tone={f.status === 'active' ? 'red' : 'amber'}>{t(`freezeStatus.${f.status}`)}</Badge> ·{' '}
                  {t('frozenByAt', { name: f.frozenByName, time: format.dateTime(f.frozenAt, { dateStyle: 'short', timeStyle: 'short' }) })} · {t('freezeReason', { reason: f.reason })}
                </p>
                {f.status === 'active' ? (
                  <RequestReleaseForm freezeId={f.id} customerName={f.customerName} />
                ) : (
                  <>
                    <p>{t('releaseAskedBy', { name: f.releaseRequestedByName ?? '', reason: f.releaseReason ?? '' })}</p>
                    {f.releaseRequestedById === user.id ? (
                      <p className="text-slate-600">{t('releaseNeedsOther')}</p>
                    ) : (
                      <DecideReleaseForm freezeId={f.id} customerName={f.customerName} />
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={tc('queueHeading')}>
        <CaseQueue
          userId={user.id}
          initial={{ next: pendingCases.next, items: pendingCases.items.map((c) => ({ ...c, slaDueAt: c.slaDueAt?.toISOString() ?? null })) }}
        />
      </Card>
      <Card title={t('changesHeading')}>
        {pending.length === 0 ? (
          <EmptyState>{t('empty')}</EmptyState>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{t('queue')}</caption>
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-2">{t('submittedAt')}</th>
                <th scope="col">{t('type')}</th>
                <th scope="col">{t('customer')}</th>
                <th scope="col">{t('maker')}</th>
                <th scope="col"><span className="sr-only">{t('review')}</span></th>
              </tr>
            </thead>
            <tbody>
              {pending.map((r) => (
                <tr key={r.id} className="border-t border-slate-100">
                  <td className="py-2">{format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'short' })}</td>
                  <td>{t(`types.${r.type}`)}</td>
                  <td>
                    {r.customerName} <span className="font-mono text-slate-600">{r.customerIdMasked}</span>
                  </td>
                  <td>{r.makerName}</td>
                  <td className="text-right">
                    <Link className="text-brand-700 underline" href={`/supervisor/approvals/${r.id}`}>
                      {t('reviewFor', { name: r.customerName })}
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
