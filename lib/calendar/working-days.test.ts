import { describe, expect, it } from 'vitest';
import {
  PLAIN_WEEK,
  addWorkingDays,
  beijingDate,
  calendarEntrySchema,
  calendarOf,
  endOfBeijingDay,
  isWorkingDay,
  workingDaysAfter,
  workingDaysBetween,
} from './working-days';

/**
 * National Day 2026 (国庆): Thursday 1 to Wednesday 7 October off, made up on Sunday 27 September and Saturday
 * 10 October. Built through the schema, so the fixture is a calendar the bank could actually configure: Saturday 3 and
 * Sunday 4 are off anyway and are not listed as holidays.
 */
const NATIONAL_DAY = calendarOf(
  [
    { date: '2026-09-27', kind: 'workday', name: '国庆调休' },
    ...['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'].map((date) => ({ date, kind: 'holiday', name: '国庆节' })),
    { date: '2026-10-10', kind: 'workday', name: '国庆调休' },
  ].map((e) => calendarEntrySchema.parse(e)),
);

/** 10:00 in Beijing on a date. */
const at10 = (date: string) => new Date(`${date}T02:00:00Z`);

describe('working days (Beijing calendar)', () => {
  it('counts Monday to Friday after the day itself', () => {
    // Tuesday 2026-11-24, 10:00 Beijing → five working days later is Tuesday 2026-12-01.
    expect(workingDaysAfter(at10('2026-11-24'), 5)).toBe('2026-12-01');
    // From a Friday: Monday is the first working day after it.
    expect(workingDaysAfter(at10('2026-11-27'), 1)).toBe('2026-11-30');
    // A Saturday counts from the Monday after it.
    expect(workingDaysAfter(at10('2026-11-28'), 1)).toBe('2026-11-30');
    // Zero is the day itself, working or not.
    expect(workingDaysAfter(at10('2026-11-28'), 0)).toBe('2026-11-28');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => workingDaysAfter(at10('2026-11-24'), -1)).toThrow(RangeError);
    expect(() => workingDaysAfter(at10('2026-11-24'), 1.5)).toThrow(RangeError);
  });

  it('uses the Beijing date, not the UTC one', () => {
    // 2026-11-27 17:00 UTC is already Saturday 01:00 in Beijing.
    expect(beijingDate(new Date('2026-11-27T17:00:00Z'))).toBe('2026-11-28');
    expect(workingDaysAfter(new Date('2026-11-27T17:00:00Z'), 1)).toBe('2026-11-30');
  });

  it('ends a Beijing day at 23:59:59.999 local time', () => {
    expect(endOfBeijingDay('2026-12-01').toISOString()).toBe('2026-12-01T15:59:59.999Z');
  });

  it('the plain week has no exceptions and is the default', () => {
    expect(PLAIN_WEEK.holidays.size + PLAIN_WEEK.workdays.size).toBe(0);
    expect(isWorkingDay('2026-10-01')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(false);
  });
});

