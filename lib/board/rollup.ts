import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { beijingDate } from '@/lib/calendar/working-days';
import { addDays, daysOf, periodBounds, type Period } from './period';

/**
 * The board's chart figures a day at a time (运营看板 日汇总). A closed Beijing day's figures are kept in board_days,
 * written by the roll-up job (rollUpBoardDays, every 10 minutes from the worker); the charts read those rows and compute
 * live only the days without one: today, and a closed day whose row is not written yet or was deleted by a change to
 * its rows (the board_days_stale triggers, migration 0057). Both come from the one query below, so a day reads the same
 * from the roll-up as live.
 */

/** Handle time buckets, in minutes: [0,1), [1,3), [3,5), [5,10), [10,20), [20,∞). */
export const HANDLE_BUCKETS = [0, 1, 3, 5, 10, 20] as const;

/** One day's figures; the counts are sparse maps (absent key = 0). */
export type DayFigures = {
  day: string;
  /** Sessions ended that day by channel and the Beijing hour they started. */
  volume: Record<string, Record<string, number>>;
  /** Sessions ended that day by width_bucket over HANDLE_BUCKETS (1 = the first bucket; 0 = a negative time). */
  handleBuckets: Record<string, number>;
  /** Sessions ended that day by handle time in whole seconds. */
  handleSeconds: Record<string, number>;
  decisions: number;
  turnaroundMedianMinutes: number | null;
  turnaroundP90Minutes: number | null;
  inspections: number;
  averageScore: number | null;
  complaints: Record<string, number>;
};

/** A day is rolled up once it has been over this long (a transaction begun before midnight has committed). */
const SETTLE_MS = 5 * 60_000;
/** Closed days recomputed on every run whatever the triggers said (a late commit around midnight). */
const RECENT_DAYS = 2;
/** Days computed in one statement and transaction by the job. */
const CHUNK_DAYS = 31;
/** The lock the job and the board_days_stale triggers share (see migration 0057). */
const LOCK = sql`pg_advisory_xact_lock(hashtext('board.days'))`;

const local = (column: SQL) => sql`(${column} AT TIME ZONE 'Asia/Shanghai')::date`;

