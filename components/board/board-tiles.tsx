'use client';

import Link from 'next/link';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { formatDuration as duration } from '@/components/ui/duration';
import type { BoardTiles as Tiles } from '@/lib/board/tiles';
import { getJson } from '@/components/query-provider';

const KEY = ['board-tiles'] as const;
// Many changes in a burst (a session's verification steps, a case and its decision) cause one re-read.
const DEBOUNCE_MS = 500;

const fetchTiles = () => getJson<Tiles>('/api/board/tiles');

function Tile({ title, value, children }: { title: string; value: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="text-sm font-medium text-slate-600">{title}</h2>
      <p className="mt-1 text-3xl font-semibold text-slate-900">{value}</p>
      <div className="mt-2 flex flex-1 flex-col gap-1 text-sm text-slate-700">{children}</div>
    </section>
  );
}

const more = 'mt-auto pt-2 text-sm text-brand-700 underline';

/**
 * The board's tiles, live: a change of a session, verification or case on any app instance arrives as a server-sent
 * event (PostgreSQL LISTEN/NOTIFY behind it) and the tiles are read again — debounced, from the light tile endpoint;
 * once a minute too, for what time alone changes (an SLA or a deadline passing).
 */
export function BoardTiles({ initial }: { initial: Tiles }) {
  const t = useTranslations('board');
  const format = useFormatter();
  const queryClient = useQueryClient();
  const { data = initial, isError } = useQuery({ queryKey: KEY, queryFn: fetchTiles, initialData: initial, refetchInterval: 60_000 });
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    let timer: number | undefined;
    const events = new EventSource('/api/board/events');
    events.onopen = () => setConnected(true);
    events.onerror = () => setConnected(false);
    events.addEventListener('tiles', () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void queryClient.invalidateQueries({ queryKey: KEY }), DEBOUNCE_MS);
    });
    return () => {
      window.clearTimeout(timer);
      events.close();
    };
  }, [queryClient]);

  const pct = (share: number | null) => (share === null ? '—' : format.number(share, { style: 'percent', maximumFractionDigits: 1 }));
  const { sessionsOpen: s, tellers, approvals: a, complaints: c, today: d, verifications: v } = data;
  return (
    <div>
      <div className="mb-3 flex flex-wrap gap-x-3 text-sm text-slate-600">
        <p role="status">
          {connected ? t('connected') : t('connecting')} {isError && <span className="text-red-700">{t('refreshFailed')}</span>}
        </p>
        <p>{t('asOf', { time: format.dateTime(new Date(data.at), { timeStyle: 'medium' }) })}</p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Tile title={t('tiles.sessionsOpen')} value={String(s.total)}>
          <p>{t('byChannel', { phone: s.phone, video: s.video, chat: s.chat })}</p>
          <Link className={more} href="/supervisor/live">
            {t('links.live')}
          </Link>
        </Tile>
        <Tile title={t('tiles.tellers')} value={t('busyIdle', { busy: tellers.busy, idle: tellers.idle })}>
          <p>{t('tellersHelp')}</p>
          <Link className={more} href="/supervisor/board/tellers">
            {t('links.tellers')}
          </Link>
        </Tile>
        <Tile title={t('tiles.approvals')} value={String(a.pending)}>
          <p className={a.overdue ? 'font-medium text-red-800' : undefined}>{t('slaLine', { overdue: a.overdue, dueSoon: a.dueSoon })}</p>
          <p>{a.oldestWaitSeconds === null ? t('noWait') : t('oldestWait', { wait: duration(a.oldestWaitSeconds) })}</p>
          <Link className={more} href="/supervisor">
            {t('links.approvals')}
          </Link>
        </Tile>
        <Tile title={t('tiles.exceptions')} value={String(data.exceptions.open)}>
          <p>{t('exceptionsHelp')}</p>
          <Link className={more} href="/supervisor">
            {t('links.exceptions')}
          </Link>
        </Tile>
        <Tile title={t('tiles.complaints')} value={String(c.dueToday + c.overdue)}>
          <Link className="text-brand-700 underline" href="/complaints?due=today">
            {t('complaintsDueToday', { n: c.dueToday })}
          </Link>
          <Link className={c.overdue ? 'font-medium text-red-800 underline' : 'text-brand-700 underline'} href="/complaints?due=overdue">
            {t('complaintsOverdue', { n: c.overdue })}
          </Link>
          <Link className={c.unacknowledged ? 'font-medium text-red-800 underline' : 'text-brand-700 underline'} href="/complaints?due=overdue">
            {t('complaintsUnacknowledged', { n: c.unacknowledged })}
          </Link>
        </Tile>
        <Tile title={t('tiles.rectifications')} value={String(data.rectifications.overdue)}>
          <p>{t('rectificationsHelp')}</p>
          <Link className={more} href="/quality">
            {t('links.rectifications')}
          </Link>
        </Tile>
        <Tile title={t('tiles.today')} value={String(d.handled)}>
          <p>{t('averageHandle', { time: d.averageHandleSeconds === null ? '—' : duration(d.averageHandleSeconds) })}</p>
          <p>{d.rated === 0 ? t('noRatings') : t('satisfactionLine', { average: format.number(d.averageSatisfaction ?? 0, { maximumFractionDigits: 2 }), share: pct(d.satisfiedShare), rated: d.rated })}</p>
          <Link className={more} href="/supervisor/board/handled">
            {t('links.handled')}
          </Link>
        </Tile>
        <Tile title={t('tiles.verifications')} value={pct(v.failureRate)}>
          <p>{t('verificationsLine', { failed: v.failed, total: v.total })}</p>
          <Link className={more} href="/supervisor/board/verifications">
            {t('links.verifications')}
          </Link>
        </Tile>
      </div>
    </div>
  );
}
