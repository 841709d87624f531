import { describe, expect, it } from 'vitest';
import { computeScore, SCORECARD, type Ratings } from './scorecard';

const all = (value: boolean): Ratings => Object.fromEntries(SCORECARD.items.map((i) => [i.key, value])) as Ratings;

describe('computeScore', () => {
  it('weights add up to 100 and keys are unique', () => {
    expect(SCORECARD.items.reduce((s, i) => s + i.weight, 0)).toBe(100);
    expect(new Set(SCORECARD.items.map((i) => i.key)).size).toBe(SCORECARD.items.length);
  });

  it('gives 100 when every item is met and 0 when none is', () => {
    expect(computeScore(all(true))).toBe(100);
    expect(computeScore(all(false))).toBe(0);
  });

  it.each(SCORECARD.items.map((i) => [i.key, i.weight] as const))('counts %s for exactly its weight %i', (key, weight) => {
    expect(computeScore({ ...all(false), [key]: true })).toBe(weight);
    expect(computeScore({ ...all(true), [key]: false })).toBe(100 - weight);
  });

  it('adds the weights of the items met', () => {
    expect(computeScore({ greeting: true, verification: true, accuracy: false, closing: true })).toBe(70);
    expect(computeScore({ greeting: false, verification: true, accuracy: true, closing: false })).toBe(65);
  });
});
