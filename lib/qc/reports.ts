import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db';

/**
 * Quality reports (质检报表) per teller and month, and the team's trend. A score is the final one after a resolved
 * dispute, else the submitted one; calibration scores never count. Months are Beijing calendar months.
 */

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The instants a Beijing month starts and ends. */
export function monthBounds(month: string): { start: string; end: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 1, 1) - 8 * 3_600_000);
  const end = new Date(Date.UTC(y, m, 1) - 8 * 3_600_000);
  return { start: start.toISOString(), end: end.toISOString() };
}

export type TellerQuality = {
  tellerId: string;
  tellerName: string;
  teamName: string | null;
  inspections: number;
  averageScore: number | null;
  criticalFailures: number;
  disputes: number;
  disputesUpheld: number;
  rectifications: number;
  rectificationsOnTime: number;
};

export type QualityFigures = Omit<TellerQuality, 'tellerId' | 'tellerName' | 'teamName'>;

/** The figures of several tellers together: counts summed, the average weighted by inspections. */
function together(rows: readonly TellerQuality[]): QualityFigures {
  const sum = (k: keyof QualityFigures) => rows.reduce((n, t) => n + ((t[k] as number | null) ?? 0), 0);
  const inspections = sum('inspections');
  const weighted = rows.reduce((n, t) => n + (t.averageScore ?? 0) * t.inspections, 0);
  return {
    inspections,
    averageScore: inspections ? Math.round((weighted / inspections) * 10) / 10 : null,
    criticalFailures: sum('criticalFailures'),
    disputes: sum('disputes'),
    disputesUpheld: sum('disputesUpheld'),
    rectifications: sum('rectifications'),
    rectificationsOnTime: sum('rectificationsOnTime'),
  };
}

/**
 * Each teller's quality in the month (with their team), each team's (班组) and every teller's together (`team`, the
 * floor's row).
 */
export async function qualityByTeller(month: string): Promise<{ tellers: TellerQuality[]; teams: (QualityFigures & { teamName: string })[]; team: QualityFigures }> {
  const { start, end } = monthBounds(month);
  const rows = await db.execute<{ teller_id: string; teller_name: string; team_name: string | null; inspections: number; average: string | null; critical: number; disputes: number; upheld: number; rectifications: number; on_time: number }>(sql`
    WITH i AS (
      SELECT ins.id, s.teller_id, coalesce(ins.final_score, ins.score) AS score, coalesce(ins.final_critical_failure, ins.critical_failure) AS critical
      FROM inspections ins JOIN service_sessions s ON s.id = ins.session_id
      WHERE ins.status = 'submitted' AND ins.submitted_at >= ${start}::timestamptz AND ins.submitted_at < ${end}::timestamptz
    )
    SELECT i.teller_id, t.display_name AS teller_name, tm.name AS team_name, count(*)::int AS inspections, round(avg(i.score), 1)::text AS average,
      count(*) FILTER (WHERE i.critical)::int AS critical,
      count(d.id)::int AS disputes,
      count(d.id) FILTER (WHERE d.status IN ('accepted', 'partial'))::int AS upheld,
      (SELECT count(*)::int FROM rectifications r JOIN qc_findings f ON f.id = r.finding_id WHERE f.inspection_id = ANY (array_agg(i.id)) AND r.status <> 'withdrawn') AS rectifications,
      (SELECT count(*)::int FROM rectifications r JOIN qc_findings f ON f.id = r.finding_id
        WHERE f.inspection_id = ANY (array_agg(i.id)) AND r.responded_at IS NOT NULL AND to_char(r.responded_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') <= r.due_date) AS on_time
    FROM i JOIN staff t ON t.id = i.teller_id LEFT JOIN teams tm ON tm.id = t.team_id LEFT JOIN inspection_disputes d ON d.inspection_id = i.id
    GROUP BY i.teller_id, t.display_name, tm.name ORDER BY tm.name NULLS LAST, t.display_name`);
  const tellers = rows.map((r) => ({
    tellerId: r.teller_id,
    tellerName: r.teller_name,
    teamName: r.team_name,
    inspections: r.inspections,
    averageScore: r.average === null ? null : Number(r.average),
    criticalFailures: r.critical,
    disputes: r.disputes,
    disputesUpheld: r.upheld,
    rectifications: r.rectifications,
    rectificationsOnTime: r.on_time,
  }));
  const names = [...new Set(tellers.map((t) => t.teamName).filter((n): n is string => n !== null))];
  return { tellers, teams: names.map((teamName) => ({ teamName, ...together(tellers.filter((t) => t.teamName === teamName)) })), team: together(tellers) };
}

/** The items failed most often in the month's inspections (on their final ratings), with how often. */
export async function mostFailedItems(month: string, limit = 10): Promise<{ itemKey: string; failures: number }[]> {
  const { start, end } = monthBounds(month);
  const rows = await db.execute<{ item_key: string; failures: number }>(sql`
    SELECT f.item_key, count(*)::int AS failures FROM qc_findings f JOIN inspections ins ON ins.id = f.inspection_id
    WHERE ins.submitted_at >= ${start}::timestamptz AND ins.submitted_at < ${end}::timestamptz
      AND NOT EXISTS (SELECT 1 FROM inspection_disputes d WHERE d.inspection_id = ins.id AND f.item_key = ANY (d.accepted_items))
    GROUP BY f.item_key ORDER BY failures DESC, f.item_key LIMIT ${limit}`);
  return rows.map((r) => ({ itemKey: r.item_key, failures: r.failures }));
}

/** The team's monthly average score and critical failure rate over the last `months` months up to `month`. */
export async function qualityTrend(month: string, months = 6): Promise<{ month: string; inspections: number; averageScore: number | null; criticalRate: number | null }[]> {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const list = Array.from({ length: months }, (_, k) => {
    const d = new Date(Date.UTC(y, m - 1 - (months - 1 - k), 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
  const { start } = monthBounds(list[0]!);
  const { end } = monthBounds(month);
  const rows = await db.execute<{ month: string; inspections: number; average: string | null; critical: number }>(sql`
    SELECT to_char(ins.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*)::int AS inspections,
      round(avg(coalesce(ins.final_score, ins.score)), 1)::text AS average,
      count(*) FILTER (WHERE coalesce(ins.final_critical_failure, ins.critical_failure))::int AS critical
    FROM inspections ins WHERE ins.status = 'submitted' AND ins.submitted_at >= ${start}::timestamptz AND ins.submitted_at < ${end}::timestamptz
    GROUP BY 1`);
  return list.map((mo) => {
    const r = rows.find((x) => x.month === mo);
    return { month: mo, inspections: r?.inspections ?? 0, averageScore: r?.average == null ? null : Number(r.average), criticalRate: r && r.inspections ? r.critical / r.inspections : null };
  });
}

// The CSV cell rule lives with the one export of every list (lib/export/table.ts); the report's route imports it here.
export { csvCell } from '@/lib/export/table';
