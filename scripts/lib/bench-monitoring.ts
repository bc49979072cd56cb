// The Monitoring view over many recorded turns (as many as the bench's messages): how long the engine takes to answer it (the
// overview over everything, one conversation, the last week), to export every row as CSV, and
// to prune one slice. Turn rows are written straight through the store, spread over 80 days.
import type { Engine } from '../../src/main/engine/engine';
import { metricsToCsv } from '../../src/main/engine/monitoring';
import { round2, timingsOf, type Timings } from './measure';

export interface MonitoringFigures {
  turns: number;
  write_ms: number;
  overview_all_ms: Timings;
  overview_conversation_ms: Timings;
  overview_week_ms: Timings;
  export_csv_ms: number;
  export_csv_bytes: number;
  prune_slice_ms: number;
}

const DAY = 24 * 3_600_000;

export function measureMonitoring(
  engine: Engine,
  options: { turns: number; repeats: number; conversationIds: readonly string[] },
): MonitoringFigures {
  const { store } = engine.internals;
  const now = Date.now();
  const ids = options.conversationIds.length ? options.conversationIds : ['bench'];
  const writeStarted = performance.now();
  store.transaction(() => {
    for (let i = 0; i < options.turns; i++) {
      const retrieved = i % 3 === 0 ? 0 : 400 + (i % 300);
      store.metrics.record({
        conversationId: ids[i % ids.length]!,
        messageId: null,
        at: now - 80 * DAY + Math.floor((i * 80 * DAY) / options.turns),
        model: 'llama3.2:3b',
        outcome: 'complete',
        assemblyMs: 5 + (i % 17),
        embedMs: 1 + (i % 5),
        retrievalHits: retrieved ? 4 : 0,
        retrievalMode: i % 20 === 0 ? 'keyword' : 'hybrid',
        summarizationRuns: i % 50 === 0 ? 1 : 0,
        promptTokens: 2500,
        outputTokens: 150,
        toolCalls: 0,
        tokensBySection: {
          system: 200,
          tools: 250,
          core_memory: 40,
          memory: 80,
          summary: 150,
          retrieved,
          recent: 1700 - retrieved,
          user: 30,
        },
        firstTokenMs: 600 + (i % 400),
        generationMs: 5000,
        contextTokens: 2600,
        contextBudget: 3072,
      });
    }
  });
  const writeMs = performance.now() - writeStarted;
  const time = (work: () => unknown) => {
    const times: number[] = [];
    for (let i = 0; i < options.repeats; i++) {
      const at = performance.now();
      work();
      times.push(performance.now() - at);
    }
    return timingsOf(times);
  };
  const overviewAll = time(() => engine.internals.monitoring.overview({}));
  const overviewConversation = time(() => engine.internals.monitoring.overview({ conversationId: ids[0]! }));
  const overviewWeek = time(() => engine.internals.monitoring.overview({ from: now - 7 * DAY }));
  const exportStarted = performance.now();
  const csv = metricsToCsv(store.metrics.list({}));
  const exportMs = performance.now() - exportStarted;
  const pruneStarted = performance.now();
  store.metrics.prune({ olderThan: 0, keep: Math.max(0, options.turns - 2_000), limit: 2_000 });
  const pruneMs = performance.now() - pruneStarted;
  return {
    turns: options.turns,
    write_ms: round2(writeMs),
    overview_all_ms: overviewAll,
    overview_conversation_ms: overviewConversation,
    overview_week_ms: overviewWeek,
    export_csv_ms: round2(exportMs),
    export_csv_bytes: csv.length,
    prune_slice_ms: round2(pruneMs),
  };
}
