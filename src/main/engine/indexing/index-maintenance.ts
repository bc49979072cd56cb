// Whole-index jobs: rebuilding Chroma from the vectors cached in SQLite (after Chroma lost
// its data; no Ollama call), and embedding everything again for a new embedding model,
// in the background with progress.
import { EventEmitter } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { contentHash, type Store } from '../store';
import type { VectorIndex, VectorKind, VectorRecord } from '../vectors/vector-index';
import type { Embedder } from './outbox-indexer';
import { loadIndexable, type IndexableItem } from './records';

export interface IndexJobProgress {
  job: 'rebuild' | 'reembed';
  model: string;
  done: number;
  total: number;
}

export interface IndexMaintenanceEvents {
  progress: [IndexJobProgress];
}

const KINDS: readonly VectorKind[] = ['chunk', 'memory'];

export class IndexMaintenance extends EventEmitter<IndexMaintenanceEvents> {
  private readonly pageSize: number;

  constructor(
    private readonly store: Store,
    private readonly vectors: VectorIndex,
    private readonly embed: Embedder,
    options: { pageSize?: number } = {},
  ) {
    super();
    this.pageSize = options.pageSize ?? 256;
  }

  /**
   * Makes Chroma hold exactly SQLite's items for `model`, compared by id (equal counts can
   * hide different items: a database restored from a backup or started afresh while chroma/
   * kept the old vectors). Vectors of items SQLite no longer has are deleted; missing ones are
   * put back from SQLite's cache, or queued for the indexer when no current vector is cached.
   */
  async reconcile(model: string): Promise<{ removed: number; restored: number; queued: number }> {
    this.store.embeddings.pruneOrphans();
    const totals = { removed: 0, restored: 0, queued: 0 };
    for (const kind of KINDS) {
      const indexed = await this.vectors.allIds(kind, model);
      // Items the outbox already owes the index are the indexer's: queuing them again doubled
      // the embedding work after every start with a backlog.
      const owed = this.store.outbox.queuedUpserts(kind);
      const live = new Set<string>();
      for (const page of this.pages(kind)) {
        const missing = page.filter((item) => !indexed.has(item.id) && !owed.has(item.id));
        for (const item of page) live.add(item.id);
        const { restored, queued } = await this.restore(kind, model, missing);
        totals.restored += restored;
        totals.queued += queued;
        // A page with nothing to restore awaits nothing: without a turn of the loop here, 100k
        // messages were read in one stretch (13 s at start, while the app was already open).
        await nextTurn();
      }
      const stale = [...indexed].filter((id) => !live.has(id));
      if (stale.length > 0) await this.vectors.delete(kind, model, stale);
      totals.removed += stale.length;
    }
    return totals;
  }

  private async restore(
    kind: VectorKind,
    model: string,
    items: IndexableItem[],
  ): Promise<{ restored: number; queued: number }> {
    const records: VectorRecord[] = [];
    const missing: string[] = [];
    for (const item of items) {
      const cached = this.store.embeddings.find(kind, item.id, model);
      if (cached && cached.contentHash === contentHash(item.text))
        records.push({ id: item.id, embedding: cached.vector, metadata: item.metadata });
      else missing.push(item.id);
    }
    if (records.length > 0) await this.vectors.upsert(kind, model, records);
    this.store.outbox.enqueue('upsert', kind, missing);
    return { restored: records.length, queued: missing.length };
  }

  /**
   * Recreates the collections of `model` from SQLite alone, in `into` (the engine's index
   * unless another is named: moving the index fills the new place before switching to it).
   * Items without a cached vector (or whose text changed since) are queued for the indexer.
   */
  async rebuildFromCache(
    model: string,
    into: VectorIndex = this.vectors,
  ): Promise<{ restored: number; queued: number }> {
    let restored = 0;
    let queued = 0;
    const total = this.store.chunks.count() + this.store.memories.count();
    for (const kind of KINDS) {
      await into.drop(kind, model);
      for (const page of this.pages(kind)) {
        const records: VectorRecord[] = [];
        const missing: string[] = [];
        for (const item of page) {
          const cached = this.store.embeddings.find(kind, item.id, model);
          if (cached && cached.contentHash === contentHash(item.text))
            records.push({ id: item.id, embedding: cached.vector, metadata: item.metadata });
          else missing.push(item.id);
        }
        await into.upsert(kind, model, records);
        this.store.outbox.enqueue('upsert', kind, missing);
        restored += records.length;
        queued += missing.length;
        this.emit('progress', { job: 'rebuild', model, done: restored + queued, total });
      }
    }
    return { restored, queued };
  }

  /**
   * Embeds every item that has no current vector for `model`, stores the vectors and fills
   * the model's collections. Resumable: what is already cached is not embedded again.
   */
  async reembed(model: string, options: { signal?: AbortSignal } = {}): Promise<{ embedded: number; reused: number }> {
    let embedded = 0;
    let reused = 0;
    const total = this.store.chunks.count() + this.store.memories.count();
    for (const kind of KINDS) {
      for (const page of this.pages(kind)) {
        options.signal?.throwIfAborted();
        const hashes = page.map((item) => contentHash(item.text));
        const vectors: (ArrayLike<number> | undefined)[] = page.map((item, i) => {
          const cached = this.store.embeddings.find(kind, item.id, model);
          return cached && cached.contentHash === hashes[i] ? cached.vector : undefined;
        });
        const todo = page.map((_, i) => i).filter((i) => !vectors[i]);
        if (todo.length > 0) {
          const fresh = await this.embed(
            model,
            todo.map((i) => page[i]!.text),
          );
          this.store.transaction(() =>
            todo.forEach((i, k) => {
              vectors[i] = fresh[k]!;
              this.store.embeddings.put(kind, page[i]!.id, model, hashes[i]!, fresh[k]!);
            }),
          );
        }
        await this.vectors.upsert(
          kind,
          model,
          page.map((item, i) => ({ id: item.id, embedding: vectors[i]!, metadata: item.metadata })),
        );
        embedded += todo.length;
        reused += page.length - todo.length;
        this.emit('progress', { job: 'reembed', model, done: embedded + reused, total });
      }
    }
    return { embedded, reused };
  }

  /** Live items of a kind, page by page, read fresh from SQLite. */
  private *pages(kind: VectorKind): Generator<IndexableItem[]> {
    let after = 0;
    for (;;) {
      const ids =
        kind === 'chunk'
          ? this.store.chunks.idsAfter(after, this.pageSize)
          : this.store.memories.idsAfter(after, this.pageSize);
      if (ids.length === 0) return;
      after = ids[ids.length - 1]!.rowid;
      const items = ids
        .map((row) => loadIndexable(this.store, kind, row.id))
        .filter((item): item is IndexableItem => item !== null);
      if (items.length > 0) yield items;
    }
  }
}
