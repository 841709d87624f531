import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { db } from '@/db';
import { ABSOLUTE_SESSION_MS, IDLE_TIMEOUT_MS } from '@/lib/config';
import type { Cell } from '@/lib/export/table';
import { DUE_SOON_MINUTES, today } from './tiles';
import { parsePeriod, periodBounds, type Period } from './period';

/**
 * The lists behind the board's tiles (看板明细), for its list screen and its CSV/XLSX exports. Each is bounded like its
 * tile (open rows, or a period of Beijing days on an indexed time column) and takes a row limit; none carries a
 * customer's name or full identity number (a masked one at most). Times are Beijing local time as text.
 */

export type ListColumn = {
  key: string;
  /** A catalogue namespace whose keys translate the column's values (e.g. 'live.channels'). */
  values?: string;
  /** Right-aligned numbers. */
  numeric?: boolean;
};

export type BoardList = {
  key: (typeof BOARD_LISTS)[number];
  columns: ListColumn[];
  /** Whether a period narrows the list (the filtered export offered when it is too large). */
  periodic: boolean;
  /** A list of the day's work (handled sessions, verification steps): today unless a period is asked. */
  todayByDefault?: true;
  /** The list as of now, within the period if one is given. */
  rows: (period: Period | null, limit: number) => Promise<Record<string, Cell>[]>;
};

export const BOARD_LISTS = ['sessions-open', 'tellers', 'approvals', 'exceptions', 'complaints', 'rectifications', 'handled', 'verifications'] as const;
export type BoardListKey = (typeof BOARD_LISTS)[number];

const local = (column: SQL) => sql`to_char(${column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS')`;

async function rows(query: SQL): Promise<Record<string, Cell>[]> {
  return (await db.execute(query)) as unknown as Record<string, Cell>[];
}

/** `column` within the period's instants, or no condition without a period. */
function within(column: SQL, period: Period | null): SQL {
  if (!period) return sql`true`;
  const { start, end } = periodBounds(period);
  return sql`${column} >= ${start}::timestamptz AND ${column} < ${end}::timestamptz`;
}

