/**
 * Working days on the Beijing calendar (UTC+8, no daylight saving): Monday to Friday, less any holidays given as
 * YYYY-MM-DD (the complaints work brings a configurable holiday calendar; until then none are configured).
 */
const DAY = 86_400_000;
const OFFSET = 8 * 3_600_000;

/** The Beijing date of a moment, YYYY-MM-DD. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + OFFSET).toISOString().slice(0, 10);
}

function isWorkingDay(date: string, holidays: ReadonlySet<string>): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6 && !holidays.has(date);
}

/** The date `n` working days after the Beijing date of `from` (the day itself does not count). */
export function workingDaysAfter(from: Date, n: number, holidays: ReadonlySet<string> = new Set()): string {
  let t = new Date(`${beijingDate(from)}T00:00:00Z`).getTime();
  let left = n;
  while (left > 0) {
    t += DAY;
    if (isWorkingDay(new Date(t).toISOString().slice(0, 10), holidays)) left--;
  }
  return new Date(t).toISOString().slice(0, 10);
}

/** The last moment of a Beijing date (23:59:59.999 that day, as an instant). */
export function endOfBeijingDay(date: string): Date {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + DAY - 1 - OFFSET);
}
