'use client';

import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useId, useState } from 'react';
import { claimCaseAction } from '@/app/(supervisor)/supervisor/actions';
import { ActionForm, SubmitButton } from '@/components/ui/action-form';
import { buttonClass } from '@/components/ui/button-class';
import { Badge, EmptyState } from '@/components/ui/card';
import { RiskBadge } from '@/components/customers/risk-badge';
import { BUSINESS_TYPES } from '@/lib/cases/constants';
import { formatFen } from '@/lib/cases/money';
import type { RiskLevel } from '@/lib/customers/risk';
import { getJson } from '@/components/query-provider';

export type QueueItem = {
  id: string;
  type: string;
  amountFen: number | null;
  requiredLevel: number;
  slaDueAt: string | null;
  makerName: string;
  customerName: string;
  customerRisk: RiskLevel;
  approvals: number;
  overdue: boolean;
  claimedBy: string | null;
  claimedByName: string | null;
};
export type QueuePage = { items: QueueItem[]; next: string | null };

// Contact details and card activation need no approval: neither is ever in this queue.
const QUEUE_TYPES = BUSINESS_TYPES.filter((b) => b !== 'card_activation' && b !== 'change_contact');

async function fetchPage(type: string, overdue: boolean, after: string | null): Promise<QueuePage> {
  const params = new URLSearchParams();
  if (type) params.set('type', type);
  if (overdue) params.set('overdue', '1');
  if (after) params.set('after', after);
  return getJson<QueuePage>(`/api/cases/queue?${params}`);
}

/**
 * The approval queue (复核队列), live: every change of a case on any app instance arrives as a server-sent event
 * (PostgreSQL LISTEN/NOTIFY behind it) and the pages shown are fetched again. Filtered by type or to the overdue,
 * paged by keyset ("more"). A claim shows who is on a case; anyone may still decide it.
 */
export function CaseQueue({ initial, userId }: { initial: QueuePage; userId: string }) {
  const t = useTranslations('cases');
  const ta = useTranslations('approvals');
  const format = useFormatter();
  const queryClient = useQueryClient();
  const filterId = useId();
  const [type, setType] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [connected, setConnected] = useState(false);
  const key = ['case-queue', type, overdue] as const;
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage(type, overdue, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    initialData: type === '' && !overdue ? { pages: [initial], pageParams: [null] } : undefined,
    refetchInterval: 60_000,
  });

  useEffect(() => {
    const events = new EventSource('/api/cases/queue/events');
    events.onopen = () => setConnected(true);
    events.onerror = () => setConnected(false);
    events.addEventListener('case', () => void queryClient.invalidateQueries({ queryKey: ['case-queue'] }));
    return () => events.close();
  }, [queryClient]);

  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-4">
        <div>
          <label htmlFor={`${filterId}-type`} className="block text-sm font-medium text-slate-700">
            {t('filterType')}
          </label>
          <select id={`${filterId}-type`} value={type} onChange={(e) => setType(e.target.value)} className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2">
            <option value="">{t('allTypes')}</option>
            {QUEUE_TYPES.map((b) => (
              <option key={b} value={b}>
                {t(`types.${b}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="inline-flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} />
          {t('overdueOnly')}
        </label>
        <p role="status" className="ml-auto text-sm text-slate-600">
          {connected ? t('live') : t('connecting')} {query.isError && <span className="text-red-700">{t('refreshFailed')}</span>}
        </p>
      </div>
      {items.length === 0 ? (
        <EmptyState>{t('queueEmpty')}</EmptyState>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t('queueTitle', { count: items.length })}</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-2">{t('due')}</th>
              <th scope="col">{ta('type')}</th>
              <th scope="col" className="pr-6 text-right">{t('amount')}</th>
              <th scope="col">{t('level')}</th>
              <th scope="col">{ta('customer')}</th>
              <th scope="col">{ta('maker')}</th>
              <th scope="col">{t('claim')}</th>
              <th scope="col"><span className="sr-only">{ta('review')}</span></th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} className={`border-t border-slate-100 ${c.overdue ? 'bg-red-50' : ''}`}>
                <td className="py-2">
                  {c.slaDueAt ? format.dateTime(new Date(c.slaDueAt), { dateStyle: 'short', timeStyle: 'short' }) : '—'} {c.overdue && <Badge tone="red">{t('overdue')}</Badge>}
                </td>
                <td>{t(`types.${c.type as 'transfer_internal'}`)}</td>
                <td className="pr-6 text-right font-mono">{c.amountFen !== null ? formatFen(c.amountFen) : '—'}</td>
                <td>{t('levelValue', { level: c.requiredLevel, approvals: c.approvals })}</td>
                <td>
                  {c.customerName} <RiskBadge level={c.customerRisk} />
                </td>
                <td>{c.makerName}</td>
                <td>
                  <ClaimCell caseId={c.id} customer={c.customerName} claimedByName={c.claimedByName} mine={c.claimedBy === userId} />
                </td>
                <td className="text-right">
                  <Link className="text-brand-700 underline" href={`/supervisor/cases/${c.id}`}>
                    {t('reviewCase', { name: c.customerName })}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.hasNextPage && (
        <button type="button" className={buttonClass('secondary')} disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t('more')}
        </button>
      )}
    </div>
  );
}

/** Who is on a case, and the claim or release button. */
export function ClaimCell({ caseId, customer, claimedByName, mine }: { caseId: string; customer: string; claimedByName: string | null; mine: boolean }) {
  const t = useTranslations('cases');
  return (
    <div className="flex flex-wrap items-center gap-2">
      {claimedByName && <Badge tone={mine ? 'green' : 'amber'}>{t('claimedBy', { name: claimedByName })}</Badge>}
      <ActionForm action={claimCaseAction} label={mine ? t('releaseFor', { name: customer }) : claimedByName ? t('takeOverFor', { name: customer }) : t('claimFor', { name: customer })}>
        <input type="hidden" name="caseId" value={caseId} />
        <input type="hidden" name="claim" value={mine ? 'release' : 'claim'} />
        <SubmitButton variant="secondary">{mine ? t('release') : claimedByName ? t('takeOver') : t('claimIt')}</SubmitButton>
      </ActionForm>
    </div>
  );
}
