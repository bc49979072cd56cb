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

export function reciprocalRankFusion<T>(lists: readonly RankedList<T>[], keyOf: (item: T) => string, k = RRF_K): Fused<T>[] {
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
      entry.score += weight / (k + position + 1);
    });
  });
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
