import { describe, expect, it } from 'vitest';
import { addDays, daysOf, MAX_PERIOD_DAYS, parsePeriod, periodBounds } from './period';

describe('board periods', () => {
  it('default to the last 7 days, today included', () => {
    expect(parsePeriod(null, undefined, '2026-03-02')).toEqual({ from: '2026-02-24', to: '2026-03-02' });
    expect(parsePeriod('2026-02-30', '2026-03-01', '2026-03-02')).toEqual({ from: '2026-02-24', to: '2026-03-02' });
    expect(parsePeriod('x', '2026-03-01', '2026-03-02', 1)).toEqual({ from: '2026-03-02', to: '2026-03-02' });
  });

  it('turn a reversed period round and shorten a long one from its start', () => {
    expect(parsePeriod('2026-03-05', '2026-03-01', '2026-03-31')).toEqual({ from: '2026-03-01', to: '2026-03-05' });
    const long = parsePeriod('2025-01-01', '2026-03-31', '2026-03-31');
    expect(long.to).toBe('2026-03-31');
    expect(daysOf(long)).toHaveLength(MAX_PERIOD_DAYS);
  });

  it('cover Beijing days: from midnight of the first to midnight after the last', () => {
    expect(periodBounds({ from: '2026-03-01', to: '2026-03-01' })).toEqual({ start: '2026-02-28T16:00:00.000Z', end: '2026-03-01T16:00:00.000Z' });
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysOf({ from: '2026-02-27', to: '2026-03-01' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });
});
