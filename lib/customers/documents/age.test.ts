import { describe, expect, it } from 'vitest';
import { ageOn, isElderly, isMinor } from './age';
import { chinaDate } from './dates';

/** Noon in Beijing on the given date, so the test does not depend on the machine's zone. */
const beijingNoon = (date: string) => new Date(`${date}T12:00:00+08:00`);

describe('ageOn', () => {
  it('counts whole years and turns on the birthday itself', () => {
    expect(ageOn('1990-06-15', beijingNoon('2025-06-14'))).toBe(34);
    expect(ageOn('1990-06-15', beijingNoon('2025-06-15'))).toBe(35);
    expect(ageOn('1990-06-15', beijingNoon('2025-12-31'))).toBe(35);
    expect(ageOn('1990-12-31', beijingNoon('2026-01-01'))).toBe(35);
  });

  it('is zero on the day of birth', () => {
    expect(ageOn('2025-06-01', beijingNoon('2025-06-01'))).toBe(0);
  });

  it('turns someone born on 29 February a year older on 1 March in a common year', () => {
    expect(ageOn('2004-02-29', beijingNoon('2005-02-28'))).toBe(0);
    expect(ageOn('2004-02-29', beijingNoon('2005-03-01'))).toBe(1);
    expect(ageOn('2004-02-29', beijingNoon('2022-02-28'))).toBe(17);
    expect(ageOn('2004-02-29', beijingNoon('2022-03-01'))).toBe(18);
    expect(ageOn('2004-02-29', beijingNoon('2024-02-29'))).toBe(20);
  });

  it('goes by the Beijing date, not the UTC one', () => {
    // 16:30 UTC on 14 June is 00:30 on 15 June in Beijing: the birthday has come.
    const justAfterMidnight = new Date('2025-06-14T16:30:00Z');
    expect(chinaDate(justAfterMidnight)).toBe('2025-06-15');
    expect(ageOn('1990-06-15', justAfterMidnight)).toBe(35);
    expect(ageOn('1990-06-15', new Date('2025-06-14T15:59:59Z'))).toBe(34);
  });

  it('refuses a malformed or impossible birth date', () => {
    expect(() => ageOn('1990-02-30')).toThrow(RangeError);
    expect(() => ageOn('19900215')).toThrow(RangeError);
    expect(() => ageOn('')).toThrow(RangeError);
  });
});

describe('isMinor and isElderly', () => {
  it('is a minor until the 18th birthday', () => {
    expect(isMinor('2007-06-15', beijingNoon('2025-06-14'))).toBe(true);
    expect(isMinor('2007-06-15', beijingNoon('2025-06-15'))).toBe(false);
    expect(isMinor('2008-02-29', beijingNoon('2026-02-28'))).toBe(true);
    expect(isMinor('2008-02-29', beijingNoon('2026-03-01'))).toBe(false);
  });

  it('is elderly from the threshold birthday, 65 unless told', () => {
    expect(isElderly('1960-06-15', undefined, beijingNoon('2025-06-14'))).toBe(false);
    expect(isElderly('1960-06-15', undefined, beijingNoon('2025-06-15'))).toBe(true);
    expect(isElderly('1955-06-15', 70, beijingNoon('2025-06-14'))).toBe(false);
    expect(isElderly('1955-06-15', 70, beijingNoon('2025-06-15'))).toBe(true);
  });
});
