import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { beijingDate } from '@/lib/calendar/working-days';
import { monthBounds, qualityByTeller } from '@/lib/qc/reports';
import { median, type AppraisalFigures } from './score';

/**
 * A month's appraisal figures for every teller (月度考核数据), counted from the month's records (Beijing calendar
 * month): sessions ended in it, the cases submitted in them, the QC inspections submitted in it (lib/qc/reports.ts),
 * verification before the business as those inspections rated it, complaints upheld against the teller and resolved
 * in it, the teller's disputes rejected in it, and rectifications due in it answered late or not at all. Each query is
 * bounded to the month. Tellers: those with any of it, and every active teller on staff before the month ended.
 * Team medians (handle time, work) are over the team's tellers who worked; tellers in no team are compared among
 * themselves.
 */
export type TellerMonth = { staffId: string; teamId: string | null; figures: AppraisalFigures };

type Count = { id: string; n: number };

async function rows<T>(query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((r) => [r.id, r]));

export async function monthFigures(month: string, include: readonly string[] = []): Promise<TellerMonth[]> {
  const { start, end } = monthBounds(month);
  const lastDay = beijingDate(new Date(new Date(end).getTime() - 1));
  const within = (column: SQL) => sql`${column} >= ${start}::timestamptz AND ${column} < ${end}::timestamptz`;
  // One after the other: inside an action they share its transaction.
  const sessions = byId(
    await rows<{ id: string; sessions: number; aht: number | null; rated: number; average: number | null; satisfied: number }>(sql`
      SELECT teller_id AS id, count(*)::int AS sessions, round(avg(extract(epoch FROM ended_at - started_at)), 1)::float8 AS aht,
        count(satisfaction)::int AS rated, round(avg(satisfaction), 2)::float8 AS average, count(*) FILTER (WHERE satisfaction >= 4)::int AS satisfied
      FROM service_sessions WHERE status = 'ended' AND ${within(sql`ended_at`)} GROUP BY teller_id`),
  );
  const cases = byId(
    await rows<Count>(sql`
      SELECT c.maker_id AS id, count(*)::int AS n FROM service_sessions s JOIN cases c ON c.session_id = s.id
      WHERE s.status = 'ended' AND ${within(sql`s.ended_at`)} AND c.submitted_at IS NOT NULL GROUP BY c.maker_id`),
  );
  // The item as finally rated (after a dispute); N/A and an item the scorecard lacks are not counted.
  const verification = byId(
    await rows<{ id: string; inspected: number; passed: number }>(sql`
      SELECT s.teller_id AS id, count(*) FILTER (WHERE v.value <> 'na')::int AS inspected, count(*) FILTER (WHERE v.value NOT IN ('na', 'no', '0'))::int AS passed
      FROM inspections ins JOIN service_sessions s ON s.id = ins.session_id
      CROSS JOIN LATERAL (SELECT coalesce(ins.final_ratings, ins.ratings) -> 'verification_before_request' ->> 'value' AS value) v
      WHERE ins.status = 'submitted' AND ${within(sql`ins.submitted_at`)} AND v.value IS NOT NULL GROUP BY s.teller_id`),
  );
  const upheld = byId(await rows<Count>(sql`SELECT subject_staff_id AS id, count(*)::int AS n FROM complaints WHERE upheld AND subject_staff_id IS NOT NULL AND ${within(sql`resolved_at`)} GROUP BY 1`));
  const lost = byId(await rows<Count>(sql`SELECT teller_id AS id, count(*)::int AS n FROM inspection_disputes WHERE status = 'rejected' AND ${within(sql`resolved_at`)} GROUP BY 1`));
  const late = byId(
    await rows<Count>(sql`
      SELECT teller_id AS id, count(*)::int AS n FROM rectifications
      WHERE status <> 'withdrawn' AND due_date BETWEEN ${`${month}-01`} AND ${lastDay}
        AND (responded_at IS NULL OR to_char(responded_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') > due_date)
      GROUP BY 1`),
  );
  const quality = byId((await qualityByTeller(month)).tellers.map((t) => ({ ...t, id: t.tellerId })));

  const withData = new Set([...include, ...[sessions, cases, verification, upheld, lost, late, quality].flatMap((m) => [...m.keys()])]);
  const tellers = await rows<{ id: string; team_id: string | null }>(sql`
    SELECT id, team_id FROM staff
    WHERE role = 'teller' AND (id = ANY(${`{${[...withData].join(',')}}`}::uuid[]) OR (active AND created_at < ${end}::timestamptz))
    ORDER BY id`);

  const base = tellers.map((t) => {
    const s = sessions.get(t.id);
    const q = quality.get(t.id);
    const v = verification.get(t.id);
    return {
      staffId: t.id,
      teamId: t.team_id,
      work: (s?.sessions ?? 0) + (cases.get(t.id)?.n ?? 0),
      figures: {
        volume: { sessions: s?.sessions ?? 0, cases: cases.get(t.id)?.n ?? 0, teamMedianWork: null },
        quality: { inspections: q?.inspections ?? 0, averageScore: q?.averageScore ?? null, criticalFailures: q?.criticalFailures ?? 0 },
        efficiency: { averageHandleSeconds: s?.aht ?? null, teamMedianHandleSeconds: null },
        satisfaction: { rated: s?.rated ?? 0, average: s?.average ?? null, satisfied: s?.satisfied ?? 0 },
        compliance: {
          verificationInspected: v?.inspected ?? 0,
          verificationPassed: v?.passed ?? 0,
          upheldComplaints: upheld.get(t.id)?.n ?? 0,
          disputesLost: lost.get(t.id)?.n ?? 0,
          rectificationsLate: late.get(t.id)?.n ?? 0,
        },
      } satisfies AppraisalFigures as AppraisalFigures,
    };
  });
  const teams = new Map<string, typeof base>();
  for (const t of base) teams.set(t.teamId ?? '', [...(teams.get(t.teamId ?? '') ?? []), t]);
  for (const members of teams.values()) {
    const work = median(members.filter((m) => m.work > 0).map((m) => m.work));
    const aht = median(members.flatMap((m) => (m.figures.efficiency.averageHandleSeconds === null ? [] : [m.figures.efficiency.averageHandleSeconds])));
    for (const m of members) {
      m.figures.volume.teamMedianWork = work;
      m.figures.efficiency.teamMedianHandleSeconds = aht === null ? null : Math.round(aht * 10) / 10;
    }
  }
  return base.map(({ staffId, teamId, figures }) => ({ staffId, teamId, figures }));
}
