// Schema 9 (monitoring) on a file written by schema 8: turn rows recorded before it keep every
// figure and read back with the new figures absent, their section tokens filled from their
// JSON; engine event counts start empty.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openDatabase, Store } from '../../../src/main/engine/store';
import { storeDeps, tempDir } from '../../support/store';

describe('migration 009 (monitoring)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it('keeps turn rows written by schema 8, with the new figures null', () => {
    const path = join(dir.path, 'mnemo.sqlite');
    const before = MIGRATIONS.filter((m) => m.version < 9);
    const old = openDatabase(path, { migrations: before }).db;
    old
      .prepare(
        `INSERT INTO turn_metrics (conversation_id, message_id, at, model, outcome, assembly_ms, embed_ms, retrieval_hits, retrieval_mode,
           summarization_runs, prompt_tokens, output_tokens, tool_calls, tokens_by_section) VALUES ('c', 'm', 5, 'llama', 'complete', 7, 2, 3, 'hybrid', 0, 900, 40, 1, '{"recent":800}')`,
      )
      .run();
    old.close();

    const opened = openDatabase(path);
    expect(opened.previousVersion).toBe(8);
    const store = new Store(opened.db, storeDeps());
    expect(store.metrics.list({})).toEqual([
      {
        id: 1,
        at: 5,
        conversationId: 'c',
        messageId: 'm',
        model: 'llama',
        outcome: 'complete',
        assemblyMs: 7,
        embedMs: 2,
        firstTokenMs: null,
        generationMs: null,
        retrievalHits: 3,
        retrievalMode: 'hybrid',
        summarizationRuns: 0,
        promptTokens: 900,
        outputTokens: 40,
        toolCalls: 1,
        contextTokens: null,
        contextBudget: null,
        tokensBySection: { recent: 800 },
      },
    ]);
    // Section tokens are read from the row's JSON once, into the columns the series averages.
    expect(store.metrics.series({}, null)[0]!.bySection).toEqual({
      system: 0,
      memories: 0,
      summary: 0,
      retrieved: 0,
      recent: 800,
      message: 0,
    });
    expect(store.engineEvents.count('indexed')).toBe(0);
    expect(
      store.db.prepare(`SELECT name FROM sqlite_master WHERE name = 'turn_metrics_by_conversation'`).pluck().get(),
    ).toBe('turn_metrics_by_conversation');
    store.close();
  });
});
