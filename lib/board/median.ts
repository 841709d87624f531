/** percentile_cont(0.5) over a multiset given as value → count, rounded to a whole number (halves up); null when empty. */
export function medianOf(counts: Map<number, number>): number | null {
  const values = [...counts].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = values.reduce((n, [, c]) => n + c, 0);
  if (!total) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [value, n] of values) if ((seen += n) > rank) return value;
    return values.at(-1)![0];
  };
  const position = (total - 1) / 2;
  const [lower, upper] = [at(Math.floor(position)), at(Math.ceil(position))];
  return Math.round(lower + (upper - lower) * (position - Math.floor(position)));
}
