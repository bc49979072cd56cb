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

  it('measures a list cut from a longer ranking against the whole ranking, not against its top alone', () => {
    // A ranking of 100 where two stand far out; only its top three make the list.
    const whole = [30, 29, ...Array.from({ length: 98 }, () => 1)];
    const mean = whole.reduce((sum, s) => sum + s, 0) / whole.length;
    const sd = Math.sqrt(whole.reduce((sum, s) => sum + (s - mean) ** 2, 0) / whole.length);
    const top = list([
      ['t0', 30],
      ['t1', 29],
      ['t2', 1],
    ]);
    const other = list(Array.from({ length: 3 }, (_, i): [string, number] => [`o${i}`, 1]));
    // Within its top three alone, 29 is less than one deviation above their mean: no say beyond its rank.
    const cut = standOutFusion([top, other], (key) => key);
    expect(cut.find((f) => f.key === 't1')!.score).toBeCloseTo(1 / 62, 10);
    // Against the whole ranking both stand ~7 deviations out, and lead the fused list.
    const measured = standOutFusion([{ ...top, spread: { mean, sd } }, other], (key) => key);
    expect(keysOf(measured).slice(0, 2)).toEqual(['t0', 't1']);
    expect(measured.find((f) => f.key === 't1')!.score).toBeCloseTo((1 + (29 - mean) / sd - 1) / 62, 10);
  });
});
