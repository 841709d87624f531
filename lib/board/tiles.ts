import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db';
import { beijingDate } from '@/lib/calendar/working-days';
import { ABSOLUTE_SESSION_MS, IDLE_TIMEOUT_MS } from '@/lib/config';
import { periodBounds } from './period';

/**
 * The operations board's tiles (运营看板), as of now.
 *
 * How the aggregates are computed: every tile is a count or an average over rows picked by an index and bounded to
 * now or to today (Beijing) — open sessions by status (service_sessions_status_idx), today's handled sessions by
 * status and end time (the same index), today's verification steps by time (verifications_created_idx), signed-in
 * tellers by the live sign-in partial index (staff_sessions_live_idx), approvals pending by state and SLA due time
 * (cases_queue_idx) and the oldest of them (cases_pending_submitted_idx), open verification locks by status
 * (verification_locks_status_idx), complaints not yet resolved by state and resolve-by time (complaints_open_idx),
 * rectifications overdue by status and due date (rectifications_due_idx). So a view reads today's and the open rows
 * only, never the whole history (the charts' daily roll-up, lib/board/rollup.ts, is for closed days; the tiles are
 * about now). All tiles come in one statement. The page re-reads them when a change is announced on the
 * LISTEN/NOTIFY channels the live board and the approval queue use (lib/board/live.ts), debounced, and once a
 * minute for what time alone changes (an SLA or a deadline passing).
 */

export type BoardTiles = {
  at: string;
  sessionsOpen: { total: number; phone: number; video: number; chat: number };
  tellers: { busy: number; idle: number };
  approvals: { pending: number; overdue: number; dueSoon: number; oldestWaitSeconds: number | null };
  exceptions: { open: number };
  complaints: { dueToday: number; overdue: number; unacknowledged: number };
  rectifications: { overdue: number };
  today: { handled: number; averageHandleSeconds: number | null; rated: number; averageSatisfaction: number | null; satisfiedShare: number | null };
  verifications: { total: number; failed: number; failureRate: number | null };
};

/** An approval is "due soon" in the last five minutes before its SLA. */
export const DUE_SOON_MINUTES = 5;

/** Today on the Beijing calendar: its date and the instants it starts and ends. */
export function today(now = new Date()): { date: string; start: string; end: string } {
  const date = beijingDate(now);
  return { date, ...periodBounds({ from: date, to: date }) };
}

type Row = {
  open: Record<string, number> | null;
  busy: number;
  idle: number;
  approvals: { pending: number; overdue: number; due_soon: number; oldest_wait: number | null };
  exceptions: number;
  complaints: { due_today: number; overdue: number };
  unacknowledged: number;
  rectifications: number;
  handled: { handled: number; aht: number | null; rated: number; satisfaction: number | null; satisfied: number };
  verifications: { total: number; failed: number };
};

export async function boardTiles(now = new Date()): Promise<BoardTiles> {
  const day = today(now);
  const at = now.toISOString();
  const [r] = (await db.execute(sql`
    WITH live_tellers AS (
      SELECT DISTINCT ss.staff_id FROM staff_sessions ss JOIN staff t ON t.id = ss.staff_id
      WHERE ss.ended_at IS NULL AND t.role = 'teller' AND t.active
        AND ss.last_seen_at > ${at}::timestamptz - make_interval(secs => ${IDLE_TIMEOUT_MS / 1000}) AND ss.created_at > ${at}::timestamptz - make_interval(secs => ${ABSOLUTE_SESSION_MS / 1000})
    ), busy AS (
      SELECT DISTINCT s.teller_id FROM service_sessions s JOIN staff t ON t.id = s.teller_id WHERE s.status = 'open' AND t.role = 'teller'
    )
    SELECT
      (SELECT json_object_agg(channel, n) FROM (SELECT channel, count(*)::int AS n FROM service_sessions WHERE status = 'open' GROUP BY channel) c) AS open,
      (SELECT count(*)::int FROM busy) AS busy,
      (SELECT count(*)::int FROM live_tellers l WHERE l.staff_id NOT IN (SELECT teller_id FROM busy)) AS idle,
      (SELECT json_build_object('pending', count(*), 'overdue', count(*) FILTER (WHERE sla_due_at < ${at}::timestamptz),
          'due_soon', count(*) FILTER (WHERE sla_due_at >= ${at}::timestamptz AND sla_due_at < ${at}::timestamptz + make_interval(mins => ${DUE_SOON_MINUTES})),
          -- The oldest from the first entry of cases_pending_submitted_idx, not every pending case's row.
          'oldest_wait', floor(extract(epoch FROM ${at}::timestamptz - (SELECT min(submitted_at) FROM cases WHERE state = 'pending_approval'))))
        FROM cases WHERE state = 'pending_approval') AS approvals,
      (SELECT count(*)::int FROM verification_locks WHERE status = 'open') AS exceptions,
      (SELECT json_build_object('due_today', count(*) FILTER (WHERE resolve_by >= ${at}::timestamptz), 'overdue', count(*) FILTER (WHERE resolve_by < ${at}::timestamptz))
        FROM complaints WHERE state IN ('accepted', 'investigating') AND resolve_by < ${day.end}::timestamptz) AS complaints,
      (SELECT count(*)::int FROM complaints WHERE state = 'accepted' AND acknowledged_at IS NULL AND acknowledge_by < ${at}::timestamptz) AS unacknowledged,
      (SELECT count(*)::int FROM rectifications WHERE status IN ('open', 'reopened') AND due_date < ${day.date}) AS rectifications,
      (SELECT json_build_object('handled', count(*), 'aht', round(avg(extract(epoch FROM ended_at - started_at)))::float8, 'rated', count(satisfaction),
          'satisfaction', round(avg(satisfaction), 2)::float8, 'satisfied', count(*) FILTER (WHERE satisfaction >= 4))
        FROM service_sessions WHERE status = 'ended' AND ended_at >= ${day.start}::timestamptz) AS handled,
      -- Today's steps from their time and result alone (verifications_created_idx): a step is only ever taken in an open
      -- session, so these are the steps of today's sessions (those open now and those ended today).
      (SELECT json_build_object('total', count(*), 'failed', count(*) FILTER (WHERE result = 'fail'))
        FROM verifications WHERE created_at >= ${day.start}::timestamptz) AS verifications`)) as unknown as Row[];
  const row = r!;
  const open = row.open ?? {};
  const h = row.handled;
  const v = row.verifications;
  return {
    at,
    sessionsOpen: { total: Object.values(open).reduce((n, x) => n + x, 0), phone: open.phone ?? 0, video: open.video ?? 0, chat: open.chat ?? 0 },
    tellers: { busy: row.busy, idle: row.idle },
    approvals: { pending: row.approvals.pending, overdue: row.approvals.overdue, dueSoon: row.approvals.due_soon, oldestWaitSeconds: row.approvals.oldest_wait },
    exceptions: { open: row.exceptions },
    complaints: { dueToday: row.complaints.due_today, overdue: row.complaints.overdue, unacknowledged: row.unacknowledged },
    rectifications: { overdue: row.rectifications },
    today: { handled: h.handled, averageHandleSeconds: h.aht, rated: h.rated, averageSatisfaction: h.satisfaction, satisfiedShare: h.rated ? h.satisfied / h.rated : null },
    verifications: { total: v.total, failed: v.failed, failureRate: v.total ? v.failed / v.total : null },
  };
}
