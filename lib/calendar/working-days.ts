import { z } from 'zod';

/**
 * Working days on the Beijing calendar (UTC+8 all year, no daylight saving). A day is a working day by the week
 * (Monday to Friday) unless the bank's calendar says otherwise: the State Council's public holidays (节假日, e.g. 国庆)
 * take weekdays off, and the make-up days of each holiday (调休) turn weekend days into working days. The calendar
 * is configuration (published once a year), so every function takes it; the default has no exceptions at all.
 *
 * Dates are Beijing calendar dates as YYYY-MM-DD strings; instants are Dates. Deadlines are instants at the very end
 * of a Beijing working day, so "within 15 working days" holds until 23:59:59.999 of the 15th.
 */
const DAY = 86_400_000;
const OFFSET = 8 * 3_600_000;

/** The exceptions to Monday–Friday: `holidays` are weekdays off, `workdays` are weekend days worked (调休). */
export type WorkingCalendar = { readonly holidays: ReadonlySet<string>; readonly workdays: ReadonlySet<string> };

/** Monday to Friday, no holidays, no make-up days: what callers get until a calendar is configured. */
export const PLAIN_WEEK: WorkingCalendar = { holidays: new Set(), workdays: new Set() };

/** The Beijing date of a moment, YYYY-MM-DD. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + OFFSET).toISOString().slice(0, 10);
}

/** The last moment of a Beijing date (23:59:59.999 that day, as an instant). */
export function endOfBeijingDay(date: string): Date {
  return new Date(dayStart(date) + DAY - 1 - OFFSET);
}

/** Midnight UTC of a date: a day number to step through the calendar with, whatever zone the server runs in. */
function dayStart(date: string): number {
  return new Date(`${date}T00:00:00Z`).getTime();
}

function isWeekend(date: string): boolean {
  const day = new Date(dayStart(date)).getUTCDay();
  return day === 0 || day === 6;
}

/**
 * Whether a Beijing date is worked. A holiday wins over a make-up day if a calendar (not parsed by
 * calendarEntrySchema, which refuses it) lists a date as both: counting a day too few only makes a deadline later.
 */
export function isWorkingDay(date: string, cal: WorkingCalendar = PLAIN_WEEK): boolean {
  if (cal.holidays.has(date)) return false;
  return cal.workdays.has(date) || !isWeekend(date);
}

/** The date `n` working days after the Beijing date of `from` (the day itself does not count; 0 gives that day). */
export function workingDaysAfter(from: Date, n: number, cal: WorkingCalendar = PLAIN_WEEK): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number >= 0: ${n}`);
  let t = dayStart(beijingDate(from));
  for (let left = n; left > 0; ) {
    t += DAY;
    if (isWorkingDay(new Date(t).toISOString().slice(0, 10), cal)) left--;
  }
  return new Date(t).toISOString().slice(0, 10);
}

/** The deadline `n` working days after `from`: the last moment of that Beijing day. */
export function addWorkingDays(from: Date, n: number, cal: WorkingCalendar = PLAIN_WEEK): Date {
  return endOfBeijingDay(workingDaysAfter(from, n, cal));
}

/**
 * Working days from the Beijing date of `from` to that of `to`, for a countdown: the working days in (from, to],
 * negative (the working days in (to, from]) when `to` is earlier, 0 on the same day. It inverts workingDaysAfter:
 * workingDaysBetween(d, addWorkingDays(d, n)) === n. A weekend after a Friday deadline counts 0, not -1: nothing
 * working has elapsed yet (whether a deadline has passed is a comparison of instants, not of this count).
 */
export function workingDaysBetween(from: Date, to: Date, cal: WorkingCalendar = PLAIN_WEEK): number {
  const a = dayStart(beijingDate(from));
  const b = dayStart(beijingDate(to));
  let count = 0;
  for (let t = Math.min(a, b) + DAY; t <= Math.max(a, b); t += DAY) if (isWorkingDay(new Date(t).toISOString().slice(0, 10), cal)) count++;
  // Never -0: Intl.NumberFormat (the countdown's display) prints it as "-0".
  return a <= b ? count : -count || 0;
}

/** A YYYY-MM-DD date that exists: 2026-02-30 rolls over in Date, and the round trip catches it. */
function isRealDate(d: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(dayStart(d)) && new Date(dayStart(d)).toISOString().startsWith(d);
}

/**
 * One configured day of the calendar. Each kind is only meaningful against the week it changes: a holiday on a
 * weekend or a make-up day on a weekday would be a typo that silently changes nothing, so both are refused.
 */
export const calendarEntrySchema = z
  .object({
    date: z.string({ message: 'errors.date' }).refine(isRealDate, 'errors.date'),
    kind: z.enum(['holiday', 'workday'], { message: 'errors.invalid' }),
    name: z.string().trim().min(1, 'errors.required').max(40, 'errors.tooLong'),
  })
  .superRefine((v, ctx) => {
    // Only a real date has a weekday; its own issue is already reported.
    if (!isRealDate(v.date)) return;
    if (v.kind === 'workday' && !isWeekend(v.date)) ctx.addIssue({ code: 'custom', path: ['date'], message: 'errors.calendar.workdayNotWeekend' });
    if (v.kind === 'holiday' && isWeekend(v.date)) ctx.addIssue({ code: 'custom', path: ['date'], message: 'errors.calendar.holidayOnWeekend' });
  });
export type CalendarEntry = z.infer<typeof calendarEntrySchema>;

/** The calendar from its configured entries (as read from the database or a form, already parsed). */
export function calendarOf(entries: readonly Pick<CalendarEntry, 'date' | 'kind'>[]): WorkingCalendar {
  return {
    holidays: new Set(entries.filter((e) => e.kind === 'holiday').map((e) => e.date)),
    workdays: new Set(entries.filter((e) => e.kind === 'workday').map((e) => e.date)),
  };
}
