// Loads the synthetic history into the store through the write path chat uses
// (`messages.appendTurn`: message, chunks, FTS rows and outbox rows in one transaction), many
// turns per outer transaction as an import would. Then times the indexer draining the outbox.
import type { Engine } from '../../src/main/engine/engine';
import type { PhaseProbes } from './bench-probes';
import { since } from './bench-probes';
import { busyFor, ownCpuMs, processCpuMs, round2 } from './measure';
import type { SyntheticConversation } from './synthetic-history';
import { addWriteCounts, WriteCounter, type WriteCounts } from './write-counters';

/** Turns per outer transaction: large enough that commits do not dominate, small enough to yield now and then. */
const TURNS_PER_TRANSACTION = 1000;

export interface IngestFigures {
  messages: number;
  chunks: number;
  /** SQLite write path only: chunking, token counts, rows, FTS5, outbox. No embedding. */
  write_ms: number;
  messages_per_s: number;
  chunks_per_s: number;
  /** The same step's work in counts that machine load does not change (CPU, bytes, WAL pages, checkpoints). */
  work: WriteCounts;
}

export interface IndexingFigures {
  /** Outbox entries drained into Chroma. */
  chunks: number;
  /** Time for the outbox to drain after the ingest (the indexer's catch-up). */
  catchup_ms: number;
  chunks_per_s: number;
  embed_ms: number;
  embed_calls: number;
  chroma_upsert_ms: number;
  chroma_upsert_calls: number;
  /** The rest of the drain: SQLite reads and writes of the indexer, and its bookkeeping. */
  other_ms: number;
  /** CPU used meanwhile by this process (indexer, HTTP, and the in-process test server's embedding) and by the Chroma sidecar. */
  main_cpu_ms: number;
  chroma_cpu_ms: number;
  /**
   * How long Chroma went on working by itself after the drain (folding what it was sent into
   * its index) before it was quiet; retrieval is measured after that, in the steady state.
   */
  chroma_settle_ms: number;
}

export class HistoryLoader {
  /** Ids of the conversations stored so far, in order, with their message counts. */
  readonly conversations: { id: string; messages: number }[] = [];
  private readonly turns: Generator<{ conversation: SyntheticConversation; index: number }>;
  private loaded = 0;

  constructor(
    private readonly engine: Engine,
    history: Iterable<SyntheticConversation>,
  ) {
    this.turns = flatten(history);
  }

  get messages(): number {
    return this.loaded;
  }

  /** Stores turns until `total` messages are stored; returns what this step wrote and how fast. */
  loadUntil(total: number): IngestFigures {
    const { store } = this.engine.internals;
    const chunksBefore = store.chunks.count();
    const startedWith = this.loaded;
    const started = performance.now();
    const counter = new WriteCounter(store.db.name);
    while (this.loaded < total) {
      const until = Math.min(total, this.loaded + TURNS_PER_TRANSACTION);
      store.transaction(() => {
        while (this.loaded < until) {
          const next = this.turns.next();
          if (next.done) throw new Error(`The synthetic history ran out after ${this.loaded} messages.`);
          this.append(next.value.conversation, next.value.index);
        }
      });
      counter.committed();
    }
    const ms = performance.now() - started;
    const messages = this.loaded - startedWith;
    const chunks = store.chunks.count() - chunksBefore;
    return {
      messages,
      chunks,
      write_ms: round2(ms),
      messages_per_s: perSecond(messages, ms),
      chunks_per_s: perSecond(chunks, ms),
      work: counter.counts(),
    };
  }

  private append(conversation: SyntheticConversation, index: number): void {
    const { store } = this.engine.internals;
    if (index === 0) {
      this.conversations.push({
        id: store.conversations.create({ title: conversation.title, createdAt: conversation.createdAt }).id,
        messages: 0,
      });
    }
    const current = this.conversations[this.conversations.length - 1]!;
    const turn = conversation.turns[index]!;
    store.messages.appendTurn({
      conversationId: current.id,
      role: turn.role,
      content: turn.text,
      createdAt: turn.createdAt,
    });
    current.messages += 1;
    this.loaded += 1;
  }
}

/** Drains the whole outbox into Chroma and says where the time went. */
export async function drainOutbox(engine: Engine, probes: PhaseProbes): Promise<IndexingFigures> {
  const pending = engine.internals.store.outbox.pendingCount();
  const before = probes.snapshot();
  const cpuBefore = { main: ownCpuMs(), chroma: processCpuMs(engine.internals.sidecar.pid) ?? 0 };
  const started = performance.now();
  await engine.internals.indexer.flush();
  const ms = performance.now() - started;
  const cpu = {
    main: ownCpuMs() - cpuBefore.main,
    chroma: (processCpuMs(engine.internals.sidecar.pid) ?? 0) - cpuBefore.chroma,
  };
  const embed = since(probes.embed, before.embed);
  const upsert = since(probes.upsert, before.upsert);
  const settle = await busyFor(engine.internals.sidecar.pid);
  return {
    chunks: pending,
    catchup_ms: round2(ms),
    chunks_per_s: perSecond(pending, ms),
    embed_ms: round2(embed.ms),
    embed_calls: embed.calls,
    chroma_upsert_ms: round2(upsert.ms),
    chroma_upsert_calls: upsert.calls,
    other_ms: round2(Math.max(0, ms - embed.ms - upsert.ms)),
    main_cpu_ms: round2(cpu.main),
    chroma_cpu_ms: round2(cpu.chroma),
    chroma_settle_ms: settle,
  };
}

function* flatten(
  history: Iterable<SyntheticConversation>,
): Generator<{ conversation: SyntheticConversation; index: number }> {
  for (const conversation of history) {
    for (let index = 0; index < conversation.turns.length; index++) yield { conversation, index };
  }
}

const perSecond = (count: number, ms: number) => (ms > 0 ? round2((count * 1000) / ms) : 0);

/** Adds per-step figures into totals (rates recomputed from the sums). */
export function addIngest(steps: readonly IngestFigures[]): IngestFigures {
  const messages = steps.reduce((s, f) => s + f.messages, 0);
  const chunks = steps.reduce((s, f) => s + f.chunks, 0);
  const ms = steps.reduce((s, f) => s + f.write_ms, 0);
  return {
    messages,
    chunks,
    write_ms: round2(ms),
    messages_per_s: perSecond(messages, ms),
    chunks_per_s: perSecond(chunks, ms),
    work: addWriteCounts(steps.map((f) => f.work)),
  };
}

export function addIndexing(steps: readonly IndexingFigures[]): IndexingFigures {
  const sum = (key: keyof IndexingFigures) => steps.reduce((s, f) => s + f[key], 0);
  const ms = sum('catchup_ms');
  return {
    chunks: sum('chunks'),
    catchup_ms: round2(ms),
    chunks_per_s: perSecond(sum('chunks'), ms),
    embed_ms: round2(sum('embed_ms')),
    embed_calls: sum('embed_calls'),
    chroma_upsert_ms: round2(sum('chroma_upsert_ms')),
    chroma_upsert_calls: sum('chroma_upsert_calls'),
    other_ms: round2(sum('other_ms')),
    main_cpu_ms: round2(sum('main_cpu_ms')),
    chroma_cpu_ms: round2(sum('chroma_cpu_ms')),
    chroma_settle_ms: round2(sum('chroma_settle_ms')),
  };
}
