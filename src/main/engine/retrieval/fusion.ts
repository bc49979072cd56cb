// Reciprocal rank fusion: combines ranked lists from different retrievers (vector
// similarity, bm25) without having to calibrate their scores against each other.

export const RRF_K = 60;

export interface RankedList<T> {
  /** Best first. */
  items: readonly T[];
  /** Multiplies this list's contribution (1 = equal say). */
  weight?: number;
}

export interface Fused<T> {
  key: string;
  item: T;
  score: number;
  /** 1-based rank in each list the item appeared in, by list index. */
  ranks: (number | null)[];
}

/** `emphasis` multiplies one item's share (by list index and 0-based position); 1 when absent. */
export function reciprocalRankFusion<T>(
  lists: readonly RankedList<T>[],
  keyOf: (item: T) => string,
  k = RRF_K,
  emphasis?: (listIndex: number, position: number) => number,
): Fused<T>[] {
  const fused = new Map<string, Fused<T>>();
  lists.forEach((list, listIndex) => {
    const weight = list.weight ?? 1;
    list.items.forEach((item, position) => {
      const key = keyOf(item);
      let entry = fused.get(key);
      if (!entry) {
        entry = { key, item, score: 0, ranks: lists.map(() => null) };
        fused.set(key, entry);
      }
      if (entry.ranks[listIndex] !== null) return;
      entry.ranks[listIndex] = position + 1;
      entry.score += (weight * (emphasis ? emphasis(listIndex, position) : 1)) / (k + position + 1);
    });
  });
  return [...fused.values()].sort((a, b) => b.score - a.score);
}

export interface ScoredList<T> {
  /** Best first, each with its score in this list (higher is better; any scale). */
  items: readonly { item: T; score: number }[];
  /** Multiplies this list's contribution (1 = equal say). */
  weight?: number;
  /**
   * Mean and standard deviation of the scores of the whole ranking, when `items` is only its
   * top: a candidate stands out against them all, not against the others that made the cut.
   */
  spread?: { mean: number; sd: number };
}

/**
 * Reciprocal rank fusion in which a candidate that stands out in a list gets more say from it:
 * its 1/(k + rank) is multiplied by 1 + how many standard deviations its score lies beyond one
 * above the mean of that list's scores. Plain rank fusion gives every list's first place the same
 * say whatever its scores, so the top of a list that cannot tell its candidates apart (vectors
 * that find everything about equally similar) pushes the clear top of another (a rare name
 * matched) out of a small budget. Candidates within a standard deviation of their list's mean
 * are not told apart by it, and keep their plain rank share: a flat list still counts.
 */
export function standOutFusion<T>(lists: readonly ScoredList<T>[], keyOf: (item: T) => string, k = RRF_K): Fused<T>[] {
  return reciprocalRankFusion(
    lists.map((list) => ({ items: list.items, ...(list.weight === undefined ? {} : { weight: list.weight }) })),
    (entry) => keyOf(entry.item),
    k,
    (listIndex, position) => 1 + Math.max(0, standardScoresOf(lists[listIndex]!)[position]! - 1),
  ).map((fused) => ({ ...fused, item: fused.item.item }));
}

const standardScoreCache = new WeakMap<object, number[]>();

/** Mean and standard deviation of a list's scores. */
export function spreadOf(scores: readonly number[]): { mean: number; sd: number } {
  const mean = scores.reduce((sum, s) => sum + s, 0) / Math.max(1, scores.length);
  return { mean, sd: Math.sqrt(scores.reduce((sum, s) => sum + (s - mean) ** 2, 0) / Math.max(1, scores.length)) };
}

/** Each score's distance from its list's mean in standard deviations (0 for all when they do not vary). */
function standardScoresOf<T>(list: ScoredList<T>): number[] {
  let known = standardScoreCache.get(list);
  if (known) return known;
  const scores = list.items.map((entry) => entry.score);
  const { mean, sd } = list.spread ?? spreadOf(scores);
  known = scores.map((s) => (sd > 0 ? (s - mean) / sd : 0));
  standardScoreCache.set(list, known);
  return known;
}
