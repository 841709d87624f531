'use client';

import dynamic from 'next/dynamic';
import { useFormatter, useTranslations } from 'next-intl';
import { useId } from 'react';
import type { BoardCharts as Charts } from '@/lib/board/charts';
import { formatDuration as duration } from '@/components/ui/duration';
import type { Picture } from './chart-pictures';

// The pictures (recharts) load after the page, in the box kept for them: they are measured in the browser anyway
// (ResponsiveContainer draws nothing on the server), and the summaries and tables need none of that code.
const ChartPicture = dynamic(() => import('./chart-pictures'), { ssr: false });

type Table = { columns: string[]; rows: (string | number)[][] };

/**
 * One chart: its title, the picture (hidden from screen readers, which read the summary instead), a one-line text
 * summary, and the figures as a table behind a disclosure for anyone who wants the numbers.
 */
function ChartFigure({ title, summary, table, picture }: { title: string; summary: string; table: Table; picture: Picture }) {
  const t = useTranslations('board.charts');
  const id = useId();
  return (
    <figure aria-labelledby={`${id}-title`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h3 id={`${id}-title`} className="mb-2 font-semibold text-slate-800">
        {title}
      </h3>
      <div aria-hidden="true" className="h-64">
        <ChartPicture picture={picture} />
      </div>
      <figcaption className="mt-2 text-sm text-slate-700">{summary}</figcaption>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-brand-700">{t('showData', { title })}</summary>
        <table className="mt-2 w-full">
          <caption className="sr-only">{title}</caption>
          <thead className="text-slate-600">
            <tr>
              {table.columns.map((c) => (
                <th key={c} scope="col" className="py-1 text-left">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={String(r[0])} className="border-t border-slate-100">
                {r.map((c, i) => (i === 0 ? <th key={i} scope="row" className="py-1 text-left font-normal">{c}</th> : <td key={i}>{c}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** The board's charts over the chosen period (recharts); every one with a text summary and its data as a table. */
export function BoardCharts({ data }: { data: Charts }) {
  const t = useTranslations('board.charts');
  const tl = useTranslations('live.channels');
  const tc = useTranslations('complaints.categories');
  const format = useFormatter();
  const dash = (n: number | null) => (n === null ? '—' : n);

  const totalSessions = data.volume.reduce((n, h) => n + h.phone + h.video + h.chat, 0);
  const busiest = data.volume.reduce((best, h) => (h.phone + h.video + h.chat > best.phone + best.video + best.chat ? h : best));
  const bucket = (b: Charts['handleTime'][number]) => (b.toMinutes === null ? t('bucketOver', { from: b.fromMinutes }) : t('bucket', { from: b.fromMinutes, to: b.toMinutes }));
  const decisions = data.turnaround.reduce((n, d) => n + d.decisions, 0);
  const inspections = data.qcTrend.reduce((n, d) => n + d.inspections, 0);
  const scored = data.qcTrend.filter((d) => d.averageScore !== null);
  const complaints = data.complaintCategories.reduce((n, c) => n + c.complaints, 0);
  const top = data.complaintCategories.reduce((best, c) => (c.complaints > best.complaints ? c : best));
  const day = (d: string) => d.slice(5);

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartFigure
        title={t('volume')}
        summary={totalSessions === 0 ? t('volumeEmpty') : t('volumeSummary', { total: totalSessions, hour: busiest.hour, count: busiest.phone + busiest.video + busiest.chat })}
        table={{ columns: [t('hour'), tl('phone'), tl('video'), tl('chat')], rows: data.volume.map((h) => [`${h.hour}:00`, h.phone, h.video, h.chat]) }}
        picture={{ kind: 'volume', data: data.volume, names: { phone: tl('phone'), video: tl('video'), chat: tl('chat') } }}
      />

      <ChartFigure
        title={t('handleTime')}
        summary={data.handleMedianSeconds === null ? t('handleEmpty') : t('handleSummary', { total: totalSessions, median: duration(data.handleMedianSeconds) })}
        table={{ columns: [t('minutes'), t('sessions')], rows: data.handleTime.map((b) => [bucket(b), b.sessions]) }}
        picture={{ kind: 'handleTime', data: data.handleTime.map((b) => ({ label: bucket(b), sessions: b.sessions })), name: t('sessions') }}
      />

      <ChartFigure
        title={t('turnaround')}
        summary={decisions === 0 ? t('turnaroundEmpty') : t('turnaroundSummary', { decisions })}
        table={{ columns: [t('day'), t('decisions'), t('median'), t('p90')], rows: data.turnaround.map((d) => [d.day, d.decisions, dash(d.medianMinutes), dash(d.p90Minutes)]) }}
        picture={{ kind: 'turnaround', data: data.turnaround.map((d) => ({ day: day(d.day), medianMinutes: d.medianMinutes, p90Minutes: d.p90Minutes })), names: { median: t('median'), p90: t('p90') } }}
      />

      <ChartFigure
        title={t('qcTrend')}
        summary={
          scored.length === 0
            ? t('qcEmpty')
            : t('qcSummary', { inspections, average: format.number(scored.reduce((n, d) => n + (d.averageScore ?? 0) * d.inspections, 0) / inspections, { maximumFractionDigits: 1 }) })
        }
        table={{ columns: [t('day'), t('inspections'), t('averageScore')], rows: data.qcTrend.map((d) => [d.day, d.inspections, dash(d.averageScore)]) }}
        picture={{ kind: 'qcTrend', data: data.qcTrend.map((d) => ({ day: day(d.day), averageScore: d.averageScore })), name: t('averageScore') }}
      />

      <ChartFigure
        title={t('complaints')}
        summary={complaints === 0 ? t('complaintsEmpty') : t('complaintsSummary', { total: complaints, category: tc(top.category), count: top.complaints })}
        table={{ columns: [t('category'), t('complaintsCount')], rows: data.complaintCategories.map((c) => [tc(c.category), c.complaints]) }}
        picture={{ kind: 'complaints', data: data.complaintCategories.map((c) => ({ label: tc(c.category), complaints: c.complaints })), name: t('complaintsCount') }}
      />
    </div>
  );
}
