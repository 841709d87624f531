'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { Badge, EmptyState } from '@/components/ui/card';
import { getJson } from '@/components/query-provider';

export type LiveSessionDto = {
  id: string;
  channel: 'phone' | 'video' | 'chat';
  startedAt: string;
  tellerName: string;
  customerName: string | null;
  customerIdMasked: string | null;
  passedSteps: string[];
  failedSteps: string[];
};

const KEY = ['live-sessions'] as const;
const STEPS = ['basic', 'otp', 'confirmation'] as const;

const fetchSessions = () => getJson<LiveSessionDto[]>('/api/live/sessions');

function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Open sessions on the floor, kept current by server-sent events (PostgreSQL LISTEN/NOTIFY behind them). */
export function LiveBoard({ initial }: { initial: LiveSessionDto[] }) {
  const t = useTranslations('live');
  const format = useFormatter();
  const queryClient = useQueryClient();
  const { data = initial, isError } = useQuery({ queryKey: KEY, queryFn: fetchSessions, initialData: initial, refetchInterval: 60_000 });
  const [now, setNow] = useState(() => Date.now());
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const tick = window.setInterval(() => setNow(Date.now()), 1000);
    const events = new EventSource('/api/live/sessions/events');
    events.onopen = () => setConnected(true);
    events.onerror = () => setConnected(false);
    events.addEventListener('session', () => void queryClient.invalidateQueries({ queryKey: KEY }));
    return () => {
      window.clearInterval(tick);
      events.close();
    };
  }, [queryClient]);

  return (
    <div>
      <p role="status" className="mb-3 text-sm text-slate-600">
        {connected ? t('connected') : t('connecting')} {isError && <span className="text-red-700">{t('refreshFailed')}</span>}
      </p>
      {data.length === 0 ? (
        <EmptyState>{t('empty')}</EmptyState>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{t('title')}</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-2">{t('teller')}</th>
              <th scope="col">{t('channel')}</th>
              <th scope="col">{t('customer')}</th>
              <th scope="col">{t('duration')}</th>
              <th scope="col">{t('verification')}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((s) => (
              <tr key={s.id} className="border-t border-slate-100">
                <td className="py-2">{s.tellerName}</td>
                <td>{t(`channels.${s.channel}`)}</td>
                <td>
                  {s.customerName ? (
                    <>
                      {s.customerName} <span className="font-mono text-slate-600">{s.customerIdMasked}</span>
                    </>
                  ) : (
                    <span className="text-slate-600">{t('unidentified')}</span>
                  )}
                </td>
                <td className="font-mono" title={format.dateTime(new Date(s.startedAt), { timeStyle: 'medium' })}>
                  {duration(now - new Date(s.startedAt).getTime())}
                </td>
                <td className="space-x-1">
                  {STEPS.map((step) => {
                    const state = s.passedSteps.includes(step) ? 'pass' : s.failedSteps.includes(step) ? 'fail' : 'none';
                    return (
                      <Badge key={step} tone={state === 'pass' ? 'green' : state === 'fail' ? 'red' : 'slate'}>
                        {t(`steps.${step}`)}: {t(`stepState.${state}`)}
                      </Badge>
                    );
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
