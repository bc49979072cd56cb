// npm run bench:startup -- [--messages 100000] [--out bench-results/startup] [--seed 42] [--profile DIR]
// What opening a big profile costs before the first window can show: the start-up integrity
// check (`PRAGMA quick_check` over the whole file), Chroma's start, and the reconciliation of
// the vector index with SQLite by id. Builds an indexed synthetic profile (or reuses --profile,
// kept from an earlier run), closes it, opens it again as the app does and times each part,
// with the longest the event loop was held. Prints the figures and writes startup.json.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { resolveEngineConfig } from '../src/main/engine/config';
import { dataPaths, Engine } from '../src/main/engine/engine';
import { fixedKey } from '../src/main/engine/keys';
import { inspectProfile } from '../src/main/engine/profile';
import { HistoryLoader } from './lib/bench-ingest';
import { round2, sizeOnDisk } from './lib/measure';
import { syntheticHistory } from './lib/synthetic-history';
import { TestOllamaServer } from '../testkit/ollama-server';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    out: { type: 'string', default: 'bench-results/startup' },
    seed: { type: 'string', default: '42' },
    profile: { type: 'string' },
    opens: { type: 'string', default: '3' },
  },
});
const messages = Number(values.messages);
const opens = Number(values.opens);
// A fixed key: a kept profile can be opened again by a later run.
const KEY = Buffer.alloc(32, 0x5a);
const log = (line: string) => console.error(`[bench:startup ${new Date().toISOString().slice(11, 19)}] ${line}`);

const server = new TestOllamaServer();
const ollamaUrl = await server.start();
const dataDir = values.profile ? resolve(values.profile) : mkdtempSync(join(tmpdir(), 'mnemo-bench-startup-'));
const open = (runIndexer: boolean) =>
  Engine.open({
    config: resolveEngineConfig(dataDir, { ollama: { host: ollamaUrl } }),
    keys: fixedKey(KEY),
    runIndexer,
    runBackgroundSummaries: false,
  });

if (!values.profile) {
  log(`building ${messages} messages in ${dataDir}`);
  const engine = await open(false);
  engine.internals.indexer.on('progress', () => server.reset());
  const loader = new HistoryLoader(engine, syntheticHistory(messages, { seed: Number(values.seed) }));
  loader.loadUntil(messages);
  log(`stored; indexing ${engine.internals.store.outbox.pendingCount()} outbox entries`);
  await engine.internals.indexer.flush();
  engine.internals.store.db.pragma('wal_checkpoint(TRUNCATE)');
  await engine.close();
}

const paths = dataPaths(dataDir);
const runs: Record<string, number>[] = [];
for (let run = 0; run < opens; run++) {
  const started = performance.now();
  inspectProfile(paths, { key: KEY });
  const quickCheckMs = performance.now() - started;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // Its timer arms on the loop's next turns: without them a block at the very start of the open goes unseen.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const openStarted = performance.now();
  const engine = await open(false);
  const openMs = performance.now() - openStarted;
  await engine.internals.vectorIndex.reconciled();
  const reconciledMs = performance.now() - openStarted;
  loop.disable();
  // Reconciliation again on the open engine, alone: what it adds to an open.
  const reconcileStarted = performance.now();
  await engine.internals.vectorIndex.reconcile();
  const reconcileMs = performance.now() - reconcileStarted;
  const chunks = engine.internals.store.chunks.count();
  await engine.close();
  runs.push({
    quick_check_ms: round2(quickCheckMs),
    engine_open_ms: round2(openMs),
    reconciled_after_ms: round2(reconciledMs),
    reconcile_ms: round2(reconcileMs),
    longest_loop_block_ms: round2(loop.max / 1e6),
    chunks,
  });
  log(`open ${run + 1}: ${JSON.stringify(runs.at(-1))}`);
}

const report = {
  bench: 'mnemo-startup',
  messages,
  sqlite_bytes: sizeOnDisk(paths.database),
  chroma_bytes: sizeOnDisk(paths.chroma),
  runs,
  note: 'engine_open_ms: until the engine is open (the first window waits for this): integrity check, SQLite, Chroma start. reconciled_after_ms: until the start-up reconciliation of the vector index is over (after the open, in the background). reconcile_ms: one more reconciliation on the open engine. longest_loop_block_ms: the longest the event loop was held from open to reconciled.',
};
await server.stop();
const outDir = resolve(values.out);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'startup.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
console.log(`profile kept in ${dataDir} (reuse with --profile)`);
