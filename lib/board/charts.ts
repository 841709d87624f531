import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { daysOf, periodBounds, type Period } from './period';

/**
 * The board's charts over a period of Beijing days (at most 92): each one query bounded to the period on an indexed
 * time column — sessions by status and end time (service_sessions_status_idx), complaints by receipt
 * (complaints_received_idx); approvals by decision time and inspections by submission time (indexes requested in
 * /tmp/board-schema.md: cases.decided_at, inspections.submitted_at).
 */

export const CHANNELS = ['phone', 'video', 'chat'] as const;
/** Handle time buckets, in minutes: [0,1), [1,3), [3,5), [5,10), [10,20), [20,∞). */
export const HANDLE_BUCKETS = [0, 1, 3, 5, 10, 20] as const;
export const COMPLAINT_CATEGORIES = ['service_attitude', 'wrong_operation', 'delay', 'fees', 'information_security', 'other'] as const;

export type BoardCharts = {
  volume: { hour: number; phone: number; video: number; chat: number }[];
  handleTime: { fromMinutes: number; toMinutes: number | null; sessions: number }[];
  handleMedianSeconds: number | null;
  turnaround: { day: string; decisions: number; medianMinutes: number | null; p90Minutes: number | null }[];
  qcTrend: { day: string; inspections: number; averageScore: number | null }[];
  complaintCategories: { category: (typeof COMPLAINT_CATEGORIES)[number]; complaints: number }[];
};

async function rows<T>(query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

const day = (column: SQL) => sql`to_char(${column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;

export async function boardCharts(period: Period): Promise<BoardCharts> {
  const { start, end } = periodBounds(period);
  const within = (column: SQL) => sql`${column} >= ${start}::timestamptz AND ${column} < ${end}::timestamptz`;
  const ended = sql`status = 'ended' AND ${within(sql`ended_at`)}`;
  const [volume, handle, median, turnaround, qc, categories] = await Promise.all([
    rows<{ hour: number; channel: string; n: number }>(sql`
      SELECT extract(hour FROM started_at AT TIME ZONE 'Asia/Shanghai')::int AS hour, channel::text AS channel, count(*)::int AS n
      FROM service_sessions WHERE ${ended} GROUP BY 1, 2`),
    rows<{ bucket: number; n: number }>(sql`
      SELECT width_bucket(extract(epoch FROM ended_at - started_at) / 60, ${sql.raw(`ARRAY[${HANDLE_BUCKETS.join(',')}]`)}::float8[]) AS bucket, count(*)::int AS n
      FROM service_sessions WHERE ${ended} GROUP BY 1`),
    rows<{ median: number | null }>(sql`SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ended_at - started_at)))::float8 AS median FROM service_sessions WHERE ${ended}`),
    rows<{ day: string; n: number; median: number | null; p90: number | null }>(sql`
      SELECT ${day(sql`decided_at`)} AS day, count(*)::int AS n,
        round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - submitted_at)) / 60)::numeric, 1)::float8 AS median,
        round((percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - submitted_at)) / 60)::numeric, 1)::float8 AS p90
      FROM cases WHERE decided_at IS NOT NULL AND submitted_at IS NOT NULL AND ${within(sql`decided_at`)} GROUP BY 1`),
    rows<{ day: string; n: number; average: number | null }>(sql`
      SELECT ${day(sql`submitted_at`)} AS day, count(*)::int AS n, round(avg(coalesce(final_score, score)), 1)::float8 AS average
      FROM inspections WHERE status = 'submitted' AND ${within(sql`submitted_at`)} GROUP BY 1`),
    rows<{ category: string; n: number }>(sql`SELECT category, count(*)::int AS n FROM complaints WHERE ${within(sql`received_at`)} GROUP BY 1`),
  ]);
  const days = daysOf(period);
  return {
    volume: Array.from({ length: 24 }, (_, hour) => ({
      hour,
      ...(Object.fromEntries(CHANNELS.map((c) => [c, volume.find((v) => v.hour === hour && v.channel === c)?.n ?? 0])) as Record<(typeof CHANNELS)[number], number>),
    })),
    handleTime: HANDLE_BUCKETS.map((from, i) => ({ fromMinutes: from, toMinutes: HANDLE_BUCKETS[i + 1] ?? null, sessions: handle.find((h) => h.bucket === i + 1)?.n ?? 0 })),
    handleMedianSeconds: median[0]?.median ?? null,
    turnaround: days.map((d) => {
      const r = turnaround.find((x) => x.day === d);
      return { day: d, decisions: r?.n ?? 0, medianMinutes: r?.median ?? null, p90Minutes: r?.p90 ?? null };
    }),
    qcTrend: days.map((d) => {
      const r = qc.find((x) => x.day === d);
      return { day: d, inspections: r?.n ?? 0, averageScore: r?.average ?? null };
    }),
    complaintCategories: COMPLAINT_CATEGORIES.map((category) => ({ category, complaints: categories.find((c) => c.category === category)?.n ?? 0 })),
  };
}
