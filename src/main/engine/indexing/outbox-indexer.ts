// Drains the outbox into the vector index: embed with Ollama (or take the cached vector),
// keep the vector in SQLite, upsert into Chroma, and only then remove the outbox row.
// Every step is idempotent (upsert by id, delete by id), so a crash or an outage anywhere
// leads to a retry, never to a lost or duplicated item.
import { EventEmitter } from 'node:events';
import { MnemoError, toMnemoError, type SerializedError } from '../../../shared/errors';
import type { Disposable } from '../lifecycle';
import { contentHash, type OutboxEntry, type Store } from '../store';
import type { VectorIndex, VectorKind, VectorRecord } from '../vectors/vector-index';
import { loadIndexable, type IndexableItem } from './records';

export type Embedder = (model: string, texts: string[]) => Promise<number[][]>;

export interface OutboxIndexerOptions {
  store: Store;
  vectors: VectorIndex;
  embed: Embedder;
  /** The embedding model whose collections receive writes (read at each batch). */
  embeddingModel: () => string;
  /** Outbox entries per pass: one Chroma write per kind. */
  batchSize?: number;
  /** Texts per embedding call within a pass, each call's vectors kept in SQLite as it returns. */
  embedBatchSize?: number;
  backoffMs?: { initial: number; max: number };
  /** How often an idle indexer looks at the outbox again (entries postponed after a failure come due). */
  pollMs?: number;
  now?: () => number;
}

export interface IndexerStatus {
  pending: number;
  /** The last failure, typed, so the UI words it in its language; null once a batch succeeds. */
  lastError: SerializedError | null;
  running: boolean;
}

export interface OutboxIndexerEvents {
  progress: [{ processed: number; pending: number; batch: number }];
  error: [{ message: string; code: string; retryInMs: number }];
  idle: [];
}

/**
 * Chroma's per-call cost dominates catching up on a long backlog (about 1.3 ms per chunk in
 * calls of 64, a quarter less in calls of 256), while Ollama is best asked for fewer texts
 * at a time: its calls are long and a failed one is redone whole.
 */
const DEFAULT_BATCH = 256;
const DEFAULT_EMBED_BATCH = 64;

export class OutboxIndexer extends EventEmitter<OutboxIndexerEvents> {
  private readonly batchSize: number;
  private readonly embedBatchSize: number;
  private readonly backoff: { initial: number; max: number };
  private readonly now: () => number;
  private readonly pollMs: number;
  private failures = 0;
  private lastError: SerializedError | null = null;
  private lastFailure: MnemoError | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private draining: Promise<void> | null = null;
  private exclusive: Promise<unknown> = Promise.resolve();
  private readonly enqueued: Disposable;

  constructor(private readonly options: OutboxIndexerOptions) {
    super();
    // The outbox announces new work; nobody else has to remember to wake the indexer.
    this.enqueued = options.store.outbox.onDidEnqueue(() => this.kick());
    this.batchSize = options.batchSize ?? DEFAULT_BATCH;
    this.embedBatchSize = options.embedBatchSize ?? DEFAULT_EMBED_BATCH;
    this.backoff = options.backoffMs ?? { initial: 500, max: 30_000 };
    this.now = options.now ?? Date.now;
    this.pollMs = options.pollMs ?? 1000;
  }

  /**
   * Runs in the background until disposed: drains whenever there is work, backs off on
   * failure. Returns itself for its owner's DisposableStore.
   */
  start(): this {
    if (this.running) return this;
    this.running = true;
    this.kick();
    return this;
  }

  /** Ends the run: no new drain starts, and the one under way is waited for. It may be started again. */
  async dispose(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.draining;
  }

