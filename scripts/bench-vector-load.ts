// npm run bench:vector-load -- [--messages 100000] [--out bench-results/vector-load] [--repeats 3] [--queries 50]
// What "keep the vector index in memory only" costs: an encrypted profile with the index in
// memory is grown to N messages (embedded by the test Ollama server); then the engine is
// closed and opened again, `--repeats` times, and the time until the index is back in memory
// (rebuilt from SQLite's encrypted embedding cache) is measured, with the heap it takes and
// the time of a nearest-chunks query over it. Writes vector-load.json and prints a table.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveEngineConfig } from '../src/main/engine/config';
import { Engine } from '../src/main/engine/engine';
import { fixedKey } from '../src/main/engine/keys';
import { newDatabaseKey } from '../src/main/engine/store';
import { TestOllamaServer } from '../testkit/ollama-server';
import { HistoryLoader } from './lib/bench-ingest';
import { machineInfo, round2, textTable, timingsOf, type Timings } from './lib/measure';
import { syntheticHistory, syntheticQueries } from './lib/synthetic-history';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    out: { type: 'string', default: 'bench-results/vector-load' },
    repeats: { type: 'string', default: '3' },
    queries: { type: 'string', default: '50' },
  },
});
const messages = Number(values.messages);
const repeats = Number(values.repeats);
const queryCount = Number(values.queries);
const log = (line: string) => console.error(`[vector-load ${new Date().toISOString().slice(11, 19)}] ${line}`);

interface SizeResult {
  messages: number;
  chunks: number;
  vectors: number;
  /** Engine.open until it returns (the index then fills in the background). */
  open_ms: number[];
  /** Engine.open until every cached vector is back in memory. */
  loaded_ms: number[];
  heap_mb_after_load: number;
  query_ms: Timings;
  load_average: number[];
}

const server = new TestOllamaServer();
const url = await server.start();
const dataDir = mkdtempSync(join(tmpdir(), 'mnemo-vector-load-'));
const options = {
  config: resolveEngineConfig(dataDir, { ollama: { host: url } }),
  keys: fixedKey(newDatabaseKey()),
  runIndexer: false,
  runBackgroundSummaries: false,
};
let engine = await Engine.open(options);
const results: SizeResult[] = [];
try {
  await engine.internals.vectorIndex.moveTo('memory');
  const loader = new HistoryLoader(engine, syntheticHistory(messages, { seed: 42 }));
  {
    const size = messages;
    loader.loadUntil(size);
    log(`${size} messages stored; embedding ${engine.internals.store.outbox.pendingCount()} outbox entries`);
    engine.internals.indexer.on('progress', () => server.reset());
    await engine.internals.indexer.flush();
    const open: number[] = [];
    const loaded: number[] = [];
    for (let r = 0; r < repeats; r++) {
      await engine.close();
      global.gc?.();
      const started = performance.now();
      engine = await Engine.open(options);
      open.push(round2(performance.now() - started));
      await engine.internals.vectorLocation.whenLoaded();
      loaded.push(round2(performance.now() - started));
      log(`${size} messages: open ${open.at(-1)} ms, index in memory after ${loaded.at(-1)} ms`);
    }
    global.gc?.();
    const model = engine.services.settings.embeddingModel();
    const queryTimes: number[] = [];
    for (const query of syntheticQueries(queryCount, 7 + size)) {
      const [vector] = await engine.internals.ollama.embed(model, [query]);
      const started = performance.now();
      await engine.internals.vectors.query('chunk', model, vector!, { limit: 50 });
      queryTimes.push(performance.now() - started);
    }
    results.push({
      messages: size,
      chunks: engine.internals.store.chunks.count(),
      vectors:
        (await engine.internals.vectors.count('chunk', model)) +
        (await engine.internals.vectors.count('memory', model)),
      open_ms: open,
      loaded_ms: loaded,
      heap_mb_after_load: round2(
        process.memoryUsage().heapUsed / 2 ** 20 + process.memoryUsage().arrayBuffers / 2 ** 20,
      ),
      query_ms: timingsOf(queryTimes),
      load_average: (await import('node:os')).loadavg().map(round2),
    });
  }
} finally {
  await engine.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const report = {
  bench: 'vector-index-in-memory',
  encrypted: true,
  embeddings: 'test Ollama server (hashed n-grams, 384 dimensions)',
  machine: machineInfo(),
  sizes: results,
};
const outDir = resolve(values.out);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'vector-load.json'), `${JSON.stringify(report, null, 2)}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  textTable(
    [
      'messages',
      'vectors',
      'open (ms)',
      'in memory after (ms, median)',
      'runs (ms)',
      'heap+buffers (MB)',
      'query p50/p95 (ms)',
      'load avg',
    ],
    results.map((r) => [
      String(r.messages),
      String(r.vectors),
      String(median(r.open_ms)),
      String(median(r.loaded_ms)),
      r.loaded_ms.join(' / '),
      String(r.heap_mb_after_load),
      `${r.query_ms.p50} / ${r.query_ms.p95}`,
      r.load_average.join(' '),
    ]),
  ),
);
console.log(`\nwrote ${join(outDir, 'vector-load.json')}`);
