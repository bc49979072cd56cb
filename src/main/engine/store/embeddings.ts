// The embedding cache, per item and embedding model. The Chroma index is rebuilt from these
// rows without calling Ollama; a content hash tells when an item changed since it was embedded.
import { createHash } from 'node:crypto';
import type { RepoContext } from './context';
import type { OutboxItemKind } from './outbox';

export interface StoredEmbedding {
  itemKind: OutboxItemKind;
  itemId: string;
  model: string;
  contentHash: string;
  vector: Float32Array;
}

export const contentHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

const toBlob = (vector: ArrayLike<number>): Buffer => Buffer.from(Float32Array.from(vector).buffer);
const fromBlob = (blob: Buffer): Float32Array =>
  new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));

interface EmbeddingRow {
  item_kind: OutboxItemKind;
  item_id: string;
  model: string;
  content_hash: string;
  vector: Buffer;
}

const toStored = (row: EmbeddingRow): StoredEmbedding => ({
  itemKind: row.item_kind,
  itemId: row.item_id,
  model: row.model,
  contentHash: row.content_hash,
  vector: fromBlob(row.vector),
});

/**
 * Told of every chunk vector written or deleted (and of all let go at once), so vectors a reader
 * holds in memory stay in step with the rows here.
 */
export interface ChunkVectorListener {
  /** Whether anything is held: only then does a write look up its chunk's conversation. */
  readonly holdsAny: boolean;
  written(model: string, conversationId: string, chunkId: string, vector: ArrayLike<number>): void;
  deleted(chunkIds: readonly string[]): void;
  cleared(): void;
}

/** Told of every memory vector written or deleted (and of all let go at once), like `ChunkVectorListener`. */
export interface MemoryVectorListener {
  written(model: string, memoryId: string, vector: ArrayLike<number>): void;
  deleted(memoryIds: readonly string[]): void;
  cleared(): void;
}

export class EmbeddingRepository {
  private readonly listeners: ChunkVectorListener[] = [];
  private readonly memoryListeners: MemoryVectorListener[] = [];

  constructor(private readonly ctx: RepoContext) {}

  /** Tells `listener` of every chunk vector written or deleted from now on. */
  listen(listener: ChunkVectorListener): void {
    this.listeners.push(listener);
  }

  /** Tells `listener` of every memory vector written or deleted from now on. */
  listenToMemories(listener: MemoryVectorListener): void {
    this.memoryListeners.push(listener);
  }

  /** The vectors of the memories embedded with `model`, by memory id (deleted ones may linger until pruned). */
  memoryVectorsOf(model: string): [string, Float32Array][] {
    const rows = this.ctx
      .prepare(`SELECT item_id AS id, vector FROM embeddings WHERE item_kind = 'memory' AND model = ?`)
      .all(model) as { id: string; vector: Buffer }[];
    return rows.map((row) => [row.id, fromBlob(row.vector)]);
  }

  /** The vectors of a conversation's chunks embedded with `model`, by chunk id. */
  chunkVectorsOf(conversationId: string, model: string): [string, Float32Array][] {
    // CROSS JOIN: from the conversation's chunks to their vectors, never a scan of all vectors.
    const rows = this.ctx
      .prepare(
        `SELECT e.item_id AS id, e.vector FROM chunks c CROSS JOIN embeddings e
         ON e.item_kind = 'chunk' AND e.item_id = c.id AND e.model = ? WHERE c.conversation_id = ?`,
      )
      .all(model, conversationId) as { id: string; vector: Buffer }[];
    return rows.map((row) => [row.id, fromBlob(row.vector)]);
  }

  find(kind: OutboxItemKind, itemId: string, model: string): StoredEmbedding | undefined {
    const row = this.ctx
      .prepare(`SELECT * FROM embeddings WHERE item_kind = ? AND item_id = ? AND model = ?`)
      .get(kind, itemId, model) as EmbeddingRow | undefined;
    return row && toStored(row);
  }

  put(kind: OutboxItemKind, itemId: string, model: string, hash: string, vector: ArrayLike<number>): void {
    this.ctx
      .prepare(
        `INSERT INTO embeddings (item_kind, item_id, model, content_hash, dim, vector, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (item_kind, item_id, model) DO UPDATE SET content_hash = excluded.content_hash, dim = excluded.dim,
           vector = excluded.vector, created_at = excluded.created_at`,
      )
      .run(kind, itemId, model, hash, vector.length, toBlob(vector), this.ctx.now());
    if (kind === 'memory') for (const listener of this.memoryListeners) listener.written(model, itemId, vector);
    if (kind === 'chunk' && this.listeners.some((listener) => listener.holdsAny)) {
      const conversationId = this.ctx.prepare(`SELECT conversation_id FROM chunks WHERE id = ?`).pluck().get(itemId) as
        string | undefined;
      if (conversationId)
        for (const listener of this.listeners) listener.written(model, conversationId, itemId, vector);
    }
  }

  deleteItems(kind: OutboxItemKind, itemIds: Iterable<string>): void {
    const ids = [...itemIds];
    const statement = this.ctx.prepare(`DELETE FROM embeddings WHERE item_kind = ? AND item_id = ?`);
    for (const id of ids) statement.run(kind, id);
    if (kind === 'chunk') for (const listener of this.listeners) listener.deleted(ids);
    if (kind === 'memory') for (const listener of this.memoryListeners) listener.deleted(ids);
  }

  countFor(model: string, kind?: OutboxItemKind): number {
    const row = kind
      ? this.ctx.prepare(`SELECT count(*) AS n FROM embeddings WHERE model = ? AND item_kind = ?`).get(model, kind)
      : this.ctx.prepare(`SELECT count(*) AS n FROM embeddings WHERE model = ?`).get(model);
    return (row as { n: number }).n;
  }

  models(): string[] {
    return this.ctx.prepare(`SELECT DISTINCT model FROM embeddings ORDER BY model`).pluck().all() as string[];
  }

  /** Drops cached vectors whose item no longer exists (after deletes). */
  pruneOrphans(): number {
    for (const listener of this.listeners) listener.cleared();
    for (const listener of this.memoryListeners) listener.cleared();
    const a = this.ctx
      .prepare(`DELETE FROM embeddings WHERE item_kind = 'chunk' AND item_id NOT IN (SELECT id FROM chunks)`)
      .run().changes;
    const b = this.ctx
      .prepare(
        `DELETE FROM embeddings WHERE item_kind = 'memory' AND item_id NOT IN (SELECT id FROM memories WHERE deleted_at IS NULL)`,
      )
      .run().changes;
    return a + b;
  }
}
