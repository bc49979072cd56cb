import { describe, expect, it } from 'vitest';
import { budgetSegments, usedPercent } from '../../src/renderer/src/lib/budget';

describe('budgetSegments', () => {
  it('orders sections, then the reply reserve, then free space, summing to 100%', () => {
    const segments = budgetSegments({
      contextLength: 1000,
      reservedOutput: 200,
      used: 500,
      bySection: { recent: 300, system: 100, memory: 100, summary: 0 },
    });
    expect(segments.map((s) => [s.key, s.tokens, s.percent])).toEqual([
      ['system', 100, 10],
      ['memory', 100, 10],
      ['recent', 300, 30],
      ['reserved', 200, 20],
      ['free', 300, 30],
    ]);
    expect(segments.reduce((n, s) => n + s.percent, 0)).toBeCloseTo(100);
  });

  it('keeps unknown sections and scales an overfull window to 100%', () => {
    const segments = budgetSegments({
      contextLength: 100,
      reservedOutput: 50,
      used: 150,
      bySection: { user: 100, extra: 50 },
    });
    expect(segments.map((s) => s.key)).toEqual(['user', 'extra']);
    expect(segments.reduce((n, s) => n + s.percent, 0)).toBeCloseTo(100);
  });

  it('reports the share used and survives a zero window', () => {
    expect(usedPercent({ contextLength: 4096, reservedOutput: 0, used: 1024, bySection: {} })).toBe(25);
    expect(budgetSegments({ contextLength: 0, reservedOutput: 0, used: 0, bySection: {} })).toEqual([
      { key: 'free', label: 'Free', tokens: 1, percent: 100 },
    ]);
  });
});
