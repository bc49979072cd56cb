// Each hint appears exactly when its figures cross the threshold, with the figure it saw (a code
// and values the renderer words; diagnostics word it in English); healthy figures give no hint.
import { describe, expect, it } from 'vitest';
import { healthHints, hintText, HINT_THRESHOLDS as T, type HealthFigures } from '../../../src/main/engine/monitoring';

const healthy: HealthFigures = {
  turns: 100,
  squeezedTurns: 0,
  keywordOnlyTurns: 0,
  medianEmbedMs: 20,
  medianAssemblyMs: 40,
  medianFirstTokenMs: 800,
  tokensPerSecond: 30,
  chromaDownsToday: 0,
  outboxBacklog: 0,
  indexedPerMinute: 0,
};
const ids = (f: Partial<HealthFigures>) => healthHints({ ...healthy, ...f }).map((h) => h.id);
const only = (f: Partial<HealthFigures>) => {
  const hints = healthHints({ ...healthy, ...f });
  expect(hints).toHaveLength(1);
  return hints[0]!;
};

describe('health hints', () => {
  it('gives none for healthy figures, nor for an empty profile', () => {
    expect(healthHints(healthy)).toEqual([]);
    expect(
      healthHints({
        ...healthy,
        turns: 0,
        medianEmbedMs: null,
        medianAssemblyMs: null,
        medianFirstTokenMs: null,
        tokensPerSecond: null,
      }),
    ).toEqual([]);
  });

  it('says recent turns crowd out retrieval from the share of squeezed turns, and suggests a larger window', () => {
    const hint = only({ squeezedTurns: 40 });
    expect(hint).toEqual({ id: 'prompt-squeezed', severity: 'warning', share: 0.4 });
    expect(hintText(hint)).toContain('40% of turns');
    expect(ids({ squeezedTurns: Math.ceil(T.squeezedShare * 100) - 1 })).toEqual([]);
    expect(ids({ squeezedTurns: Math.ceil(T.squeezedShare * 100) })).toEqual(['prompt-squeezed']);
  });

  it('waits for enough turns before judging shares and medians', () => {
    const few = {
      turns: T.minTurns - 1,
      squeezedTurns: T.minTurns - 1,
      keywordOnlyTurns: T.minTurns - 1,
      medianEmbedMs: 5000,
    };
    expect(ids(few)).toEqual([]);
    expect(ids({ ...few, turns: T.minTurns, squeezedTurns: T.minTurns, keywordOnlyTurns: T.minTurns })).toEqual([
      'prompt-squeezed',
      'keyword-only',
      'slow-embedding',
    ]);
  });

  it('counts the times the vector index was unavailable today', () => {
    expect(only({ chromaDownsToday: 3 })).toMatchObject({ id: 'chroma-unavailable', timesToday: 3 });
    expect(hintText(only({ chromaDownsToday: 3 }))).toBe('The vector index has been unavailable 3 times today.');
    expect(hintText(only({ chromaDownsToday: 1 }))).toBe('The vector index has been unavailable once today.');
    expect(ids({ chromaDownsToday: 0 })).toEqual([]);
  });

  it('says what share of turns had keyword search only', () => {
    const hint = only({ keywordOnlyTurns: 30 });
    expect(hint).toEqual({ id: 'keyword-only', severity: 'warning', share: 0.3 });
    expect(hintText(hint)).toContain('30% of turns');
    expect(ids({ keywordOnlyTurns: Math.ceil(T.keywordOnlyShare * 100) - 1 })).toEqual([]);
  });

  it('says how far indexing is behind and how long it takes at the last hour’s pace', () => {
    const hint = only({ outboxBacklog: 2000, indexedPerMinute: 100 });
    expect(hint).toEqual({ id: 'index-behind', severity: 'info', backlog: 2000, perMinute: 100 });
    expect(hintText(hint)).toBe(
      'Indexing is 2,000 items behind. At the last hour’s pace (100 a minute) that takes about 20 minutes.'.replace(
        '’',
        "'",
      ),
    );
    expect(hint.severity).toBe('info');
    expect(only({ outboxBacklog: 2000, indexedPerMinute: 0 }).severity).toBe('warning');
    expect(ids({ outboxBacklog: T.indexBacklog - 1 })).toEqual([]);
  });

  it('asks whether the embedding model runs on the CPU when embedding is slow', () => {
    const hint = only({ medianEmbedMs: 900, medianAssemblyMs: 940 });
    expect(hint).toEqual({ id: 'slow-embedding', severity: 'warning', ms: 900 });
    expect(hintText(hint)).toBe('Embedding takes 900 ms per turn.');
    expect(ids({ medianEmbedMs: T.slowEmbedMs - 1, medianAssemblyMs: T.slowEmbedMs + 10 })).toEqual([]);
  });

  it('judges assembly by its own time, the embedding call taken out', () => {
    expect(ids({ medianEmbedMs: 400, medianAssemblyMs: 450 })).toEqual([]);
    const hint = only({ medianEmbedMs: 20, medianAssemblyMs: 20 + T.slowAssemblyMs });
    expect(hint).toMatchObject({ id: 'slow-assembly', ms: T.slowAssemblyMs });
    expect(hintText(hint)).toContain(`${T.slowAssemblyMs} ms`);
  });

  it('flags a slow first token and slow generation', () => {
    expect(hintText(only({ medianFirstTokenMs: 12_000 }))).toBe('The model takes 12.0 s to start answering.');
    expect(ids({ medianFirstTokenMs: T.slowFirstTokenMs - 1 })).toEqual([]);
    expect(hintText(only({ tokensPerSecond: 2.5 }))).toBe('Replies arrive at 2.5 tokens per second.');
    expect(ids({ tokensPerSecond: T.slowTokensPerSecond })).toEqual([]);
  });
});
