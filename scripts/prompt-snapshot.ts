// Writes the prompts of the bench's dry runs, one JSON line each, for a before/after check
// that a refactor left every prompt byte-identical. Chroma's nearest neighbours are
// approximate and vary from run to run (its graph depends on thread timing), so while the
// questions are asked its queries are answered exactly from the embedding cache instead;
// everything else is the engine's own path. The profile is built once (--build DIR) and each
// version of the code asks its questions of a fresh copy of it (--profile DIR).
// npx tsx scripts/prompt-snapshot.ts --build DIR [--messages 10000] [--seed 42]
// npx tsx scripts/prompt-snapshot.ts --profile DIR --out FILE [--messages 10000] [--queries 300] [--seed 42]
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EngineApi } from '../src/main/engine/api';
import { resolveEngineConfig } from '../src/main/engine/config';
import { Engine } from '../src/main/engine/engine';
import { fixedKey } from '../src/main/engine/keys';
import { TestOllamaServer } from '../testkit/ollama-server';
import { HistoryLoader } from './lib/bench-ingest';
import { seededRandom, syntheticHistory, syntheticQueries } from './lib/synthetic-history';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '10000' },
    queries: { type: 'string', default: '300' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string' },
    build: { type: 'string' },
    profile: { type: 'string' },
  },
});
if (!values.build && !(values.profile && values.out)) throw new Error('--build DIR, or --profile DIR --out FILE');
const size = Number(values.messages);
const count = Number(values.queries);
const seed = Number(values.seed);

const server = new TestOllamaServer();
const host = await server.start();
const dataDir = values.build ?? mkdtempSync(join(tmpdir(), 'mnemo-prompts-'));
if (values.profile) cpSync(values.profile, dataDir, { recursive: true });
let nextId = 0;
const engine = await Engine.open({
  // A generous Chroma deadline: on a loaded machine a query that times out drops its candidates.
  config: resolveEngineConfig(dataDir, {
    ollama: { host },
    chroma: { queryTimeoutMs: 120_000, callTimeoutMs: 120_000 },
  }),
  keys: fixedKey(null),
  runIndexer: false,
  runBackgroundSummaries: false,
  now: () => Date.UTC(2026, 11, 1),
  newId: () => `id-${(nextId++).toString().padStart(8, '0')}`,
});
try {
  if (values.build) {
    new HistoryLoader(engine, syntheticHistory(size, { seed })).loadUntil(size);
    engine.internals.indexer.on('progress', () => server.reset());
    await engine.internals.indexer.flush();
    console.log(`profile of ${size} messages in ${dataDir}`);
  } else {
    await askQuestions(values.out!);
  }
} finally {
  await engine.close();
  await server.stop();
  if (!values.build) rmSync(dataDir, { recursive: true, force: true });
}

/** Exact cosine nearest neighbours over the stored vectors, ties broken by id. */
function answerVectorQueriesExactly(): void {
  const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((sum, x) => sum + x * x, 0));
  const loaded = new Map<string, { ids: string[]; vectors: Float32Array[]; norms: number[] }>();
  const all = (kind: string, model: string) => {
    let held = loaded.get(`${kind} ${model}`);
    if (!held) {
      const rows = engine.internals.store.db
        .prepare(`SELECT item_id AS id, vector FROM embeddings WHERE item_kind = ? AND model = ? ORDER BY item_id`)
        .all(kind, model) as { id: string; vector: Buffer }[];
      const vectors = rows.map(
        (r) => new Float32Array(r.vector.buffer.slice(r.vector.byteOffset, r.vector.byteOffset + r.vector.byteLength)),
      );
      held = { ids: rows.map((r) => r.id), vectors, norms: vectors.map(norm) };
      loaded.set(`${kind} ${model}`, held);
    }
    return held;
  };
  engine.internals.vectors.query = async (kind, model, embedding, options) => {
    if (options.where) throw new Error('prompt-snapshot: filtered vector queries are not answered exactly');
    const { ids, vectors, norms } = all(kind, model);
    const queryNorm = norm(embedding);
    const hits = vectors.map((v, i) => {
      let dot = 0;
      for (let d = 0; d < v.length; d++) dot += v[d]! * embedding[d]!;
      return { id: ids[i]!, distance: 1 - dot / (norms[i]! * queryNorm || 1), metadata: {} };
    });
    hits.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1));
    return hits.slice(0, options.limit);
  };
}

async function askQuestions(out: string): Promise<void> {
  answerVectorQueriesExactly();
  const random = seededRandom(seed + size);
  // Conversations in the order they were stored (the pinned ids count up).
  const ids = engine.internals.store.conversations
    .list({ includeArchived: true, limit: 10_000 })
    .map((c) => c.id)
    .sort();
  const targets = Array.from({ length: count }, () => ids[Math.floor(random() * ids.length)]!);
  // The bench's "opened" pass: the chat view opens the conversation, then the message is assembled.
  const queries = syntheticQueries(count, seed + 1 + size * 6 + 1);
  const api = new EngineApi(engine);
  const lines: string[] = [];
  const digest = createHash('sha256');
  for (let i = 0; i < count; i++) {
    await api.dispatch('conversations.messages', { conversationId: targets[i]!, limit: 10_000 });
    await new Promise((resolve) => setImmediate(resolve));
    const context = await engine.internals.chat.dryRun({ conversationId: targets[i]!, content: queries[i]! });
    const line = JSON.stringify({
      i,
      conversationId: targets[i],
      mode: context.retrievalMode,
      messages: context.messages,
      tools: context.tools,
    });
    digest.update(line);
    lines.push(line);
  }
  writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(`${count} prompts at ${size} messages: sha256 ${digest.digest('hex')}`);
}
