// The metrics repository on a real SQLite file: filters, per-turn and bucketed series, the
// "squeezed" count, medians, summaries by trigger, engine event counts and bounded pruning.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_POINTS, MetricsPruner, monitoringOverview } from '../../../src/main/engine/monitoring';
import type { Store, TurnMetrics } from '../../../src/main/engine/store';
import { openTestStore, tempDir, testClock, type TestClock } from '../../support/store';

const HOUR = 3_600_000;

function turn(at: number, over: Partial<TurnMetrics> = {}): TurnMetrics {
  return {
    conversationId: 'c1',
    messageId: null,
    at,
    model: 'llama3.2',
    outcome: 'complete',
    assemblyMs: 10,
    embedMs: 2,
    retrievalHits: 3,
    retrievalMode: 'hybrid',
    summarizationRuns: 0,
    promptTokens: 900,
    outputTokens: 100,
    toolCalls: 0,
    tokensBySection: {
      system: 100,
      tools: 50,
      core_memory: 20,
      memory: 30,
      summary: 0,
      retrieved: 300,
      recent: 380,
      user: 20,
    },
    firstTokenMs: 400,
    generationMs: 2000,
    contextTokens: 900,
    contextBudget: 3000,
    ...over,
  };
}

describe('turn metrics in the store', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let clock: TestClock;
  beforeEach(() => {
    dir = tempDir();
    clock = testClock();
    store = openTestStore(dir.path, { now: clock.now });
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('gives one point per turn, sections grouped as the view shows them, and tokens per second from generation time', () => {
    store.metrics.record(turn(1000));
    store.metrics.record(
      turn(2000, { outputTokens: 50, generationMs: 0, firstTokenMs: null, retrievalMode: 'keyword' }),
    );
    const points = store.metrics.series({}, null);
    expect(points).toHaveLength(2);
    expect(points[0]).toMatchObject({
      at: 1000,
      turns: 1,
      tokensPerSecond: 50,
      firstTokenMs: 400,
      keywordOnly: 0,
      contextBudget: 3000,
    });
    expect(points[0]!.bySection).toEqual({
      system: 150,
      memories: 50,
      summary: 0,
      retrieved: 300,
      recent: 380,
      message: 20,
    });
    expect(points[1]).toMatchObject({ tokensPerSecond: null, firstTokenMs: null, keywordOnly: 1 });
  });

  it('filters by conversation and by time range (from inclusive, to exclusive)', () => {
    store.metrics.record(turn(1000));
    store.metrics.record(turn(2000, { conversationId: 'c2' }));
    store.metrics.record(turn(3000));
    expect(store.metrics.series({ conversationId: 'c1' }, null).map((p) => p.at)).toEqual([1000, 3000]);
    expect(store.metrics.series({ from: 2000, to: 3000 }, null).map((p) => p.at)).toEqual([2000]);
    expect(store.metrics.list({ conversationId: 'c2' }).map((r) => r.at)).toEqual([2000]);
  });

  it('counts a turn as squeezed only when its prompt was full and held no retrieved excerpt', () => {
    const full = { contextTokens: 2950, contextBudget: 3000 };
    store.metrics.record(turn(1, { ...full, tokensBySection: { recent: 2900, retrieved: 0 } })); // squeezed
    store.metrics.record(turn(2, { ...full, tokensBySection: { recent: 2500, retrieved: 400 } })); // full, but recall fit
    store.metrics.record(turn(3, { contextTokens: 1000, contextBudget: 3000, tokensBySection: { recent: 1000 } })); // room left
    store.metrics.record(turn(4, { contextTokens: null, contextBudget: null, tokensBySection: {} })); // recorded before schema 6
    expect(store.metrics.totals({}, 0.95)).toMatchObject({ turns: 4, squeezedTurns: 1, keywordOnlyTurns: 0 });
  });

  it('takes the median of a timing, leaving out turns without it', () => {
    for (const [i, ms] of [5, 1, 9, 3, 7].entries())
      store.metrics.record(turn(i, { embedMs: ms, firstTokenMs: i < 2 ? ms * 100 : null }));
    expect(store.metrics.median({}, 'embed_ms')).toBe(5);
    expect(store.metrics.median({}, 'first_token_ms')).toBe(100);
    expect(store.metrics.median({ conversationId: 'none' }, 'embed_ms')).toBeNull();
  });

  it('averages long ranges into at most MAX_POINTS time buckets, keeping every turn counted', () => {
    const n = MAX_POINTS * 3 + 7;
    store.transaction(() => {
      for (let i = 0; i < n; i++) store.metrics.record(turn(i * 1000, { assemblyMs: i % 2 === 0 ? 10 : 20 }));
    });
    const overview = monitoringOverview(
      {
        store,
        storeFigures: () => ({
          messages: 0,
          chunks: 0,
          memories: 0,
          pendingProposals: 0,
          sqliteBytes: 0,
          vectorIndexBytes: 0,
          outboxBacklog: 0,
          indexedPerMinute: 0,
          chromaDownsToday: 0,
          chromaRestartsToday: 0,
        }),
      },
      {},
    );
    expect(overview.bucketMs).not.toBeNull();
    expect(overview.points.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(overview.points.reduce((sum, p) => sum + p.turns, 0)).toBe(n);
    expect(overview.totals.turns).toBe(n);
    const evenBucket = overview.points.find((p) => p.turns % 2 === 0)!;
    expect(evenBucket.assemblyMs).toBe(15);
  });

  it('counts summaries written by trigger over the range', () => {
    const c = store.conversations.create({ title: 'x' });
    store.messages.appendTurn({ conversationId: c.id, role: 'user', content: 'one' });
    store.summaries.create({ conversationId: c.id, content: 's1', firstSeq: 1, lastSeq: 1, trigger: 'overflow' });
    clock.advance(HOUR);
    store.summaries.create({ conversationId: c.id, content: 's2', firstSeq: 1, lastSeq: 1, trigger: 'idle' });
    store.summaries.create({ conversationId: c.id, content: 's3', firstSeq: 1, lastSeq: 1, trigger: 'end' });
    expect(store.metrics.summariesWritten({}, null)).toEqual([
      { at: clock.now() - HOUR, overflow: 1, idle: 1, end: 1 },
    ]);
    expect(store.metrics.summariesWritten({ from: clock.now() }, null)[0]).toMatchObject({
      overflow: 0,
      idle: 1,
      end: 1,
    });
    expect(store.metrics.summariesWritten({ conversationId: 'other' }, null)).toEqual([]);
  });

  it('counts engine events per minute and over ranges', () => {
    store.engineEvents.add('indexed', 64);
    store.engineEvents.add('indexed', 36);
    store.engineEvents.add('chroma-down');
    clock.advance(2 * HOUR);
    store.engineEvents.add('indexed', 10);
    expect(store.engineEvents.count('indexed')).toBe(110);
    expect(store.engineEvents.count('indexed', { from: clock.now() - HOUR })).toBe(10);
    expect(store.engineEvents.count('chroma-down', { from: clock.now() - HOUR })).toBe(0);
    expect(store.engineEvents.count('chroma-down')).toBe(1);
  });

  it('prunes by age and by count, at most one slice of rows at a time', () => {
    const day = 24 * HOUR;
    store.transaction(() => {
      for (let i = 0; i < 50; i++) store.metrics.record(turn(clock.now() - 40 * day + i)); // too old
      for (let i = 0; i < 100; i++) store.metrics.record(turn(clock.now() - day + i));
    });
    store.engineEvents.add('indexed', 5);
    clock.advance(40 * day);
    store.engineEvents.add('indexed', 7);
    clock.advance(-40 * day);
    const pruner = new MetricsPruner({
      store,
      now: () => clock.now() + 0,
      retention: () => ({ days: 30, maxTurns: 80 }),
      sliceRows: 30,
    });
    expect(pruner.pruneSlice()).toBe(true); // 30 of the 70 to go
    expect(store.metrics.count()).toBe(120);
    while (pruner.pruneSlice());
    expect(store.metrics.count()).toBe(80);
    // The newest 80 stay.
    expect(store.metrics.list({}).map((r) => r.at)).toEqual(
      Array.from({ length: 80 }, (_, i) => clock.now() - day + 20 + i),
    );
    expect(store.engineEvents.count('indexed')).toBe(12); // both minutes are within 30 days of now
    clock.advance(40 * day);
    while (pruner.pruneSlice());
    expect(store.metrics.count()).toBe(0);
    expect(store.engineEvents.count('indexed')).toBe(7);
  });

  it('prunes in the background, slice after slice, until nothing beyond the retention is left', async () => {
    store.transaction(() => {
      for (let i = 0; i < 95; i++) store.metrics.record(turn(clock.now() - 100 * 24 * HOUR + i));
      for (let i = 0; i < 5; i++) store.metrics.record(turn(clock.now() - i));
    });
    const slices: number[] = [];
    const pruner = new MetricsPruner({
      store,
      now: clock.now,
      retention: () => ({ days: 90, maxTurns: 1000 }),
      sliceRows: 10,
      everyMs: 3_600_000,
    });
    const slice = pruner.pruneSlice.bind(pruner);
    pruner.pruneSlice = () => {
      slices.push(store.metrics.count());
      return slice();
    };
    pruner.start();
    await expect.poll(() => store.metrics.count()).toBe(5);
    pruner.dispose();
    // Ten slices of ten, then one that finds nothing more: never the whole backlog at once.
    expect(slices).toEqual([100, 90, 80, 70, 60, 50, 40, 30, 20, 10, 5].slice(0, slices.length));
    expect(slices.length).toBeGreaterThanOrEqual(10);
  });
});
