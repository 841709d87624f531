/**
 * How far inspectors agree (质检校准). The statistic is Krippendorff's alpha for interval data: 1 is perfect agreement,
 * 0 is what chance alone gives, below 0 systematic disagreement. It allows a rater to miss a session.
 *
 *   alpha = 1 - Do / De
 *   Do = (1/n) Σ_units 1/(m_u - 1) Σ_{i≠j in u} (v_i - v_j)²   (observed disagreement within sessions)
 *   De = 1/(n(n - 1)) Σ_{i≠j over all pairable values} (v_i - v_j)²   (expected disagreement)
 *
 * where m_u is the number of scores of unit u and n the number of scores in units with at least two.
 */
export function krippendorffAlphaInterval(units: readonly (readonly (number | null)[])[]): number | null {
  const pairable = units.map((u) => u.filter((v): v is number => v !== null)).filter((u) => u.length >= 2);
  const all = pairable.flat();
  const n = all.length;
  if (n < 2) return null;
  let within = 0;
  for (const u of pairable) {
    let sum = 0;
    for (let i = 0; i < u.length; i++) for (let j = 0; j < u.length; j++) if (i !== j) sum += (u[i]! - u[j]!) ** 2;
    within += sum / (u.length - 1);
  }
  const observed = within / n;
  // Σ_{i≠j} (v_i - v_j)² = 2n Σ (v - mean)².
  const mean = all.reduce((s, v) => s + v, 0) / n;
  const expected = (2 * n * all.reduce((s, v) => s + (v - mean) ** 2, 0)) / (n * (n - 1));
  if (expected === 0) return observed === 0 ? 1 : null;
  return 1 - observed / expected;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Each inspector's mean absolute deviation from the session's median score, over the sessions they scored. */
export function deviationsFromMedian(scores: readonly { sessionId: string; inspectorId: string; score: number }[]): Map<string, number> {
  const bySession = new Map<string, number[]>();
  for (const s of scores) bySession.set(s.sessionId, [...(bySession.get(s.sessionId) ?? []), s.score]);
  const medians = new Map([...bySession].map(([id, v]) => [id, median(v)]));
  const sums = new Map<string, { total: number; count: number }>();
  for (const s of scores) {
    const d = sums.get(s.inspectorId) ?? { total: 0, count: 0 };
    d.total += Math.abs(s.score - medians.get(s.sessionId)!);
    d.count += 1;
    sums.set(s.inspectorId, d);
  }
  return new Map([...sums].map(([id, d]) => [id, d.total / d.count]));
}

/** Per item: the share of sessions (scored by at least two) on which every inspector gave the same rating. */
export function itemAgreement(ratings: readonly { sessionId: string; item: string; value: string | number }[]): Map<string, number> {
  const byItem = new Map<string, Map<string, Set<string>>>();
  for (const r of ratings) {
    const sessions = byItem.get(r.item) ?? new Map<string, Set<string>>();
    const values = sessions.get(r.sessionId) ?? new Set<string>();
    values.add(String(r.value));
    sessions.set(r.sessionId, values);
    byItem.set(r.item, sessions);
  }
  const counts = new Map<string, Map<string, number>>();
  for (const r of ratings) {
    const c = counts.get(r.item) ?? new Map<string, number>();
    c.set(r.sessionId, (c.get(r.sessionId) ?? 0) + 1);
    counts.set(r.item, c);
  }
  const out = new Map<string, number>();
  for (const [item, sessions] of byItem) {
    const rated = [...sessions].filter(([id]) => (counts.get(item)!.get(id) ?? 0) >= 2);
    if (rated.length === 0) continue;
    out.set(item, rated.filter(([, values]) => values.size === 1).length / rated.length);
  }
  return out;
}
