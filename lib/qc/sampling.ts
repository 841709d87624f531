import { createHash } from 'node:crypto';

/**
 * Drawing sessions for inspection (质检抽样) and sharing them among inspectors. Everything here is a pure function of
 * its input and a recorded seed, so a draw can be reproduced and audited: the same candidates, rules and seed give
 * the same sample and the same assignment.
 */

/** A deterministic generator (mulberry32) seeded from a text: the plan's recorded seed, plus what it draws for. */
export function seededRandom(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32BE(0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates with the seeded generator. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export type Candidate = { sessionId: string; tellerId: string; riskReasons: readonly string[] };
/** How many of a teller's sessions to draw: a percentage (rounded up) or a count. */
export type Rate = { kind: 'percent'; value: number } | { kind: 'count'; value: number };
export type Drawn = { sessionId: string; tellerId: string; reason: 'random' | 'risk'; riskReasons: readonly string[] };

/**
 * The sample of a period: every session a risk rule flags, and per teller a random draw of the rest at the teller's
 * rate (new tellers may have a higher one). Candidates are taken in session id order, so the input's order does not
 * change the draw.
 */
export function drawSample(candidates: readonly Candidate[], rateOf: (tellerId: string) => Rate, seed: string): Drawn[] {
  const sorted = [...candidates].sort((a, b) => (a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0));
  const out: Drawn[] = sorted.filter((c) => c.riskReasons.length > 0).map((c) => ({ sessionId: c.sessionId, tellerId: c.tellerId, reason: 'risk', riskReasons: c.riskReasons }));
  const byTeller = new Map<string, Candidate[]>();
  for (const c of sorted) byTeller.set(c.tellerId, [...(byTeller.get(c.tellerId) ?? []), c]);
  for (const tellerId of [...byTeller.keys()].sort()) {
    const all = byTeller.get(tellerId)!;
    const rate = rateOf(tellerId);
    const target = rate.kind === 'percent' ? Math.ceil((all.length * rate.value) / 100) : rate.value;
    const already = all.filter((c) => c.riskReasons.length > 0).length;
    const rest = all.filter((c) => c.riskReasons.length === 0);
    const take = Math.max(0, Math.min(rest.length, target - already));
    for (const c of shuffled(rest, seededRandom(`${seed}:${tellerId}`)).slice(0, take)) out.push({ sessionId: c.sessionId, tellerId, reason: 'random', riskReasons: [] });
  }
  return out;
}

/**
 * Shares the drawn sessions among inspectors as evenly as possible: each goes to the eligible inspector with the
 * fewest so far (their open load counted), ties broken by the seeded order; an inspector who took part in a session is
 * never eligible for it. A session nobody may inspect is left unassigned.
 */
export function assignEvenly(
  sessions: readonly { sessionId: string; participants: readonly string[] }[],
  inspectors: readonly { id: string; load: number }[],
  seed: string,
): { assignments: Map<string, string>; unassigned: string[] } {
  const order = shuffled([...inspectors].sort((a, b) => (a.id < b.id ? -1 : 1)), seededRandom(`${seed}:inspectors`));
  const load = new Map(order.map((i) => [i.id, i.load]));
  const assignments = new Map<string, string>();
  const unassigned: string[] = [];
  for (const s of [...sessions].sort((a, b) => (a.sessionId < b.sessionId ? -1 : 1))) {
    let best: string | undefined;
    for (const i of order) {
      if (s.participants.includes(i.id)) continue;
      if (best === undefined || load.get(i.id)! < load.get(best)!) best = i.id;
    }
    if (best === undefined) unassigned.push(s.sessionId);
    else {
      assignments.set(s.sessionId, best);
      load.set(best, load.get(best)! + 1);
    }
  }
  return { assignments, unassigned };
}