describe('isWorkingDay with a holiday calendar', () => {
  it('weekends are off, weekdays worked', () => {
    expect(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'].every((d) => isWorkingDay(d, NATIONAL_DAY))).toBe(true);
    expect(isWorkingDay('2026-11-28', NATIONAL_DAY)).toBe(false);
    expect(isWorkingDay('2026-11-29', NATIONAL_DAY)).toBe(false);
  });

  it('the whole National Day week is off, the make-up weekend days are worked', () => {
    for (let d = 1; d <= 7; d++) expect(isWorkingDay(`2026-10-0${d}`, NATIONAL_DAY)).toBe(false);
    expect(isWorkingDay('2026-09-27', NATIONAL_DAY)).toBe(true);
    expect(isWorkingDay('2026-10-10', NATIONAL_DAY)).toBe(true);
    // The weekends around it that are not make-up days stay off.
    expect(isWorkingDay('2026-09-26', NATIONAL_DAY)).toBe(false);
    expect(isWorkingDay('2026-10-11', NATIONAL_DAY)).toBe(false);
  });

  it('a date listed as both holiday and workday is off', () => {
    expect(isWorkingDay('2026-10-10', { holidays: new Set(['2026-10-10']), workdays: new Set(['2026-10-10']) })).toBe(false);
  });
});

describe('addWorkingDays and workingDaysAfter across National Day', () => {
  it('the day before the holiday: the next working day is Thursday 8 October', () => {
    expect(workingDaysAfter(at10('2026-09-30'), 1, NATIONAL_DAY)).toBe('2026-10-08');
    expect(addWorkingDays(at10('2026-09-30'), 1, NATIONAL_DAY).toISOString()).toBe('2026-10-08T15:59:59.999Z');
    // Without the calendar it would have been Thursday 1 October.
    expect(workingDaysAfter(at10('2026-09-30'), 1)).toBe('2026-10-01');
  });

  it('make-up days count: Saturday 26 September → Sunday 27; Friday 9 October → Saturday 10', () => {
    expect(workingDaysAfter(at10('2026-09-26'), 1, NATIONAL_DAY)).toBe('2026-09-27');
    expect(workingDaysAfter(at10('2026-10-09'), 1, NATIONAL_DAY)).toBe('2026-10-10');
  });

  it('fifteen working days from Friday 25 September', () => {
    // 27, 28, 29, 30 Sep, 8, 9, 10, 12, 13, 14, 15, 16, 19, 20, 21 Oct.
    expect(workingDaysAfter(at10('2026-09-25'), 15, NATIONAL_DAY)).toBe('2026-10-21');
    expect(workingDaysAfter(at10('2026-09-25'), 15)).toBe('2026-10-16');
  });

  it('a moment just after Beijing midnight belongs to the next day', () => {
    // 2026-11-23T16:30Z is Tuesday 24 November 00:30 in Beijing; a moment before midnight is still Monday 23.
    expect(beijingDate(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24');
    expect(addWorkingDays(new Date('2026-11-23T16:30:00Z'), 1).toISOString()).toBe('2026-11-25T15:59:59.999Z');
    expect(addWorkingDays(new Date('2026-11-23T15:59:59.999Z'), 1).toISOString()).toBe('2026-11-24T15:59:59.999Z');
    expect(addWorkingDays(new Date('2026-11-23T16:00:00.000Z'), 1).toISOString()).toBe('2026-11-25T15:59:59.999Z');
  });
});

describe('workingDaysBetween (the countdown)', () => {
  it('is 0 on the same Beijing day, whatever the hour', () => {
    expect(workingDaysBetween(new Date('2026-11-23T16:00:00Z'), new Date('2026-11-24T15:59:59.999Z'))).toBe(0);
  });

  it('counts the working days remaining, and negative once past', () => {
    expect(workingDaysBetween(at10('2026-11-24'), at10('2026-12-01'))).toBe(5);
    expect(workingDaysBetween(at10('2026-12-01'), at10('2026-11-24'))).toBe(-5);
    // Past a Friday deadline: the weekend has not used a working day, the Monday has.
    expect(workingDaysBetween(at10('2026-11-28'), endOfBeijingDay('2026-11-27'))).toBe(0);
    expect(workingDaysBetween(at10('2026-11-30'), endOfBeijingDay('2026-11-27'))).toBe(-1);
  });

  it('crosses the Beijing midnight by the local date', () => {
    // Monday 23:59:59.999 to Tuesday 00:30: one working day, though only 30 minutes.
    expect(workingDaysBetween(new Date('2026-11-23T15:59:59.999Z'), new Date('2026-11-23T16:30:00Z'))).toBe(1);
  });

  it('skips the holidays and counts the make-up days', () => {
    expect(workingDaysBetween(at10('2026-09-30'), at10('2026-10-08'), NATIONAL_DAY)).toBe(1);
    expect(workingDaysBetween(at10('2026-09-25'), at10('2026-10-12'), NATIONAL_DAY)).toBe(8);
    expect(workingDaysBetween(at10('2026-10-12'), at10('2026-09-25'), NATIONAL_DAY)).toBe(-8);
  });

  it('inverts addWorkingDays', () => {
    for (const from of ['2026-09-25', '2026-09-26', '2026-09-30', '2026-10-03', '2026-10-09', '2026-11-27'])
      for (const n of [0, 1, 2, 5, 15]) expect(workingDaysBetween(at10(from), addWorkingDays(at10(from), n, NATIONAL_DAY), NATIONAL_DAY)).toBe(n);
  });
});

describe('calendarEntrySchema', () => {
  const issues = (input: unknown) => {
    const r = calendarEntrySchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
  };

  it('accepts a weekday holiday and a weekend make-up day, trimming the name', () => {
    expect(calendarEntrySchema.parse({ date: '2026-10-01', kind: 'holiday', name: ' 国庆节 ' })).toEqual({ date: '2026-10-01', kind: 'holiday', name: '国庆节' });
    expect(issues({ date: '2026-09-27', kind: 'workday', name: '国庆调休' })).toEqual([]);
  });

  it('refuses a make-up day on a weekday and a holiday on a weekend', () => {
    expect(issues({ date: '2026-10-09', kind: 'workday', name: '调休' })).toEqual(['date:errors.calendar.workdayNotWeekend']);
    expect(issues({ date: '2026-10-03', kind: 'holiday', name: '国庆节' })).toEqual(['date:errors.calendar.holidayOnWeekend']);
  });

  it('refuses a malformed or non-existent date', () => {
    for (const date of ['2026-2-03', '2026/10/01', '2026-02-30', '2026-13-01', '', 20261001]) expect(issues({ date, kind: 'holiday', name: 'x' })).toEqual(['date:errors.date']);
  });

  it('refuses an unknown kind and an empty or over-long name', () => {
    expect(issues({ date: '2026-10-01', kind: 'festival', name: 'x' })).toEqual(['kind:errors.invalid']);
    expect(issues({ date: '2026-10-01', kind: 'holiday', name: '  ' })).toEqual(['name:errors.required']);
    expect(issues({ date: '2026-10-01', kind: 'holiday', name: '节'.repeat(41) })).toEqual(['name:errors.tooLong']);
    expect(issues({ date: '2026-10-01', kind: 'holiday', name: '节'.repeat(40) })).toEqual([]);
  });

  it('calendarOf sorts entries into holidays and make-up days', () => {
    expect([...NATIONAL_DAY.holidays].sort()).toEqual(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']);
    expect([...NATIONAL_DAY.workdays].sort()).toEqual(['2026-09-27', '2026-10-10']);
  });
});
