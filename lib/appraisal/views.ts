import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db';
import { DomainError } from '@/lib/actions/result';
import type { Role } from '@/lib/auth/roles';
import type { Scores } from './score';
import { teamOf, type StoredAppraisal } from './service';

/**
 * Who sees which appraisal (object-level, in the data layer): a teller their own months only; a supervisor the tellers
 * of their team (staff.team_id, as it is now), nothing without a team; anyone else nothing.
 */

export type ResultLine = { staffId: string; staffName: string; month: string; version: number; total: number; scores: Scores; computedAt: Date };

type Row = { staff_id: string; staff_name: string; month: string; version: number; total: string; figures: StoredAppraisal; computed_at: Date };
const line = (r: Row): ResultLine => ({ staffId: r.staff_id, staffName: r.staff_name, month: r.month, version: r.version, total: Number(r.total), scores: r.figures.scores, computedAt: new Date(r.computed_at) });

/** A teller's own months, newest first, each as it stands (its latest version). */
export async function listOwnAppraisals(tellerId: string): Promise<ResultLine[]> {
  const rows = (await db.execute(sql`
    SELECT DISTINCT ON (r.month) r.staff_id, s.display_name AS staff_name, r.month, r.version, r.total::text AS total, r.figures, r.computed_at
    FROM appraisal_results r JOIN staff s ON s.id = r.staff_id
    WHERE r.staff_id = ${tellerId} ORDER BY r.month DESC, r.version DESC`)) as unknown as Row[];
  return rows.map(line);
}

export type TeamMonth = { teamName: string; members: { staffId: string; staffName: string; result: ResultLine | null }[] };

/** The supervisor's team's tellers and their results of the month (null: not closed for them); null without a team. */
export async function teamAppraisals(supervisorId: string, month: string): Promise<TeamMonth | null> {
  const team = await teamOf(supervisorId);
  if (!team) return null;
  const rows = (await db.execute(sql`
    SELECT s.id AS staff_id, s.display_name AS staff_name, t.name AS team_name, r.month, r.version, r.total::text AS total, r.figures, r.computed_at
    FROM staff s JOIN teams t ON t.id = s.team_id
    LEFT JOIN LATERAL (SELECT * FROM appraisal_results x WHERE x.staff_id = s.id AND x.month = ${month} ORDER BY x.version DESC LIMIT 1) r ON true
    WHERE s.team_id = ${team} AND s.role = 'teller' ORDER BY s.display_name`)) as unknown as (Omit<Row, 'month'> & { month: string | null; team_name: string })[];
  const [first] = rows;
  const teamName = first?.team_name ?? ((await db.execute(sql`SELECT name FROM teams WHERE id = ${team}`)) as unknown as { name: string }[])[0]?.name ?? '';
  return { teamName, members: rows.map((r) => ({ staffId: r.staff_id, staffName: r.staff_name, result: r.month ? line(r as Row) : null })) };
}

export type AppraisalVersion = StoredAppraisal & {
  version: number;
  total: number;
  weightsVersion: number;
  weights: Record<string, number>;
  computedByName: string | null;
  reason: string | null;
  computedAt: Date;
};
export type PersonMonth = { staffId: string; staffName: string; teamName: string | null; month: string; versions: AppraisalVersion[] };

/**
 * One person's month with every version (newest first), for the printable page. Refused (denied) when the viewer may
 * not see it; null when the month is not closed for them yet.
 */
export async function getPersonMonth(viewer: { id: string; role: Role }, staffId: string, month: string): Promise<PersonMonth | null> {
  const [person] = (await db.execute(sql`
    SELECT s.id, s.display_name, s.role, s.team_id, t.name AS team_name FROM staff s LEFT JOIN teams t ON t.id = s.team_id WHERE s.id = ${staffId}`)) as unknown as {
    id: string; display_name: string; role: Role; team_id: string | null; team_name: string | null;
  }[];
  const team = viewer.role === 'supervisor' ? await teamOf(viewer.id) : null;
  const allowed = viewer.role === 'teller' ? viewer.id === staffId : viewer.role === 'supervisor' && !!team && person?.role === 'teller' && person.team_id === team;
  if (!person || !allowed) throw new DomainError('errors.appraisal.notYours', 'denied');
  const versions = (await db.execute(sql`
    SELECT r.version, r.total::text AS total, r.figures, r.weights_version, w.weights, c.display_name AS computed_by_name, r.reason, r.computed_at
    FROM appraisal_results r JOIN appraisal_weights w ON w.version = r.weights_version LEFT JOIN staff c ON c.id = r.computed_by
    WHERE r.staff_id = ${staffId} AND r.month = ${month} ORDER BY r.version DESC`)) as unknown as {
    version: number; total: string; figures: StoredAppraisal; weights_version: number; weights: Record<string, number>; computed_by_name: string | null; reason: string | null; computed_at: Date;
  }[];
  if (versions.length === 0) return null;
  return {
    staffId,
    staffName: person.display_name,
    teamName: person.team_name,
    month,
    versions: versions.map((v) => ({ ...v.figures, version: v.version, total: Number(v.total), weightsVersion: v.weights_version, weights: v.weights, computedByName: v.computed_by_name, reason: v.reason, computedAt: new Date(v.computed_at) })),
  };
}
