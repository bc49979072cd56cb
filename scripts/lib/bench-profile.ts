// A throwaway Mnemo profile for the bench: a temp data folder, the real engine (SQLite, the
// Chroma sidecar, the Ollama client) opened the way scripts/lib/recall-eval.ts opens it, and
// the test Ollama server in this process on a free port. The indexer and idle summaries do not
// run on their own: the bench drains the outbox when it wants to time it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEngineConfig } from '../../src/main/engine/config';
import { dataPaths, Engine } from '../../src/main/engine/engine';
import { fixedKey } from '../../src/main/engine/keys';
import { newDatabaseKey } from '../../src/main/engine/store';
import { TestOllamaServer } from '../../testkit/ollama-server';

export interface ProfileOptions {
  /** A real Ollama for embeddings; without it the test server embeds. */
  ollamaHost?: string;
  embeddingModel?: string;
  /** Outbox entries per indexer batch; the engine's default when absent. */
  indexerBatch?: number;
  /** Encrypt the profile's database, as the app does by default (the bench compares off and on). */
  encrypted: boolean;
}

export interface BenchProfile {
  engine: Engine;
  /** Always running: it answers the summariser instantly even when a real Ollama embeds. */
  testServer: TestOllamaServer;
  testServerUrl: string;
  dataDir: string;
  paths: ReturnType<typeof dataPaths>;
  /** What embeds, in words, for the report. */
  embeddings: string;
  close: (options?: { keepData?: boolean }) => Promise<void>;
}

export async function openBenchProfile(options: ProfileOptions): Promise<BenchProfile> {
  const testServer = new TestOllamaServer();
  const testServerUrl = await testServer.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'mnemo-bench-'));
  const host = options.ollamaHost ?? testServerUrl;
  const engine = await Engine.open({
    config: resolveEngineConfig(dataDir, {
      ollama: { host, ...(options.embeddingModel ? { embeddingModel: options.embeddingModel } : {}) },
    }),
    keys: fixedKey(options.encrypted ? newDatabaseKey() : null),
    runIndexer: false,
    runBackgroundSummaries: false,
    ...(options.indexerBatch ? { indexer: { batchSize: options.indexerBatch } } : {}),
  });
  await engine.internals.vectorIndex.reconciled();
  // The test server records every request; at 100k messages that log alone would weigh
  // tens of MB in this process's heap. Forget it after each indexer batch.
  engine.internals.indexer.on('progress', () => testServer.reset());
  return {
    engine,
    testServer,
    testServerUrl,
    dataDir,
    paths: dataPaths(dataDir),
    embeddings: options.ollamaHost
      ? `${engine.services.settings.embeddingModel()} at ${options.ollamaHost}`
      : `test Ollama server in-process (${engine.services.settings.embeddingModel()}, hashed n-grams)`,
    close: async ({ keepData = false } = {}) => {
      await engine.close();
      await testServer.stop();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
