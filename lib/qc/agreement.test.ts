import { describe, expect, it } from 'vitest';
import { deviationsFromMedian, itemAgreement, krippendorffAlphaInterval, median } from './agreement';

describe("Krippendorff's alpha (interval)", () => {
  it('matches a hand-computed example', () => {
    // Three inspectors, three sessions. Within each session the scores differ by 10, 5 and 5:
    // Σ_{i≠j} = 2(100 + 25 + 25) = 300, over m - 1 = 2 → 150 per session; Do = 450 / 9 = 50.
    // All nine scores: mean 735/9, Σ(v - mean)² = 1550; Σ_{i≠j} = 2·9·1550 = 27900; De = 27900 / (9·8) = 387.5.
    // alpha = 1 - 50 / 387.5 = 0.870967...
    const alpha = krippendorffAlphaInterval([
      [80, 90, 85],
      [60, 70, 65],
      [100, 90, 95],
    ]);
    expect(alpha).toBeCloseTo(1 - 50 / 387.5, 10);
    expect(alpha).toBeCloseTo(0.871, 3);
  });

  it('is 1 for perfect agreement, and handles a missing score', () => {
    expect(krippendorffAlphaInterval([[70, 70], [90, 90, null], [50, 50]])).toBe(1);
    // A session scored once says nothing about agreement: it is left out.
    expect(krippendorffAlphaInterval([[80, 90, 85], [60, 70, 65], [100, 90, 95], [40, null, null]])).toBeCloseTo(0.870967, 5);
    expect(krippendorffAlphaInterval([[80]])).toBeNull();
  });

  it('goes below 0 when inspectors disagree systematically', () => {
    expect(krippendorffAlphaInterval([[0, 100], [100, 0]])!).toBeLessThan(0);
  });
});

describe('deviation from the median and item agreement', () => {
  it('gives each inspector their mean absolute deviation from the session median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const d = deviationsFromMedian([
      { sessionId: 's1', inspectorId: 'a', score: 80 },
      { sessionId: 's1', inspectorId: 'b', score: 90 },
      { sessionId: 's1', inspectorId: 'c', score: 85 },
      { sessionId: 's2', inspectorId: 'a', score: 60 },
      { sessionId: 's2', inspectorId: 'b', score: 70 },
      { sessionId: 's2', inspectorId: 'c', score: 70 },
    ]);
    expect(Object.fromEntries(d)).toEqual({ a: (5 + 10) / 2, b: (5 + 0) / 2, c: 0 });
  });

  it('gives per item the share of sessions rated the same by everyone', () => {
    const a = itemAgreement([
      { sessionId: 's1', item: 'greeting', value: 'yes' },
      { sessionId: 's1', item: 'greeting', value: 'yes' },
      { sessionId: 's2', item: 'greeting', value: 'yes' },
      { sessionId: 's2', item: 'greeting', value: 'no' },
      { sessionId: 's1', item: 'attitude', value: 3 },
      { sessionId: 's1', item: 'attitude', value: 3 },
    ]);
    expect(Object.fromEntries(a)).toEqual({ greeting: 0.5, attitude: 1 });
  });
});
