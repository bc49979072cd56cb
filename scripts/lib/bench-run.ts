// The bench, step by step: grow one profile through the sizes (1k, 10k, N messages), and at
// each size drain the outbox and measure retrieval, memory and disk; then, at the full size,
// the long-message and overflow-summary figures. Progress goes to `log`.
import {
  addIndexing,
  addIngest,
  drainOutbox,
  HistoryLoader,
  type IndexingFigures,
  type IngestFigures,
} from './bench-ingest';
import { measureLongMessage } from './bench-long-message';
import { measureMonitoring } from './bench-monitoring';
import { openBenchProfile, type BenchProfile } from './bench-profile';
import { PhaseProbes } from './bench-probes';
import type { BenchReport, SizeFigures } from './bench-report';
import { measureRetrieval, type RetrievalPass } from './bench-retrieval';
import { measureSummaries } from './bench-summarizer';
import { machineInfo, machineSpeedMs, memoryFigures, residentMb, round2, sizeOnDisk } from './measure';
import { syntheticHistory, syntheticQueries } from './synthetic-history';

export interface BenchOptions {
  messages: number;
  seed?: number;
  queries?: number;
  ollamaHost?: string;
  embeddingModel?: string;
  indexerBatch?: number;
  keepProfile?: boolean;
  /** SQLCipher encryption of the profile (the app's default); off measures what it costs. */
  encrypted?: boolean;
  log?: (line: string) => void;
}

const STEPS = [1_000, 10_000];
const LONG_MESSAGE_TOKENS = 20_000;
const SUMMARISED_CONVERSATIONS = 10;

const PASSES: readonly RetrievalPass[] = ['warm-up', 'opened', 'continuing', 'unopened', 'new', 'retrievers'];

/**
 * Questions of their own for each pass at each size (reproducible from the seed): a question
 * asked before, at a smaller size or in an earlier pass, finds its rows and word counts held.
 */
function freshQueries(count: number, seed: number, size: number): (pass: RetrievalPass) => readonly string[] {
  const sets = new Map(PASSES.map((pass, i) => [pass, syntheticQueries(count, seed + 1 + size * PASSES.length + i)]));
  return (pass) => sets.get(pass)!;
}

/** 1k, 10k and N, those below N only. */
export function benchSizes(messages: number): number[] {
  return [...new Set([...STEPS.filter((s) => s < messages), messages])];
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? 42;
  const queryCount = options.queries ?? 300;
  const machine = machineInfo();
  const speedAtStart = machineSpeedMs();
  const encrypted = options.encrypted ?? true;
  const profile = await openBenchProfile({
    encrypted,
    ...(options.ollamaHost ? { ollamaHost: options.ollamaHost } : {}),
    ...(options.embeddingModel ? { embeddingModel: options.embeddingModel } : {}),
    ...(options.indexerBatch ? { indexerBatch: options.indexerBatch } : {}),
  });
  const setupMs = performance.now() - started;
  log(`profile in ${profile.dataDir}; embeddings: ${profile.embeddings}`);
  try {
    const probes = new PhaseProbes(profile.engine);
    const loader = new HistoryLoader(profile.engine, syntheticHistory(options.messages, { seed }));
    const sizes: SizeFigures[] = [];
    for (const size of benchSizes(options.messages)) {
      sizes.push(await growTo(size, { profile, probes, loader, queryCount, seed, log }));
    }
    log('long message and overflow summaries');
    const oneOffsStarted = performance.now();
    const longMessage = measureLongMessage(profile.engine, { tokens: LONG_MESSAGE_TOKENS, repeats: 50 });
    const summarisation = await measureSummaries(profile.engine, {
      testServerUrl: profile.testServerUrl,
      conversationIds: spread(
        loader.conversations.map((c) => c.id),
        SUMMARISED_CONVERSATIONS,
      ),
    });
    // As many turn rows as messages: 100,000 by default, what the default retention keeps.
    log(`monitoring over ${options.messages} turn rows`);
    const monitoring = measureMonitoring(profile.engine, {
      turns: options.messages,
      repeats: 20,
      conversationIds: loader.conversations.map((c) => c.id),
    });
    const oneOffsMs = performance.now() - oneOffsStarted;
    return {
      bench: 'mnemo',
      messages: options.messages,
      seed,
      queries_per_size: queryCount,
      embeddings: profile.embeddings,
      embedding_model: profile.engine.services.settings.embeddingModel(),
      encrypted,
      indexer_batch: options.indexerBatch ?? null,
      machine: { ...machine, speed_ms: { start: speedAtStart, end: machineSpeedMs() } },
      wall_ms: round2(performance.now() - started),
      phases_ms: {
        setup: round2(setupMs),
        ingest: round2(sizes.reduce((sum, s) => sum + s.ingest.write_ms, 0)),
        indexing: round2(sizes.reduce((sum, s) => sum + s.indexing.catchup_ms, 0)),
        measuring: round2(sizes.reduce((sum, s) => sum + s.measuring_ms, 0)),
        long_message_and_summaries: round2(oneOffsMs),
      },
      ingest: addIngest(sizes.map((s) => s.ingest)),
      indexing: addIndexing(sizes.map((s) => s.indexing)),
      sizes,
      long_message: longMessage,
      summarisation,
      monitoring,
    };
  } finally {
    await profile.close({ keepData: options.keepProfile ?? false });
    if (options.keepProfile) log(`profile kept in ${profile.dataDir}`);
  }
}

interface StepContext {
  profile: BenchProfile;
  probes: PhaseProbes;
  loader: HistoryLoader;
  queryCount: number;
  seed: number;
  log: (line: string) => void;
}

async function growTo(
  size: number,
  { profile, probes, loader, queryCount, seed, log }: StepContext,
): Promise<SizeFigures> {
  const { engine, paths } = profile;
  const ingest: IngestFigures = loader.loadUntil(size);
  log(
    `${size} messages: stored ${ingest.messages} in ${(ingest.write_ms / 1000).toFixed(1)} s (${ingest.messages_per_s.toFixed(0)} msgs/s); draining ${engine.internals.store.outbox.pendingCount()} outbox entries`,
  );
  const indexing: IndexingFigures = await drainOutbox(engine, probes);
  log(
    `${size} messages: indexed in ${(indexing.catchup_ms / 1000).toFixed(1)} s (embed ${(indexing.embed_ms / 1000).toFixed(1)} s, upsert ${(indexing.chroma_upsert_ms / 1000).toFixed(1)} s); measuring retrieval`,
  );
  const measuringStarted = performance.now();
  const retrieval = await measureRetrieval(engine, {
    queries: freshQueries(queryCount, seed, size),
    conversationIds: loader.conversations.map((c) => c.id),
    seed: seed + size,
  });
  // Fold the WAL into the file, so the size on disk is the database's, not the last write burst's.
  engine.internals.store.db.pragma('wal_checkpoint(TRUNCATE)');
  const sqliteBytes = ['', '-wal', '-shm'].reduce((sum, suffix) => sum + sizeOnDisk(`${paths.database}${suffix}`), 0);
  return {
    messages: loader.messages,
    chunks: engine.internals.store.chunks.count(),
    ingest,
    indexing,
    retrieval,
    memory: { ...memoryFigures(), chroma_rss_mb: residentMb(engine.internals.sidecar.pid) },
    disk: { sqlite_bytes: sqliteBytes, chroma_bytes: sizeOnDisk(paths.chroma) },
    measuring_ms: round2(performance.now() - measuringStarted),
  };
}

/** `count` items spread evenly over `items` (all of them when there are fewer). */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}
