/**
 * The board's periods: Beijing calendar dates from and to (both included), the last 7 days unless chosen, at most
 * MAX_PERIOD_DAYS long so every chart and list query stays bounded.
 */

export const MAX_PERIOD_DAYS = 92;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY = 86_400_000;

export type Period = { from: string; to: string };

export function addDays(date: string, n: number): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + n * DAY).toISOString().slice(0, 10);
}

const isDate = (s: string | null | undefined): s is string => !!s && DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** The period asked for, or the last `days` days to `today`; a reversed period is turned round, a long one shortened from its start. */
export function parsePeriod(from: string | null | undefined, to: string | null | undefined, today: string, days = 7): Period {
  if (!isDate(from) || !isDate(to)) return { from: addDays(today, 1 - days), to: today };
  const [a, b] = from <= to ? [from, to] : [to, from];
  return { from: a < addDays(b, 1 - MAX_PERIOD_DAYS) ? addDays(b, 1 - MAX_PERIOD_DAYS) : a, to: b };
}

/** The instants a period covers: from its first Beijing midnight to the one after its last day. */
export function periodBounds(p: Period): { start: string; end: string } {
  const at = (date: string) => new Date(new Date(`${date}T00:00:00Z`).getTime() - 8 * 3_600_000).toISOString();
  return { start: at(p.from), end: at(addDays(p.to, 1)) };
}

/** The days of a period, in order. */
export function daysOf(p: Period): string[] {
  const out: string[] = [];
  for (let d = p.from; d <= p.to; d = addDays(d, 1)) out.push(d);
  return out;
}
