// Starts a real engine for integration tests: real SQLite file, real Chroma sidecar, and the
// Ollama-compatible test server over real HTTP.
import { basename } from 'node:path';
import { expect } from 'vitest';
import { resolveEngineConfig, type EngineConfigOverrides } from '../../src/main/engine/config';
import { Engine, type EngineOptions } from '../../src/main/engine/engine';
import { fixedKey } from '../../src/main/engine/keys';
import { TestOllamaServer } from '../../testkit/ollama-server';
import { TEST_KEY, tempDir } from './store';

export interface EngineHarness {
  engine: Engine;
  ollama: TestOllamaServer;
  dataDir: string;
  reopen: (options?: Partial<EngineOptions>) => Promise<Engine>;
  dispose: (options?: { keepData?: boolean }) => Promise<void>;
}

export async function startEngine(
  options: {
    overrides?: EngineConfigOverrides;
    engine?: Partial<EngineOptions>;
    ollama?: TestOllamaServer;
    dataDir?: string;
  } = {},
): Promise<EngineHarness> {
  // Named after the test file, so a profile a test leaves behind says where it came from.
  const dir = options.dataDir
    ? { path: options.dataDir, remove: () => undefined }
    : tempDir(`mnemo-engine-${basename(expect.getState().testPath ?? 'test', '.ts')}-`);
  const ollama = options.ollama ?? new TestOllamaServer();
  const url = await ollama.start();
  const config = resolveEngineConfig(dir.path, {
    ...options.overrides,
    ollama: { host: url, requestTimeoutMs: 5_000, streamIdleTimeoutMs: 5_000, ...options.overrides?.ollama },
    // A generous query deadline: on a loaded machine a 3 s one turns some hybrid turns into
    // keyword ones. Tests of the deadline itself set a short one.
    chroma: { restartBackoffMs: { initial: 100, max: 1_000 }, queryTimeoutMs: 30_000, ...options.overrides?.chroma },
  });
  const base: EngineOptions = {
    config,
    keys: fixedKey(TEST_KEY),
    runIndexer: false,
    indexer: { backoffMs: { initial: 50, max: 500 } },
    ...options.engine,
  };
  // Tests start from a reconciled index, as before reconciliation moved after the first window.
  const open = async (options: EngineOptions) => {
    const engine = await Engine.open(options);
    await engine.internals.vectorIndex.reconciled();
    return engine;
  };
  let first: Engine;
  try {
    first = await open(base);
  } catch (error) {
    // Nothing to dispose of: stop what was started and leave no profile behind.
    await ollama.stop();
    dir.remove();
    throw error;
  }
  const harness: EngineHarness = {
    engine: first,
    ollama,
    dataDir: dir.path,
    reopen: async (more = {}) => {
      await harness.engine.close();
      harness.engine = await open({ ...base, ...more });
      return harness.engine;
    },
    dispose: async (disposeOptions = {}) => {
      try {
        await harness.engine.close();
      } finally {
        try {
          await ollama.stop();
        } finally {
          if (!disposeOptions.keepData) dir.remove();
        }
      }
    },
  };
  return harness;
}

/** Chroma's counts for the active model, next to what SQLite says should be there. */
export async function indexCounts(
  engine: Engine,
): Promise<{ chroma: { chunk: number; memory: number }; sqlite: { chunk: number; memory: number } }> {
  const model = engine.services.settings.embeddingModel();
  return {
    chroma: {
      chunk: await engine.internals.vectors.count('chunk', model),
      memory: await engine.internals.vectors.count('memory', model),
    },
    sqlite: { chunk: engine.internals.store.chunks.count(), memory: engine.internals.store.memories.count() },
  };
}
