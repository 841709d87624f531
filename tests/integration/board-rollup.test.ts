import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '@/db';
import { boardCharts, CHANNELS, COMPLAINT_CATEGORIES, HANDLE_BUCKETS, type BoardCharts } from '@/lib/board/charts';
import { addDays, daysOf, periodBounds, type Period } from '@/lib/board/period';
import { lastClosedDay, liveDayFigures, rollUpBoardDays } from '@/lib/board/rollup';
import { beijingDate } from '@/lib/calendar/working-days';
import { endedSession, makeCustomer, makeUser, pendingMobileChange, type TestUser } from './factories';

/*
 * The board's daily roll-up against the charts computed live. The reference below is the board's earlier live
 * computation (one aggregate per chart over the whole period, straight from the business tables), written out here so
 * that the roll-up is checked against something it does not share code with. The handle time median is over whole
 * seconds (as the roll-up keeps it), rounded half up.
 */
const today = beijingDate(new Date());
const day = (n: number) => addDays(today, -n);
/** A Beijing local time of a day as an instant. */
const at = (date: string, hh: number, mm = 0, ss = 0) => new Date(`${date}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}+08:00`);

const iso = (d: Date) => d.toISOString();

async function reference(period: Period): Promise<BoardCharts> {
  const { start, end } = periodBounds(period);
  const within = (column: string) => sql.unsafe(`${column} >= '${start}'::timestamptz AND ${column} < '${end}'::timestamptz`);
  const volume = await sql<{ hour: number; channel: string; n: number }[]>`
    SELECT extract(hour FROM started_at AT TIME ZONE 'Asia/Shanghai')::int AS hour, channel::text AS channel, count(*)::int AS n
    FROM service_sessions WHERE status = 'ended' AND ${within('ended_at')} GROUP BY 1, 2`;
  const handle = await sql<{ bucket: number; n: number }[]>`
    SELECT width_bucket(extract(epoch FROM ended_at - started_at) / 60, ${sql.unsafe(`ARRAY[${HANDLE_BUCKETS.join(',')}]`)}::float8[]) AS bucket, count(*)::int AS n
    FROM service_sessions WHERE status = 'ended' AND ${within('ended_at')} GROUP BY 1`;
  const [median] = await sql<{ median: number | null }[]>`
    SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY round(extract(epoch FROM ended_at - started_at)))::numeric)::float8 AS median
    FROM service_sessions WHERE status = 'ended' AND ${within('ended_at')}`;
  const turnaround = await sql<{ day: string; n: number; median: number | null; p90: number | null }[]>`
    SELECT to_char(decided_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, count(*)::int AS n,
      round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - submitted_at)) / 60)::numeric, 1)::float8 AS median,
      round((percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - submitted_at)) / 60)::numeric, 1)::float8 AS p90
    FROM cases WHERE decided_at IS NOT NULL AND submitted_at IS NOT NULL AND ${within('decided_at')} GROUP BY 1`;
  const qc = await sql<{ day: string; n: number; average: number | null }[]>`
    SELECT to_char(submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, count(*)::int AS n, round(avg(coalesce(final_score, score)), 1)::float8 AS average
    FROM inspections WHERE status = 'submitted' AND ${within('submitted_at')} GROUP BY 1`;
  const categories = await sql<{ category: string; n: number }[]>`SELECT category, count(*)::int AS n FROM complaints WHERE ${within('received_at')} GROUP BY 1`;
  const days = daysOf(period);
  return {
    volume: Array.from({ length: 24 }, (_, hour) => ({
      hour,
      ...(Object.fromEntries(CHANNELS.map((c) => [c, volume.find((v) => v.hour === hour && v.channel === c)?.n ?? 0])) as Record<(typeof CHANNELS)[number], number>),
    })),
    handleTime: HANDLE_BUCKETS.map((from, i) => ({ fromMinutes: from, toMinutes: HANDLE_BUCKETS[i + 1] ?? null, sessions: handle.find((h) => h.bucket === i + 1)?.n ?? 0 })),
    handleMedianSeconds: median?.median ?? null,
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

let teller: TestUser;
let supervisor: TestUser;
let qc: TestUser;
const week: Period = { from: day(6), to: today };

/** An ended contact, by its Beijing start and handle time (seconds, fractions kept). */
async function session(start: Date, seconds: number, channel: (typeof CHANNELS)[number] = 'phone'): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO service_sessions (teller_id, channel, status, started_at, ended_at, outcome, satisfaction)
    VALUES (${teller.id}, ${channel}, 'ended', ${iso(start)}, ${iso(new Date(start.getTime() + seconds * 1000))}, 'resolved', 4) RETURNING id`;
  return row!.id;
}

async function complaint(received: Date, category: (typeof COMPLAINT_CATEGORIES)[number]) {
  const customer = await makeCustomer();
  await sql`
    INSERT INTO complaints (channel, customer_id, category, severity, content, received_at, recorded_by, policy_version, acknowledge_by, resolve_by)
    VALUES ('phone', ${customer.id}, ${category}, 'low', '测试投诉', ${iso(received)}, ${supervisor.id}, 1, ${iso(new Date(received.getTime() + 86_400_000))}, ${iso(new Date(received.getTime() + 7 * 86_400_000))})`;
}

async function decided(submitted: Date, minutes: number) {
  const { caseId } = await pendingMobileChange(teller.id);
  await sql`UPDATE cases SET submitted_at = ${iso(submitted)}, decided_at = ${iso(new Date(submitted.getTime() + minutes * 60_000))} WHERE id = ${caseId}`;
  return caseId;
}

const rolledUp = async (days: string[]) =>
  (await sql<{ day: string }[]>`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM board_days WHERE day = ANY(string_to_array(${days.join(',')}, ',')::date[]) ORDER BY 1`).map((r) => r.day);

beforeAll(async () => {
  [teller, supervisor, qc] = [await makeUser('teller'), await makeUser('supervisor'), await makeUser('qc')];
  // Five closed days of contacts over several hours and channels, with handle times across the buckets (fractions of
  // a second included), some decisions, inspections and complaints.
  const handles = [12.4, 75, 150.6, 240, 299.5, 420, 610.2, 900, 1500, 2400.7];
  for (let n = 2; n <= 6; n++) {
    for (const [i, seconds] of handles.entries()) {
      const id = await session(at(day(n), 8 + ((i + n) % 12), (i * 7) % 60, i), seconds * (1 + n / 10), CHANNELS[(i + n) % 3]);
      if (i % 4 === n % 4) {
        await sql`INSERT INTO inspections (session_id, inspector_id, scorecard, ratings, score, status, submitted_at)
          VALUES (${id}, ${qc.id}, 'test', '{}'::jsonb, ${60 + ((i * 13 + n) % 40)}, 'submitted', ${iso(at(day(n), 20, i))})`;
      }
    }
    await complaint(at(day(n), 10), COMPLAINT_CATEGORIES[n % COMPLAINT_CATEGORIES.length]!);
    await complaint(at(day(n), 15), 'delay');
  }
  // One contact ending just after a Beijing midnight: it counts on the day it ended, at the hour it started.
  await session(at(day(4), 23, 55), 600, 'video');
  for (const [n, minutes] of [[3, 7], [3, 45], [3, 12], [5, 90]] as const) await decided(at(day(n), 9, minutes % 60), minutes * 1.5);
});

describe('the board roll-up', () => {
  it('writes each closed day once run, and the charts from it equal the live computation', async () => {
    const before = await boardCharts(week);
    const run = await rollUpBoardDays();
    expect(run.filled).toBeGreaterThanOrEqual(0);
    expect(await rolledUp(daysOf({ from: day(6), to: day(1) }))).toEqual(daysOf({ from: day(6), to: day(1) }));
    // Not today: it is computed live.
    expect(await rolledUp([today])).toEqual([]);
    const charts = await boardCharts(week);
    expect(charts).toEqual(await reference(week));
    // The same figures as before the roll-up existed (then all live).
    expect(charts).toEqual(before);
    // The seeded figures are there: 10 contacts a day (and the one past midnight), the decisions of two days.
    expect(charts.handleTime.reduce((n, b) => n + b.sessions, 0)).toBeGreaterThanOrEqual(51);
    expect(charts.turnaround.find((t) => t.day === day(3))?.decisions).toBeGreaterThanOrEqual(3);
    // Each rolled-up day equals the day computed live.
    for (const d of daysOf({ from: day(6), to: day(1) })) {
      const [kept] = await sql<{ volume: unknown; handle_seconds: unknown; decisions: number; complaints: unknown }[]>`SELECT volume, handle_seconds, decisions, complaints FROM board_days WHERE day = ${d}::date`;
      const [live] = await liveDayFigures({ from: d, to: d });
      expect(kept).toEqual({ volume: live!.volume, handle_seconds: live!.handleSeconds, decisions: live!.decisions, complaints: live!.complaints });
    }
  });

  it('is what the charts read for a closed day', async () => {
    await rollUpBoardDays();
    await sql`UPDATE board_days SET decisions = 999 WHERE day = ${day(5)}::date`;
    expect((await boardCharts(week)).turnaround.find((t) => t.day === day(5))?.decisions).toBe(999);
    // A day deleted from the roll-up is computed live at once, and written again by the next run.
    await sql`DELETE FROM board_days WHERE day = ${day(5)}::date`;
    expect(await boardCharts(week)).toEqual(await reference(week));
    await rollUpBoardDays();
    expect(await rolledUp([day(5)])).toEqual([day(5)]);
    expect(await boardCharts(week)).toEqual(await reference(week));
  });

  it("shows today's rows at once, without a run", async () => {
    await rollUpBoardDays();
    const before = await boardCharts(week);
    await endedSession(teller.id);
    await complaint(new Date(), 'fees');
    const after = await boardCharts(week);
    expect(after.volume.reduce((n, h) => n + h.phone, 0) - before.volume.reduce((n, h) => n + h.phone, 0)).toBe(1);
    expect(after.complaintCategories.find((c) => c.category === 'fees')!.complaints - before.complaintCategories.find((c) => c.category === 'fees')!.complaints).toBe(1);
    expect(after).toEqual(await reference(week));
    expect(await rolledUp([today])).toEqual([]);
  });

  it('picks up a late row in a closed day: the day is computed live at once and written again by the next run', async () => {
    await rollUpBoardDays();
    const [kept] = await sql<{ complaints: Record<string, number> }[]>`SELECT complaints FROM board_days WHERE day = ${day(3)}::date`;
    // A complaint recorded today as received three days ago (a letter), and a contact written late into that day.
    await complaint(at(day(3), 11), 'information_security');
    await session(at(day(3), 16), 333, 'chat');
    expect(await rolledUp([day(3)])).toEqual([]);
    const charts = await boardCharts(week);
    expect(charts).toEqual(await reference(week));
    await rollUpBoardDays();
    const [again] = await sql<{ complaints: Record<string, number>; handle_seconds: Record<string, number> }[]>`SELECT complaints, handle_seconds FROM board_days WHERE day = ${day(3)}::date`;
    expect(again!.complaints.information_security ?? 0).toBe((kept!.complaints.information_security ?? 0) + 1);
    expect(again!.handle_seconds['333']).toBeGreaterThanOrEqual(1);
    expect(await boardCharts(week)).toEqual(charts);
  });

  it('takes a decision off its closed day when the returned case is resubmitted (decided_at cleared)', async () => {
    const caseId = await decided(at(day(2), 10), 30);
    await rollUpBoardDays();
    const count = async () => (await boardCharts(week)).turnaround.find((t) => t.day === day(2))!.decisions;
    const withIt = await count();
    await sql`UPDATE cases SET decided_at = NULL WHERE id = ${caseId}`;
    expect(await rolledUp([day(2)])).toEqual([]);
    expect(await count()).toBe(withIt - 1);
    await rollUpBoardDays();
    expect(await rolledUp([day(2)])).toEqual([day(2)]);
    expect(await count()).toBe(withIt - 1);
    expect(await boardCharts(week)).toEqual(await reference(week));
  });

  it('recomputes the two last closed days on every run and leaves older rows to the triggers', async () => {
    await rollUpBoardDays();
    const stamp = async (d: string) => (await sql<{ at: string }[]>`SELECT computed_at::text AS at FROM board_days WHERE day = ${d}::date`)[0]!.at;
    const last = lastClosedDay();
    const [older, recent] = [await stamp(day(4)), await stamp(last)];
    await rollUpBoardDays();
    expect(await stamp(day(4))).toBe(older);
    expect(await stamp(last)).not.toBe(recent);
  });
});
