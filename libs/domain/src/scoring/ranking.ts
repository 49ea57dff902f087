/**
 * A position in a ranking.
 * - `competition`: standard competition ranking ("1224"): one plus the number of entries strictly better, so tied
 *   entries share the best rank and the next rank is skipped. This is the rank to publish.
 * - `ordinal`: a permutation 1 … n, ties broken by code ascending (`compareCodes`). Used where a list needs a strict
 *   order (tables, pagination), never to favour one tied insurer over another.
 */
export interface Rank {
  readonly competition: number;
  readonly ordinal: number;
  /** Number of entries ranked (n). */
  readonly outOf: number;
}

/**
 * Orders insurer and prefecture codes by UTF-16 code units, ascending. `localeCompare` is avoided on purpose: its
 * order depends on the runtime's ICU data, and an auditor's replay must rank the same on any machine.
 */
export function compareCodes(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/**
 * Ranks items best first. `compareBetter(a, b)` is negative when `a` is better, zero when tied. The result does not
 * depend on the order of `items`: ties are resolved by code only for the ordinal. Codes must be unique.
 */
export function rankItems<T>(
  items: readonly T[],
  codeOf: (item: T) => string,
  compareBetter: (a: T, b: T) => number,
): Map<string, Rank> {
  const sorted = [...items].sort((a, b) => compareBetter(a, b) || compareCodes(codeOf(a), codeOf(b)));
  const ranks = new Map<string, Rank>();
  let competition = 0;
  sorted.forEach((item, index) => {
    if (index === 0 || compareBetter(sorted[index - 1], item) !== 0) competition = index + 1;
    const code = codeOf(item);
    if (ranks.has(code)) throw new RangeError(`rankItems: duplicate code ${code}`);
    ranks.set(code, { competition, ordinal: index + 1, outOf: sorted.length });
  });
  return ranks;
}

/** Ranks scores, higher first: the national and in-prefecture ranks of totals and grant scores. */
export function rankByScore(entries: readonly { readonly code: string; readonly score: number }[]): Map<string, Rank> {
  return rankItems(
    entries,
    (entry) => entry.code,
    (a, b) => b.score - a.score,
  );
}
