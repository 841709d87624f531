import { describe, expect, it } from 'vitest';
import { medianOf } from './median';

const of = (...values: number[]) => {
  const m = new Map<number, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
};

describe('the median of counted values (the board handle time over several days)', () => {
  it('is the middle value, or the two middle ones halved and rounded up', () => {
    expect(medianOf(of(5, 1, 9))).toBe(5);
    expect(medianOf(of(1, 2, 3, 10))).toBe(3);
    expect(medianOf(of(1, 2))).toBe(2);
    expect(medianOf(of(100, 100, 100, 7))).toBe(100);
  });

  it('adds the counts of several days before taking it (not a median of medians)', () => {
    const days = [new Map([[10, 3]]), new Map([[20, 1], [30, 1]]), new Map([[40, 4]])];
    const merged = new Map<number, number>();
    for (const d of days) for (const [v, n] of d) merged.set(v, (merged.get(v) ?? 0) + n);
    // 10 10 10 20 30 40 40 40 40: the fifth of nine.
    expect(medianOf(merged)).toBe(30);
  });

  it('is null with nothing counted, and ignores zero counts', () => {
    expect(medianOf(new Map())).toBeNull();
    expect(medianOf(new Map([[7, 0], [9, 2]]))).toBe(9);
  });
});