/** The figures of each day from `from` to `to` (Beijing dates, both included), from the business tables (exported for the bench to explain). */
export function figures(from: string, to: string): SQL {
  const { start, end } = periodBounds({ from, to });
  const within = (column: SQL) => sql`${column} >= ${start}::timestamptz AND ${column} < ${end}::timestamptz`;
  const minutes = (from: SQL, to: SQL) => sql`extract(epoch FROM ${to} - ${from}) / 60`;
  return sql`
    WITH s AS MATERIALIZED (
      SELECT ${local(sql`ended_at`)} AS day, extract(hour FROM started_at AT TIME ZONE 'Asia/Shanghai')::int AS hour, channel::text AS channel,
        width_bucket(${minutes(sql`started_at`, sql`ended_at`)}, ${sql.raw(`ARRAY[${HANDLE_BUCKETS.join(',')}]`)}::float8[]) AS bucket,
        round(extract(epoch FROM ended_at - started_at))::int AS seconds
      FROM service_sessions WHERE status = 'ended' AND ${within(sql`ended_at`)}
    ), volume AS (
      SELECT day, jsonb_object_agg(channel, hours) AS volume
      FROM (SELECT day, channel, jsonb_object_agg(hour, n) AS hours FROM (SELECT day, channel, hour, count(*)::int AS n FROM s GROUP BY 1, 2, 3) x GROUP BY 1, 2) y GROUP BY 1
    ), buckets AS (
      SELECT day, jsonb_object_agg(bucket, n) AS handle_buckets FROM (SELECT day, bucket, count(*)::int AS n FROM s GROUP BY 1, 2) x GROUP BY 1
    ), seconds AS (
      SELECT day, jsonb_object_agg(seconds, n) AS handle_seconds FROM (SELECT day, seconds, count(*)::int AS n FROM s GROUP BY 1, 2) x GROUP BY 1
    ), turnaround AS (
      SELECT ${local(sql`decided_at`)} AS day, count(*)::int AS decisions,
        round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - submitted_at)) / 60)::numeric, 1)::float8 AS median,
        round((percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - submitted_at)) / 60)::numeric, 1)::float8 AS p90
      FROM cases WHERE decided_at IS NOT NULL AND submitted_at IS NOT NULL AND ${within(sql`decided_at`)} GROUP BY 1
    ), qc AS (
      SELECT ${local(sql`submitted_at`)} AS day, count(*)::int AS inspections, round(avg(coalesce(final_score, score)), 1)::float8 AS average
      FROM inspections WHERE status = 'submitted' AND ${within(sql`submitted_at`)} GROUP BY 1
    ), complaint_days AS (
      SELECT day, jsonb_object_agg(category, n) AS complaints
      FROM (SELECT ${local(sql`received_at`)} AS day, category, count(*)::int AS n FROM complaints WHERE ${within(sql`received_at`)} GROUP BY 1, 2) x GROUP BY 1
    )
    SELECT d.day, coalesce(v.volume, '{}') AS volume, coalesce(b.handle_buckets, '{}') AS handle_buckets, coalesce(h.handle_seconds, '{}') AS handle_seconds,
      coalesce(t.decisions, 0) AS decisions, t.median AS turnaround_median_minutes, t.p90 AS turnaround_p90_minutes,
      coalesce(q.inspections, 0) AS inspections, q.average AS average_score, coalesce(c.complaints, '{}') AS complaints
    FROM (SELECT g::date AS day FROM generate_series(${from}::date, ${to}::date, interval '1 day') g) d
    LEFT JOIN volume v USING (day) LEFT JOIN buckets b USING (day) LEFT JOIN seconds h USING (day)
    LEFT JOIN turnaround t USING (day) LEFT JOIN qc q USING (day) LEFT JOIN complaint_days c USING (day)`;
}

type Row = {
  day: string;
  volume: DayFigures['volume'];
  handle_buckets: DayFigures['handleBuckets'];
  handle_seconds: DayFigures['handleSeconds'];
  decisions: number;
  turnaround_median_minutes: number | null;
  turnaround_p90_minutes: number | null;
  inspections: number;
  average_score: number | null;
  complaints: DayFigures['complaints'];
};

const FIGURES = sql.raw('volume, handle_buckets, handle_seconds, decisions, turnaround_median_minutes, turnaround_p90_minutes, inspections, average_score, complaints');
const COLUMNS = sql`day, ${FIGURES}`;

function toFigures(r: Row): DayFigures {
  return {
    day: String(r.day).slice(0, 10),
    volume: r.volume,
    handleBuckets: r.handle_buckets,
    handleSeconds: r.handle_seconds,
    decisions: r.decisions,
    turnaroundMedianMinutes: r.turnaround_median_minutes,
    turnaroundP90Minutes: r.turnaround_p90_minutes,
    inspections: r.inspections,
    averageScore: r.average_score,
    complaints: r.complaints,
  };
}

/** Consecutive runs of sorted dates: ['01', '02', '05'] → [['01', '02'], ['05']]. */
function runs(days: string[], longest = Infinity): Period[] {
  const out: Period[] = [];
  for (const day of days) {
    const last = out.at(-1);
    if (last && addDays(last.to, 1) === day && daysOf(last).length < longest) last.to = day;
    else out.push({ from: day, to: day });
  }
  return out;
}

/** Each day's figures computed from the business tables now (what the roll-up holds for a closed day). */
export async function liveDayFigures(period: Period): Promise<DayFigures[]> {
  return ((await db.execute(sql`SELECT to_char(day, 'YYYY-MM-DD') AS day, ${FIGURES} FROM (${figures(period.from, period.to)}) f`)) as unknown as Row[]).map(toFigures);
}

