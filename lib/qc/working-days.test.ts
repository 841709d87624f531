import { describe, expect, it } from 'vitest';
import { beijingDate, endOfBeijingDay, workingDaysAfter } from './working-days';

describe('working days (Beijing calendar)', () => {
  it('counts Monday to Friday after the day itself', () => {
    // Tuesday 2026-11-24, 10:00 Beijing → five working days later is Tuesday 2026-12-01.
    expect(workingDaysAfter(new Date('2026-11-24T02:00:00Z'), 5)).toBe('2026-12-01');
    // From a Friday: Monday is the first working day after it.
    expect(workingDaysAfter(new Date('2026-11-27T02:00:00Z'), 1)).toBe('2026-11-30');
    // A Saturday counts from the Monday after it.
    expect(workingDaysAfter(new Date('2026-11-28T02:00:00Z'), 1)).toBe('2026-11-30');
  });

  it('uses the Beijing date, not the UTC one', () => {
    // 2026-11-27 17:00 UTC is already Saturday 01:00 in Beijing.
    expect(beijingDate(new Date('2026-11-27T17:00:00Z'))).toBe('2026-11-28');
    expect(workingDaysAfter(new Date('2026-11-27T17:00:00Z'), 1)).toBe('2026-11-30');
  });

  it('skips the holidays given', () => {
    expect(workingDaysAfter(new Date('2026-09-30T02:00:00Z'), 1, new Set(['2026-10-01', '2026-10-02']))).toBe('2026-10-05');
  });

  it('ends a Beijing day at 23:59:59.999 local time', () => {
    expect(endOfBeijingDay('2026-12-01').toISOString()).toBe('2026-12-01T15:59:59.999Z');
  });
});