const LISTS: Record<BoardListKey, Omit<BoardList, 'key'>> = {
  'sessions-open': {
    columns: [{ key: 'startedAt' }, { key: 'teller' }, { key: 'channel', values: 'live.channels' }, { key: 'minutes', numeric: true }],
    periodic: true,
    rows: (period, limit) =>
      rows(sql`
        SELECT ${local(sql`s.started_at`)} AS "startedAt", t.display_name AS teller, s.channel::text AS channel, floor(extract(epoch FROM now() - s.started_at) / 60)::int AS minutes
        FROM service_sessions s JOIN staff t ON t.id = s.teller_id
        WHERE s.status = 'open' AND ${within(sql`s.started_at`, period)} ORDER BY s.started_at LIMIT ${limit}`),
  },
  tellers: {
    columns: [{ key: 'teller' }, { key: 'team' }, { key: 'state', values: 'board.tellerStates' }, { key: 'openSessions', numeric: true }],
    periodic: false,
    rows: (_period, limit) =>
      rows(sql`
        WITH on_floor AS (
          SELECT ss.staff_id AS id FROM staff_sessions ss
          WHERE ss.ended_at IS NULL AND ss.last_seen_at > now() - make_interval(secs => ${IDLE_TIMEOUT_MS / 1000}) AND ss.created_at > now() - make_interval(secs => ${ABSOLUTE_SESSION_MS / 1000})
          UNION SELECT teller_id FROM service_sessions WHERE status = 'open'
        )
        SELECT t.display_name AS teller, tm.name AS team, CASE WHEN o.n > 0 THEN 'busy' ELSE 'idle' END AS state, coalesce(o.n, 0) AS "openSessions"
        FROM staff t LEFT JOIN teams tm ON tm.id = t.team_id
        LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM service_sessions s WHERE s.teller_id = t.id AND s.status = 'open') o ON true
        WHERE t.id IN (SELECT id FROM on_floor) AND t.role = 'teller' AND (o.n > 0 OR t.active) ORDER BY o.n DESC, t.display_name LIMIT ${limit}`),
  },
  approvals: {
    columns: [{ key: 'submittedAt' }, { key: 'type', values: 'cases.types' }, { key: 'maker' }, { key: 'level', numeric: true }, { key: 'slaDueAt' }, { key: 'slaState', values: 'board.slaStates' }, { key: 'waitingMinutes', numeric: true }, { key: 'claimedBy' }],
    periodic: true,
    rows: (period, limit) =>
      rows(sql`
        SELECT ${local(sql`c.submitted_at`)} AS "submittedAt", c.type, m.display_name AS maker, c.required_level::int AS level, ${local(sql`c.sla_due_at`)} AS "slaDueAt",
          CASE WHEN c.sla_due_at < now() THEN 'overdue' WHEN c.sla_due_at < now() + make_interval(mins => ${DUE_SOON_MINUTES}) THEN 'dueSoon' ELSE 'onTime' END AS "slaState",
          floor(extract(epoch FROM now() - c.submitted_at) / 60)::int AS "waitingMinutes", k.display_name AS "claimedBy"
        FROM cases c JOIN staff m ON m.id = c.maker_id LEFT JOIN staff k ON k.id = c.claimed_by
        WHERE c.state = 'pending_approval' AND ${within(sql`c.submitted_at`, period)} ORDER BY c.sla_due_at, c.id LIMIT ${limit}`),
  },
  exceptions: {
    columns: [{ key: 'raisedAt' }, { key: 'step', values: 'approvals.steps' }, { key: 'customerIdMasked' }, { key: 'teller' }, { key: 'lockedUntil' }],
    periodic: true,
    rows: (period, limit) =>
      rows(sql`
        SELECT ${local(sql`l.raised_at`)} AS "raisedAt", l.step::text AS step, '**************' || c.id_number_last4 AS "customerIdMasked", t.display_name AS teller,
          CASE WHEN l.locked_until = 'infinity' THEN NULL ELSE ${local(sql`l.locked_until`)} END AS "lockedUntil"
        FROM verification_locks l JOIN customers c ON c.id = l.customer_id JOIN service_sessions s ON s.id = l.session_id JOIN staff t ON t.id = s.teller_id
        WHERE l.status = 'open' AND ${within(sql`l.raised_at`, period)} ORDER BY l.raised_at LIMIT ${limit}`),
  },
  complaints: {
    columns: [{ key: 'ref' }, { key: 'due', values: 'board.complaintDue' }, { key: 'category', values: 'complaints.categories' }, { key: 'severity', values: 'complaints.severities' }, { key: 'state', values: 'complaints.states' }, { key: 'receivedAt' }, { key: 'acknowledgeBy' }, { key: 'resolveBy' }, { key: 'handler' }],
    periodic: true,
    rows: (period, limit) =>
      rows(sql`
        SELECT c.ref, CASE WHEN c.resolve_by < now() THEN 'overdue' WHEN c.resolve_by < ${today().end}::timestamptz THEN 'dueToday' ELSE 'unacknowledged' END AS due,
          c.category, c.severity, c.state, ${local(sql`c.received_at`)} AS "receivedAt", ${local(sql`c.acknowledge_by`)} AS "acknowledgeBy", ${local(sql`c.resolve_by`)} AS "resolveBy", h.display_name AS handler
        FROM complaints c LEFT JOIN staff h ON h.id = c.handler_id
        WHERE c.state IN ('accepted', 'investigating') AND (c.resolve_by < ${today().end}::timestamptz OR (c.state = 'accepted' AND c.acknowledged_at IS NULL AND c.acknowledge_by < now()))
          AND ${within(sql`c.received_at`, period)}
        ORDER BY c.resolve_by, c.id LIMIT ${limit}`),
  },
  rectifications: {
    columns: [{ key: 'dueDate' }, { key: 'teller' }, { key: 'item' }, { key: 'severity', values: 'quality.severity' }, { key: 'status', values: 'quality.rectificationStatus' }, { key: 'daysOverdue', numeric: true }],
    periodic: true,
    rows: (period, limit) =>
      rows(sql`
        SELECT r.due_date AS "dueDate", t.display_name AS teller, f.item_key AS item, f.severity, r.status, (${today().date}::date - r.due_date::date)::int AS "daysOverdue"
        FROM rectifications r JOIN qc_findings f ON f.id = r.finding_id JOIN staff t ON t.id = r.teller_id
        WHERE r.status IN ('open', 'reopened') AND r.due_date < ${today().date} ${period ? sql`AND r.due_date BETWEEN ${period.from} AND ${period.to}` : sql``}
        ORDER BY r.due_date, r.id LIMIT ${limit}`),
  },
  handled: {
    columns: [{ key: 'endedAt' }, { key: 'startedAt' }, { key: 'teller' }, { key: 'channel', values: 'live.channels' }, { key: 'handleSeconds', numeric: true }, { key: 'outcome', values: 'teller.outcomes' }, { key: 'satisfaction', numeric: true }],
    periodic: true,
    todayByDefault: true,
    rows: (period, limit) =>
      rows(sql`
        SELECT ${local(sql`s.ended_at`)} AS "endedAt", ${local(sql`s.started_at`)} AS "startedAt", t.display_name AS teller, s.channel::text AS channel,
          round(extract(epoch FROM s.ended_at - s.started_at))::int AS "handleSeconds", s.outcome::text AS outcome, s.satisfaction::int AS satisfaction
        FROM service_sessions s JOIN staff t ON t.id = s.teller_id
        WHERE s.status = 'ended' AND ${within(sql`s.ended_at`, period)} ORDER BY s.ended_at, s.id LIMIT ${limit}`),
  },
  verifications: {
    columns: [{ key: 'at' }, { key: 'step', values: 'approvals.steps' }, { key: 'result', values: 'board.results' }, { key: 'teller' }, { key: 'customerIdMasked' }],
    periodic: true,
    todayByDefault: true,
    rows: (period, limit) => {
      // The period's sessions: those still open and those ended since it began (each verification is in one of them).
      const since = period ? sql`s.ended_at >= ${periodBounds(period).start}::timestamptz` : sql`true`;
      return rows(sql`
        SELECT ${local(sql`v.created_at`)} AS at, v.kind::text AS step, v.result::text AS result, t.display_name AS teller, '**************' || c.id_number_last4 AS "customerIdMasked"
        FROM service_sessions s JOIN verifications v ON v.session_id = s.id JOIN staff t ON t.id = v.performed_by JOIN customers c ON c.id = v.customer_id
        WHERE (s.status = 'open' OR (s.status = 'ended' AND ${since})) AND ${within(sql`v.created_at`, period)}
        ORDER BY v.created_at, v.id LIMIT ${limit}`);
    },
  },
};

export function boardList(key: string): BoardList | undefined {
  return (BOARD_LISTS as readonly string[]).includes(key) ? { key: key as BoardListKey, ...LISTS[key as BoardListKey] } : undefined;
}

/**
 * The period a list is shown or exported for: the one asked (Beijing dates, a list a period narrows), else today for a
 * list of the day's work, else none (everything open now).
 */
export function listPeriod(list: BoardList, from: string | null | undefined, to: string | null | undefined, day = today().date): Period | null {
  if (list.periodic && (from || to)) return parsePeriod(from, to, day, 1);
  return list.todayByDefault ? { from: day, to: day } : null;
}

/** The narrower list to offer when one is too large to export: the last day of a longer period, or today only. */
export function narrowerPeriod(list: BoardList, period: Period | null, day = today().date): Period | null {
  if (!list.periodic) return null;
  if (!period) return { from: day, to: day };
  return period.from < period.to ? { from: period.to, to: period.to } : null;
}
