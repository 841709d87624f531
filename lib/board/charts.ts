import 'server-only';
import { dayFigures, HANDLE_BUCKETS, type DayFigures } from './rollup';
import { medianOf } from './median';
import { type Period } from './period';

/**
 * The board's charts over a period of Beijing days (at most 92), added up from each day's figures (lib/board/rollup.ts):
 * closed days from the daily roll-up, today (and any closed day not rolled up yet) computed live. The handle time
 * median is taken over the sessions' handle times in whole seconds (as the handled list shows them), from each day's
 * counts per second: the same as the median of the period's sessions, not a median of daily medians.
 */

export { HANDLE_BUCKETS };
export const CHANNELS = ['phone', 'video', 'chat'] as const;
export const COMPLAINT_CATEGORIES = ['service_attitude', 'wrong_operation', 'delay', 'fees', 'information_security', 'other'] as const;

export type BoardCharts = {
  volume: { hour: number; phone: number; video: number; chat: number }[];
  handleTime: { fromMinutes: number; toMinutes: number | null; sessions: number }[];
  handleMedianSeconds: number | null;
  turnaround: { day: string; decisions: number; medianMinutes: number | null; p90Minutes: number | null }[];
  qcTrend: { day: string; inspections: number; averageScore: number | null }[];
  complaintCategories: { category: (typeof COMPLAINT_CATEGORIES)[number]; complaints: number }[];
};

const sum = (days: DayFigures[], pick: (d: DayFigures) => number | undefined) => days.reduce((n, d) => n + (pick(d) ?? 0), 0);

export async function boardCharts(period: Period, now = new Date()): Promise<BoardCharts> {
  const days = await dayFigures(period, now);
  const seconds = new Map<number, number>();
  for (const d of days) for (const [s, n] of Object.entries(d.handleSeconds)) seconds.set(Number(s), (seconds.get(Number(s)) ?? 0) + n);
  return {
    volume: Array.from({ length: 24 }, (_, hour) => ({
      hour,
      ...(Object.fromEntries(CHANNELS.map((c) => [c, sum(days, (d) => d.volume[c]?.[hour])])) as Record<(typeof CHANNELS)[number], number>),
    })),
    handleTime: HANDLE_BUCKETS.map((from, i) => ({ fromMinutes: from, toMinutes: HANDLE_BUCKETS[i + 1] ?? null, sessions: sum(days, (d) => d.handleBuckets[i + 1]) })),
    handleMedianSeconds: medianOf(seconds),
    turnaround: days.map((d) => ({ day: d.day, decisions: d.decisions, medianMinutes: d.turnaroundMedianMinutes, p90Minutes: d.turnaroundP90Minutes })),
    qcTrend: days.map((d) => ({ day: d.day, inspections: d.inspections, averageScore: d.averageScore })),
    complaintCategories: COMPLAINT_CATEGORIES.map((category) => ({ category, complaints: sum(days, (d) => d.complaints[category]) })),
  };
}
