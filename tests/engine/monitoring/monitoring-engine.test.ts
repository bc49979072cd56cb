// Monitoring through the contract on a real engine (SQLite, Chroma, the test Ollama over
// HTTP): a chat turn's figures, the overview, exports that read back equal to the stored
// rows, a diagnostics report without message text, and Chroma's outage counted.
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName, MethodOutputs } from '../../../src/shared/contract';
import { EngineApi } from '../../../src/main/engine/api';
import { parseMetricsCsv } from '../../../src/main/engine/monitoring';
import { LATEST_SCHEMA_VERSION } from '../../../src/main/engine/store';
import { startEngine, type EngineHarness } from '../../support/engine';

async function call<M extends MethodName>(api: EngineApi, method: M, input: unknown): Promise<MethodOutputs[M]> {
  const result = await api.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as MethodOutputs[M];
}

describe('monitoring (real engine)', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('records a turn’s model timings and prompt budget, and shows them in the overview', async () => {
    h = await startEngine();
    h.ollama.onChat(() => ({ text: 'Lisbon in May is warm and bright, with long evenings by the river.' }));
    const api = new EngineApi(h.engine);
    const turn = await h.engine.internals.chat.send({ content: 'Where should I travel in May?' });
    await turn.done;
    const [row] = h.engine.internals.store.metrics.recent(1);
    expect(row!.firstTokenMs).toBeGreaterThan(0);
    expect(row!.generationMs).toBeGreaterThan(0);
    expect(row!.contextTokens).toBeGreaterThan(0);
    expect(row!.contextBudget).toBeGreaterThan(row!.contextTokens!);

    const overview = await call(api, 'metrics.overview', { conversationId: turn.conversationId });
    expect(overview.totals.turns).toBe(1);
    expect(overview.points).toHaveLength(1);
    expect(overview.points[0]!.bySection.message).toBeGreaterThan(0);
    expect(overview.store.messages).toBe(2);
    expect(overview.store.pendingProposals).toBe(0);
    expect(overview.store.sqliteBytes).toBeGreaterThan(0);
    expect((await call(api, 'metrics.overview', { conversationId: 'someone-else' })).totals.turns).toBe(0);
    expect((await api.dispatch('metrics.overview', { from: -5 })).ok).toBe(false);
  });

  it('exports CSV and JSON that read back equal to the stored rows', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const base = {
      messageId: null,
      outcome: 'complete' as const,
      assemblyMs: 12.5,
      embedMs: 3.25,
      retrievalHits: 2,
      retrievalMode: 'hybrid' as const,
      summarizationRuns: 0,
      promptTokens: 800,
      outputTokens: 64,
      toolCalls: 0,
    };
    h.engine.internals.store.metrics.record({
      ...base,
      conversationId: 'c1',
      at: 1_000,
      model: 'llama3.2:3b',
      tokensBySection: { system: 100, recent: 600, user: 12 },
      firstTokenMs: 310.5,
      generationMs: 1800,
      contextTokens: 712,
      contextBudget: 3072,
    });
    h.engine.internals.store.metrics.record({
      ...base,
      conversationId: 'c2',
      at: 2_000,
      model: 'odd, "quoted"\nname',
      outcome: 'error',
      retrievalMode: 'keyword',
      tokensBySection: { retrieved: 40 },
    });
    h.engine.internals.store.metrics.record({
      ...base,
      conversationId: 'c1',
      at: 3_000,
      model: '',
      tokensBySection: {},
    });
    const stored = h.engine.internals.store.metrics.list({});

    const json = await call(api, 'metrics.export', { format: 'json' });
    expect(json.filename).toMatch(/^mnemo-metrics-.*\.json$/);
    expect((JSON.parse(json.content) as { turns: unknown }).turns).toEqual(stored);
    const csv = await call(api, 'metrics.export', { format: 'csv' });
    expect(csv.mimeType).toBe('text/csv');
    expect(parseMetricsCsv(csv.content)).toEqual(stored);
    const filtered = await call(api, 'metrics.export', { format: 'csv', conversationId: 'c1', from: 2_000 });
    expect(parseMetricsCsv(filtered.content)).toEqual(stored.filter((r) => r.at === 3_000));
  });

  it('copies diagnostics with versions, settings and the last turns, but no message or prompt text', async () => {
    h = await startEngine();
    h.ollama.onChat(() => ({ text: 'A reply that must stay private: zebra-quartz.' }));
    h.engine.services.settings.apply({ systemPrompt: 'Secret system prompt: marmalade-orbit.' });
    const api = new EngineApi(h.engine);
    for (let i = 0; i < 3; i++)
      await (
        await h.engine.internals.chat.send({ content: `My private note number ${i}: velvet-harbour.` })
      ).done;
    const { content } = await call(api, 'metrics.diagnostics', {});
    for (const secret of ['velvet-harbour', 'zebra-quartz', 'marmalade-orbit']) expect(content).not.toContain(secret);
    const report = JSON.parse(content) as {
      versions: Record<string, string>;
      settings: Record<string, unknown>;
      lastTurns: unknown[];
      status: { ollama: { reachable: boolean } };
    };
    expect(report.versions['node']).toBe(process.versions.node);
    expect(report.versions['schema']).toBe(String(LATEST_SCHEMA_VERSION));
    expect(report.settings['chatModel']).toBe(h.engine.internals.settings.get().chatModel);
    expect(report.settings['systemPromptChars']).toBe('Secret system prompt: marmalade-orbit.'.length);
    expect(report.lastTurns).toHaveLength(3);
    expect(report.status.ollama.reachable).toBe(true);
  });

  it('counts Chroma going down and coming back, and items indexed', async () => {
    h = await startEngine({ engine: { runIndexer: true, indexer: { pollMs: 20 } } });
    await (
      await h.engine.internals.chat.send({ content: 'Something worth indexing about sourdough starters.' })
    ).done;
    await expect.poll(() => h!.engine.internals.store.outbox.pendingCount()).toBe(0);
    const restarted = once(h.engine.internals.sidecar, 'restarted');
    process.kill(h.engine.internals.sidecar.pid!, 'SIGKILL');
    await restarted;
    const api = new EngineApi(h.engine);
    const overview = await call(api, 'metrics.overview', {});
    expect(overview.store.chromaDownsToday).toBe(1);
    expect(overview.store.chromaRestartsToday).toBe(1);
    expect(overview.totals.chromaDowns).toBe(1);
    expect(h.engine.internals.store.engineEvents.count('indexed')).toBeGreaterThanOrEqual(2);
    expect(overview.store.indexedPerMinute).toBeGreaterThan(0);
    expect(overview.hints).toContainEqual({ id: 'chroma-unavailable', severity: 'warning', timesToday: 1 });
    // The contract carries the code and its values; the diagnostics a user pastes keep English words.
    const report = JSON.parse((await call(api, 'metrics.diagnostics', {})).content) as { hints: string[] };
    expect(report.hints).toContain('The vector index has been unavailable once today.');
  });
});