  /** Drain soon: new work was queued, or what failed may succeed now (Chroma is back). */
  kick(delayMs = 0): void {
    if (!this.running || this.draining) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      // A background pass never rejects: a failure outside a batch (the outbox unreadable,
      // the disk full while recording a retry) is reported and retried like a failed batch.
      this.draining = this.drainDue()
        .then(
          () => undefined,
          (error: unknown) => this.report(error, this.backoff.max),
        )
        .finally(() => {
          this.draining = null;
          this.scheduleNext();
        });
    }, delayMs);
    this.timer.unref?.();
  }

  status(): IndexerStatus {
    return { pending: this.options.store.outbox.pendingCount(), lastError: this.lastError, running: this.running };
  }

  /**
   * Processes due entries until none is due or a batch fails. Returns how many were done.
   * Tests and start-up catch-up call this directly.
   */
  drainDue(): Promise<number> {
    // One drain at a time, whoever asks (the background loop, start-up, a test).
    const run = this.exclusive.then(() => this.drainBatches());
    this.exclusive = run.catch(() => undefined);
    return run;
  }

  /** Drains until the outbox is empty; gives up with the last error after `maxFailures` failed batches. */
  async flush(maxFailures = 3): Promise<void> {
    let failures = 0;
    while (this.options.store.outbox.pendingCount() > 0) {
      const before = this.options.store.outbox.pendingCount();
      await this.drainDue();
      if (this.options.store.outbox.pendingCount() >= before) {
        if (++failures >= maxFailures) {
          throw this.lastFailure ?? new MnemoError('INTERNAL', 'Indexing made no progress.', { pending: before });
        }
        const next = this.options.store.outbox.nextDueAt() ?? this.now();
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - this.now())));
      }
    }
  }

  private async drainBatches(): Promise<number> {
    let processed = 0;
    for (;;) {
      const entries = this.options.store.outbox.due(this.batchSize, this.now());
      if (entries.length === 0) return processed;
      const ok = await this.processBatch(entries);
      if (!ok) return processed;
      processed += entries.length;
      this.emit('progress', { processed, pending: this.options.store.outbox.pendingCount(), batch: entries.length });
    }
  }

  private scheduleNext(): void {
    if (!this.running) return;
    let next: number | null;
    try {
      next = this.options.store.outbox.nextDueAt();
    } catch (error) {
      this.report(error, this.backoff.max);
      this.kick(this.backoff.max);
      return;
    }
    if (next === null) {
      this.emit('idle');
      this.kick(this.pollMs);
      return;
    }
    this.kick(Math.min(this.pollMs, Math.max(0, next - this.now())));
  }

  private async processBatch(entries: OutboxEntry[]): Promise<boolean> {
    const model = this.options.embeddingModel();
    try {
      await this.applyBatch(entries, model);
      this.options.store.outbox.complete(entries.map((e) => e.id));
      this.failures = 0;
      this.lastError = null;
      this.lastFailure = null;
      return true;
    } catch (error) {
      const failure = toMnemoError(error);
      this.failures += 1;
      const delay = Math.min(this.backoff.max, this.backoff.initial * 2 ** (this.failures - 1));
      this.report(failure, delay);
      try {
        this.options.store.outbox.retryLater(
          entries.map((e) => e.id),
          `${failure.code}: ${failure.message}`,
          this.now() + delay,
        );
      } catch {
        // Recording the retry failed too (a full disk): the entries stay due and come back.
      }
      return false;
    }
  }

  private report(error: unknown, retryInMs: number): void {
    const failure = toMnemoError(error);
    this.lastFailure = failure;
    this.lastError = failure.toJSON();
    this.emit('error', { message: failure.message, code: failure.code, retryInMs });
  }

  private async applyBatch(entries: OutboxEntry[], model: string): Promise<void> {
    const { store, vectors } = this.options;
    // The current state in SQLite decides, not the op recorded: an item that exists is
    // upserted, one that is gone is deleted. Replaying any entry is therefore harmless.
    const upserts: IndexableItem[] = [];
    const deletes: Record<VectorKind, string[]> = { chunk: [], memory: [] };
    const seen = new Set<string>();
    for (const entry of entries) {
      const key = `${entry.itemKind}:${entry.itemId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const item = loadIndexable(store, entry.itemKind, entry.itemId);
      if (item) upserts.push(item);
      else deletes[entry.itemKind].push(entry.itemId);
    }

    const records = await this.vectorsFor(upserts, model);
    for (const kind of ['chunk', 'memory'] as const) {
      const forKind = records.filter((r) => r.kind === kind).map((r) => r.record);
      if (forKind.length > 0) await vectors.upsert(kind, model, forKind);
      if (deletes[kind].length > 0) await vectors.delete(kind, model, deletes[kind]);
    }
  }

  /**
   * Cached vectors where the text is unchanged; embedding calls of `embedBatchSize` for the
   * rest, each call's vectors kept as it returns, so a pass that fails later redoes none.
   */
  private async vectorsFor(
    items: IndexableItem[],
    model: string,
  ): Promise<{ kind: VectorKind; record: VectorRecord }[]> {
    const { store } = this.options;
    const hashes = items.map((item) => contentHash(item.text));
    const vectors: (ArrayLike<number> | undefined)[] = items.map((item, i) => {
      const cached = store.embeddings.find(item.kind, item.id, model);
      return cached && cached.contentHash === hashes[i] ? cached.vector : undefined;
    });
    const uncached = items.map((_, i) => i).filter((i) => vectors[i] === undefined);
    for (let start = 0; start < uncached.length; start += this.embedBatchSize) {
      const missing = uncached.slice(start, start + this.embedBatchSize);
      const embedded = await this.options.embed(
        model,
        missing.map((i) => items[i]!.text),
      );
      store.transaction(() => {
        missing.forEach((itemIndex, k) => {
          const item = items[itemIndex]!;
          const vector = embedded[k]!;
          // The item may have been deleted while we were embedding; then keep nothing.
          if (loadIndexable(store, item.kind, item.id))
            store.embeddings.put(item.kind, item.id, model, hashes[itemIndex]!, vector);
          vectors[itemIndex] = vector;
        });
      });
    }
    return items.map((item, i) => ({
      kind: item.kind,
      record: { id: item.id, embedding: vectors[i]!, metadata: item.metadata },
    }));
  }
}
