// Curated long-term memories with their full edit history and provenance. Deleting is soft
// so it can be undone; purging removes the row, its history and its cached vectors for good.
import type { Memory, MemoryActor, MemoryHistoryEntry, MemorySource } from '../../../shared/domain';
import { MnemoError } from '../../../shared/errors';
import { storedText, toBool, type RepoContext } from './context';
import { indexText } from '../language';
import { toFtsQuery } from '../retrieval/keyword-query';
import { plainSnippet } from './plain-snippet';
import type { EmbeddingRepository } from './embeddings';
import type { OutboxRepository } from './outbox';

interface MemoryRow {
  rowid: number;
  id: string;
  content: string;
  category: string;
  importance: number;
  source: MemorySource;
  source_message_id: string | null;
  source_conversation_id: string | null;
  pinned: number;
  token_count: number;
  deleted_at: number | null;
  created_at: number;
  updated_at: number;
}

const toMemory = (row: MemoryRow): Memory => ({
  id: row.id,
  content: row.content,
  category: row.category,
  importance: row.importance,
  source: row.source,
  sourceMessageId: row.source_message_id,
  sourceConversationId: row.source_conversation_id,
  pinned: toBool(row.pinned),
  tokenCount: row.token_count,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The fields a person (or the model) can change; history records these. */
const editable = (m: Memory) => ({
  content: m.content,
  category: m.category,
  importance: m.importance,
  pinned: m.pinned,
});

export interface NewMemory {
  content: string;
  category: string;
  importance: number;
  source: MemorySource;
  sourceMessageId?: string | null;
  sourceConversationId?: string | null;
  pinned?: boolean;
}

/** A memory with its soft-delete state, as exports carry it. */
export type StoredMemory = Memory & { deletedAt: number | null };

export type MemoryPatch = Partial<Pick<Memory, 'content' | 'category' | 'importance' | 'pinned'>>;

export interface ListMemoriesOptions {
  category?: string;
  pinnedOnly?: boolean;
  limit?: number;
  offset?: number;
}

export interface MemoryKeywordHit {
  memory: Memory;
  score: number;
  snippet: string;
}

export class MemoryRepository {
  constructor(
    private readonly ctx: RepoContext,
    private readonly outbox: OutboxRepository,
    private readonly embeddings: EmbeddingRepository,
  ) {}

  create(input: NewMemory, actor: MemoryActor): Memory {
    return this.ctx.db.transaction(() => {
      const now = this.ctx.now();
      const id = this.ctx.newId();
      const content = storedText(input.content);
      this.ctx
        .prepare(
          `INSERT INTO memories (id, content, index_content, category, importance, source, source_message_id, source_conversation_id, pinned, token_count, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          content,
          indexText(content),
          storedText(input.category),
          input.importance,
          input.source,
          input.sourceMessageId ?? null,
          input.sourceConversationId ?? null,
          input.pinned ? 1 : 0,
          this.ctx.countTokens(content),
          now,
          now,
        );
      const created = this.get(id);
      this.record(id, 'create', actor, null, editable(created));
      this.outbox.enqueue('upsert', 'memory', [id]);
      return created;
    })();
  }

  update(id: string, patch: MemoryPatch, actor: MemoryActor, action: 'update' | 'merge' = 'update'): Memory {
    return this.ctx.db.transaction(() => {
      const before = this.get(id);
      const next = { ...editable(before), ...patch };
      next.content = storedText(next.content);
      next.category = storedText(next.category);
      this.ctx
        .prepare(
          `UPDATE memories SET content = ?, index_content = ?, category = ?, importance = ?, pinned = ?, token_count = ?, updated_at = ? WHERE id = ?`,
        )
        .run(
          next.content,
          indexText(next.content),
          next.category,
          next.importance,
          next.pinned ? 1 : 0,
          this.ctx.countTokens(next.content),
          this.ctx.now(),
          id,
        );
      const after = this.get(id);
      this.record(id, action, actor, editable(before), editable(after));
      this.outbox.enqueue('upsert', 'memory', [id]);
      return after;
    })();
  }

  /** Hides the memory everywhere (prompt, search, index); `restore` undoes it. */
  softDelete(id: string, actor: MemoryActor): Memory {
    return this.ctx.db.transaction(() => {
      const before = this.get(id);
      this.ctx.prepare(`UPDATE memories SET deleted_at = ? WHERE id = ?`).run(this.ctx.now(), id);
      this.record(id, 'delete', actor, editable(before), null);
      this.outbox.enqueue('delete', 'memory', [id]);
      return before;
    })();
  }

  restore(id: string, actor: MemoryActor): Memory {
    return this.ctx.db.transaction(() => {
      const row = this.row(id, true);
      if (!row) throw new MnemoError('NOT_FOUND', 'That memory can no longer be restored.', { memoryId: id });
      this.ctx.prepare(`UPDATE memories SET deleted_at = NULL WHERE id = ?`).run(id);
      const restored = this.get(id);
      this.record(id, 'restore', actor, null, editable(restored));
      this.outbox.enqueue('upsert', 'memory', [id]);
      return restored;
    })();
  }

  /** Removes soft-deleted memories (deleted before `before`) with their history, for good. */
  purgeDeleted(before = Number.POSITIVE_INFINITY): string[] {
    return this.purge(
      this.ctx
        .prepare(`SELECT id FROM memories WHERE deleted_at IS NOT NULL AND deleted_at < ?`)
        .pluck()
        .all(before) as string[],
    );
  }

  /** Removes these soft-deleted memories with their history for good (live ones are left alone). */
  purge(candidates: readonly string[]): string[] {
    return this.ctx.db.transaction(() => {
      const ids = candidates.filter((id) => this.row(id, true));
      for (const id of ids) {
        this.ctx.prepare(`DELETE FROM memory_history WHERE memory_id = ?`).run(id);
        this.ctx.prepare(`DELETE FROM memories WHERE id = ?`).run(id);
      }
      this.embeddings.deleteItems('memory', ids);
      this.outbox.enqueue('delete', 'memory', ids);
      return ids;
    })();
  }

  /**
   * Writes a memory as exported: its id, times, provenance, soft-delete state and whole edit
   * history kept. A live one is queued for the index. The caller holds the transaction.
   */
  writeImported(memory: StoredMemory, history: readonly MemoryHistoryEntry[]): Memory {
    const content = storedText(memory.content);
    this.ctx
      .prepare(
        `INSERT INTO memories (id, content, index_content, category, importance, source, source_message_id, source_conversation_id, pinned, token_count, deleted_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        memory.id,
        content,
        indexText(content),
        storedText(memory.category),
        memory.importance,
        memory.source,
        memory.sourceMessageId,
        memory.sourceConversationId,
        memory.pinned ? 1 : 0,
        this.ctx.countTokens(content),
        memory.deletedAt,
        memory.createdAt,
        memory.updatedAt,
      );
    const record = this.ctx.prepare(
      `INSERT INTO memory_history (id, memory_id, action, actor, before, after, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const h of history)
      record.run(
        h.id,
        memory.id,
        h.action,
        h.actor,
        h.before && JSON.stringify(h.before),
        h.after && JSON.stringify(h.after),
        h.at,
      );
    if (memory.deletedAt === null) this.outbox.enqueue('upsert', 'memory', [memory.id]);
    return toMemory(this.row(memory.id, memory.deletedAt !== null)!);
  }

  /** When the longest-deleted memory still restorable was deleted (null when none is). */
  oldestDeletedAt(): number | null {
    return this.ctx.prepare(`SELECT min(deleted_at) FROM memories WHERE deleted_at IS NOT NULL`).pluck().get() as
      number | null;
  }

  /** Every memory, soft-deleted ones too (with when), in the order they were written. */
  everything(): StoredMemory[] {
    const rows = this.ctx.prepare(`SELECT * FROM memories ORDER BY rowid`).all() as MemoryRow[];
    return rows.map((r) => ({ ...toMemory(r), deletedAt: r.deleted_at }));
  }

  /** Rows of any kind, soft-deleted memories and their history included (is this profile empty?). */
  rowCount(): number {
    return this.ctx
      .prepare(`SELECT (SELECT count(*) FROM memories) + (SELECT count(*) FROM memory_history)`)
      .pluck()
      .get() as number;
  }

  find(id: string): Memory | undefined {
    const row = this.row(id, false);
    return row && toMemory(row);
  }

  get(id: string): Memory {
    const found = this.find(id);
    if (!found) throw new MnemoError('NOT_FOUND', 'That memory no longer exists.', { memoryId: id });
    return found;
  }

  /** Live memories, pinned first, then most important, then most recently changed. */
  list(options: ListMemoriesOptions = {}): Memory[] {
    const rows = this.ctx
      .prepare(
        `SELECT * FROM memories WHERE deleted_at IS NULL
           AND (@category IS NULL OR category = @category) AND (@pinnedOnly = 0 OR pinned = 1)
         ORDER BY pinned DESC, importance DESC, updated_at DESC LIMIT @limit OFFSET @offset`,
      )
      .all({
        category: options.category ?? null,
        pinnedOnly: options.pinnedOnly ? 1 : 0,
        limit: options.limit ?? -1,
        offset: options.offset ?? 0,
      }) as MemoryRow[];
    return rows.map(toMemory);
  }

  /** Live memories whose source message was in this conversation (provenance). */
  fromConversation(conversationId: string): Memory[] {
    const rows = this.ctx
      .prepare(`SELECT * FROM memories WHERE deleted_at IS NULL AND source_conversation_id = ? ORDER BY rowid`)
      .all(conversationId) as MemoryRow[];
    return rows.map(toMemory);
  }

  categories(): string[] {
    return this.ctx
      .prepare(`SELECT DISTINCT category FROM memories WHERE deleted_at IS NULL ORDER BY category`)
      .pluck()
      .all() as string[];
  }

  count(): number {
    return (this.ctx.prepare(`SELECT count(*) AS n FROM memories WHERE deleted_at IS NULL`).get() as { n: number }).n;
  }

  search(query: string, options: { limit?: number; highlight?: [string, string] } = {}): MemoryKeywordHit[] {
    const match = toFtsQuery(query);
    if (!match) return [];
    const [open, close] = options.highlight ?? ['«', '»'];
    const rows = this.ctx
      .prepare(
        `SELECT m.*, bm25(memories_fts) AS rank, snippet(memories_fts, 0, ?, ?, '…', 16) AS snippet, m.index_content IS NOT NULL AS indexed_copy
         FROM memories_fts JOIN memories m ON m.rowid = memories_fts.rowid
         WHERE memories_fts MATCH ? AND m.deleted_at IS NULL ORDER BY rank LIMIT ?`,
      )
      .all(open, close, match, options.limit ?? 20) as (MemoryRow & {
      rank: number;
      snippet: string;
      indexed_copy: number;
    })[];
    // snippet() shows what the index read: for an indexed copy, the snippet is made from the memory itself.
    return rows.map((r) => ({
      memory: toMemory(r),
      score: -r.rank,
      snippet: r.indexed_copy ? plainSnippet(r.content, query, [open, close]) : r.snippet,
    }));
  }

  history(id: string): MemoryHistoryEntry[] {
    const rows = this.ctx.prepare(`SELECT * FROM memory_history WHERE memory_id = ? ORDER BY id`).all(id) as {
      id: number;
      memory_id: string;
      action: MemoryHistoryEntry['action'];
      actor: MemoryActor;
      before: string | null;
      after: string | null;
      at: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      memoryId: r.memory_id,
      action: r.action,
      actor: r.actor,
      before: r.before ? (JSON.parse(r.before) as Partial<Memory>) : null,
      after: r.after ? (JSON.parse(r.after) as Partial<Memory>) : null,
      at: r.at,
    }));
  }

  /** Ids of live memories, oldest first, in pages (for rebuilding the index). */
  idsAfter(afterRowid: number, limit: number): { rowid: number; id: string }[] {
    return this.ctx
      .prepare(`SELECT rowid, id FROM memories WHERE deleted_at IS NULL AND rowid > ? ORDER BY rowid LIMIT ?`)
      .all(afterRowid, limit) as { rowid: number; id: string }[];
  }

  private row(id: string, deleted: boolean): MemoryRow | undefined {
    return this.ctx
      .prepare(`SELECT * FROM memories WHERE id = ? AND deleted_at IS ${deleted ? 'NOT NULL' : 'NULL'}`)
      .get(id) as MemoryRow | undefined;
  }

  private record(
    memoryId: string,
    action: MemoryHistoryEntry['action'],
    actor: MemoryActor,
    before: object | null,
    after: object | null,
  ): void {
    this.ctx
      .prepare(`INSERT INTO memory_history (memory_id, action, actor, before, after, at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(memoryId, action, actor, before && JSON.stringify(before), after && JSON.stringify(after), this.ctx.now());
  }
}
