import { describe, expect, it } from 'vitest';
import { assignEvenly, drawSample, seededRandom, type Candidate } from './sampling';

const sessions = (teller: string, n: number, risky: number[] = []): Candidate[] =>
  Array.from({ length: n }, (_, i) => ({ sessionId: `${teller}-${String(i).padStart(3, '0')}`, tellerId: teller, riskReasons: risky.includes(i) ? ['failed_verification'] : [] }));

describe('seeded sampling', () => {
  const candidates = [...sessions('t1', 40, [3]), ...sessions('t2', 20), ...sessions('t3', 5)];
  const rate = () => ({ kind: 'percent' as const, value: 10 });

  it('the same seed draws the same sample, whatever the order of the input', () => {
    const a = drawSample(candidates, rate, 'plan-2026-11-w48');
    const b = drawSample([...candidates].reverse(), rate, 'plan-2026-11-w48');
    expect(b).toEqual(a);
    expect(drawSample(candidates, rate, 'another seed').map((d) => d.sessionId)).not.toEqual(a.map((d) => d.sessionId));
  });

  it('draws each teller at their rate (rounded up), always including the risky sessions', () => {
    const drawn = drawSample(candidates, (t) => (t === 't3' ? { kind: 'count', value: 3 } : { kind: 'percent', value: 10 }), 'seed');
    const per = (t: string) => drawn.filter((d) => d.tellerId === t);
    expect(per('t1')).toHaveLength(4);
    expect(per('t1').filter((d) => d.reason === 'risk').map((d) => d.sessionId)).toEqual(['t1-003']);
    expect(per('t2')).toHaveLength(2);
    expect(per('t3')).toHaveLength(3);
    expect(new Set(drawn.map((d) => d.sessionId)).size).toBe(drawn.length);
  });

  it('risky sessions are drawn even above the rate', () => {
    const drawn = drawSample(sessions('t1', 10, [0, 1, 2]), () => ({ kind: 'percent', value: 10 }), 'seed');
    expect(drawn.map((d) => d.reason)).toEqual(['risk', 'risk', 'risk']);
  });

  it('the generator is reproducible and spreads over [0, 1)', () => {
    const a = seededRandom('x');
    const b = seededRandom('x');
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.filter((x) => x < 0.5).length).toBeGreaterThan(400);
  });
});

describe('assignment', () => {
  it('spreads evenly, counting open load, and never gives an inspector a session they took part in', () => {
    const drawn = Array.from({ length: 9 }, (_, i) => ({ sessionId: `s${i}`, participants: i === 0 ? ['q1', 'q2'] : i < 4 ? ['q1'] : [] }));
    const { assignments, unassigned } = assignEvenly(drawn, [{ id: 'q1', load: 0 }, { id: 'q2', load: 2 }, { id: 'q3', load: 0 }], 'seed');
    expect(unassigned).toEqual([]);
    expect(assignments.get('s0')).toBe('q3');
    for (const s of ['s1', 's2', 's3']) expect(assignments.get(s)).not.toBe('q1');
    const count = (q: string) => [...assignments.values()].filter((v) => v === q).length;
    // 9 sessions + 2 already open = 11: as even as possible is 4/4/3 counting load, i.e. q2 gets 2 new ones.
    expect([count('q1') + 0, count('q2') + 2, count('q3') + 0].sort()).toEqual([3, 4, 4]);
    expect(assignEvenly(drawn, [{ id: 'q1', load: 0 }, { id: 'q2', load: 2 }, { id: 'q3', load: 0 }], 'seed').assignments).toEqual(assignments);
  });

  it('leaves unassigned a session nobody may inspect', () => {
    expect(assignEvenly([{ sessionId: 's', participants: ['q1'] }], [{ id: 'q1', load: 0 }], 'seed')).toEqual({ assignments: new Map(), unassigned: ['s'] });
  });
});