/**
 * The figures of every day of the period, in order: a closed day from its roll-up row, and a day without one (today,
 * a closed day not rolled up yet or changed since) computed live, one statement per run of such days.
 */
export async function dayFigures(period: Period, now = new Date()): Promise<DayFigures[]> {
  const today = beijingDate(now);
  const days = daysOf(period);
  const closedTo = period.to < today ? period.to : addDays(today, -1);
  const kept =
    period.from <= closedTo
      ? ((await db.execute(sql`SELECT to_char(day, 'YYYY-MM-DD') AS day, ${FIGURES}
          FROM board_days WHERE day BETWEEN ${period.from}::date AND ${closedTo}::date`)) as unknown as Row[]).map(toFigures)
      : [];
  const have = new Set(kept.map((d) => d.day));
  const live = (await Promise.all(runs(days.filter((d) => !have.has(d))).map(liveDayFigures))).flat();
  const byDay = new Map([...kept, ...live].map((d) => [d.day, d]));
  return days.map((d) => byDay.get(d)!);
}

/** The last day the job rolls up: the day before the one SETTLE_MS ago. */
export function lastClosedDay(now = new Date()): string {
  return addDays(beijingDate(new Date(now.getTime() - SETTLE_MS)), -1);
}

/** Writes the figures of the days of `period` (closed days only) in one transaction under the roll-up lock. */
async function writeDays(period: Period): Promise<number> {
  return db.transaction(async (tx) => {
    // Taken before the figures are read: a trigger deleting one of these days waits for this commit, or this
    // statement (a snapshot taken after the lock) sees its change.
    await tx.execute(sql`SELECT ${LOCK}`);
    const written = (await tx.execute(sql`
      INSERT INTO board_days (${COLUMNS}) SELECT ${COLUMNS} FROM (${figures(period.from, period.to)}) f
      ON CONFLICT (day) DO UPDATE SET volume = excluded.volume, handle_buckets = excluded.handle_buckets, handle_seconds = excluded.handle_seconds,
        decisions = excluded.decisions, turnaround_median_minutes = excluded.turnaround_median_minutes, turnaround_p90_minutes = excluded.turnaround_p90_minutes,
        inspections = excluded.inspections, average_score = excluded.average_score, complaints = excluded.complaints, computed_at = now()
      RETURNING day`)) as unknown as unknown[];
    return written.length;
  });
}

/**
 * The roll-up job: recomputes the last RECENT_DAYS closed days, then writes every closed day without a row since the
 * first day anything happened (all of history on the first run, afterwards the day just closed and the days a late
 * change deleted). Returns the number of days written of each kind.
 */
export async function rollUpBoardDays(now = new Date()): Promise<{ recent: number; filled: number }> {
  const last = lastClosedDay(now);
  const recent = await writeDays({ from: addDays(last, 1 - RECENT_DAYS), to: last });
  // The first day of history: each minimum from its index.
  const [first] = (await db.execute(sql`
    SELECT to_char((least(
      (SELECT min(ended_at) FROM service_sessions WHERE status = 'ended'),
      (SELECT min(decided_at) FROM cases WHERE decided_at IS NOT NULL),
      (SELECT min(submitted_at) FROM inspections WHERE status = 'submitted'),
      (SELECT min(received_at) FROM complaints)) AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD') AS day`)) as unknown as { day: string | null }[];
  if (!first?.day || first.day > last) return { recent, filled: 0 };
  const missing = (await db.execute(sql`
    SELECT to_char(g::date, 'YYYY-MM-DD') AS day FROM generate_series(${first.day}::date, ${last}::date, interval '1 day') g
    WHERE NOT EXISTS (SELECT 1 FROM board_days b WHERE b.day = g::date) ORDER BY 1`)) as unknown as { day: string }[];
  let filled = 0;
  for (const run of runs(missing.map((m) => m.day), CHUNK_DAYS)) filled += await writeDays(run);
  return { recent, filled };
}
