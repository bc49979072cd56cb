// Fusion of the candidate lists: a candidate that clearly stands out in its list (a rare word
// matched) keeps its place against the top of a list that cannot tell its candidates apart,
// while flat lists fuse exactly as plain reciprocal rank fusion.
import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion, standOutFusion, type ScoredList } from '../../../src/main/engine/retrieval/fusion';

const list = (entries: [string, number][]): ScoredList<string> => ({
  items: entries.map(([item, score]) => ({ item, score })),
});
const keysOf = <T>(fused: { key: string }[]) => fused.map((f) => f.key) as T[];

describe('standOutFusion', () => {
  // Vectors find ten turns about equally similar; the keywords find one turn far better than the rest.
  const vectors = list(Array.from({ length: 10 }, (_, i) => [`v${i}`, 0.5 - i * 0.001]));
  const keywords = list([
    ['name', 12],
    ['v0', 1.1],
    ...Array.from({ length: 8 }, (_, i): [string, number] => [`k${i}`, 1 - i * 0.01]),
  ]);

  it('puts the clear keyword match first, where plain rank fusion puts the candidate both lists found', () => {
    const plain = reciprocalRankFusion(
      [{ items: vectors.items.map((e) => e.item) }, { items: keywords.items.map((e) => e.item) }],
      (key) => key,
    );
    expect(plain[0]!.key).toBe('v0');
    const fused = standOutFusion([vectors, keywords], (key) => key);
    expect(fused[0]!.key).toBe('name');
    expect(fused[0]!.ranks).toEqual([null, 1]);
    expect(keysOf(fused).slice(1, 3)).toEqual(['v0', 'v1']);
  });

  it('fuses lists with no stand-out candidate exactly as plain rank fusion', () => {
    const flatA = list([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
    const flatB = list([
      ['c', 2],
      ['d', 2],
    ]);
    const plain = reciprocalRankFusion([{ items: ['a', 'b', 'c'] }, { items: ['c', 'd'] }], (key) => key);
    const fused = standOutFusion([flatA, flatB], (key) => key);
    expect(fused.map((f) => [f.key, f.score])).toEqual(plain.map((f) => [f.key, f.score]));
  });
});
