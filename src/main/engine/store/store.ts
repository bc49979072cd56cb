// The data layer's one front door: repositories with intention-revealing methods over one
// SQLite file. Callers never write SQL. Operations that span tables live here.
import type { Conversation } from '../../../shared/domain';
import { MnemoError } from '../../../shared/errors';
import { ChunkRepository } from './chunks';
import { cachedPrepare, type RepoContext, type StoreDeps } from './context';
import { ConversationRepository } from './conversations';
import { eraseTraces, openDatabase, type OpenDatabaseOptions, type SqliteDatabase } from './database';
import { EmbeddingRepository } from './embeddings';
import { EngineEventsRepository } from './engine-events';
import { MemoryRepository } from './memories';
import { MemoryProposalRepository } from './memory-proposals';
import { MessageTreeRepository } from './message-tree';
import { MessageRepository } from './messages';
import { MetricsRepository } from './metrics';
import { OutboxRepository } from './outbox';
import { SettingsRepository } from './settings';
import { SummaryRepository } from './summaries';
import { TagRepository } from './tags';
import { TurnContextRepository } from './turn-contexts';

export interface ForgetItem {
  kind: 'message' | 'summary' | 'memory';
  id: string;
}

export interface ForgetCounts {
  messages: number;
  summaries: number;
  memories: number;
}

export class Store {
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  /** Which branch of each conversation is shown, and where the shown one forks. */
  readonly tree: MessageTreeRepository;
  readonly chunks: ChunkRepository;
  readonly summaries: SummaryRepository;
  readonly memories: MemoryRepository;
  readonly proposals: MemoryProposalRepository;
  readonly embeddings: EmbeddingRepository;
  readonly outbox: OutboxRepository;
  readonly settings: SettingsRepository;
  readonly metrics: MetricsRepository;
  readonly engineEvents: EngineEventsRepository;
  readonly turnContexts: TurnContextRepository;
  /** Tags on conversations; removing one erases its traces like any delete. */
  readonly tags: TagRepository;
  /** Shared by every repository, so swapping `db` here moves them all to another file. */
  private readonly ctx: RepoContext;

  /** `backupDir`: where the file's pre-migration backups are, which a delete removes (see database.ts). */
  constructor(
    db: SqliteDatabase,
    deps: StoreDeps,
    private readonly backupDir: string | null = null,
  ) {
    const ctx: RepoContext = { db, ...deps, prepare: cachedPrepare(() => ctx.db) };
    this.ctx = ctx;
    this.outbox = new OutboxRepository(ctx);
    this.conversations = new ConversationRepository(ctx);
    this.chunks = new ChunkRepository(ctx);
    this.tree = new MessageTreeRepository(ctx);
    this.messages = new MessageRepository(ctx, this.conversations, this.chunks, this.outbox, this.tree);
    this.summaries = new SummaryRepository(ctx, this.conversations, this.chunks, this.outbox);
    this.embeddings = new EmbeddingRepository(ctx);
    this.memories = new MemoryRepository(ctx, this.outbox, this.embeddings);
    this.proposals = new MemoryProposalRepository(ctx);
    this.settings = new SettingsRepository(ctx);
    this.metrics = new MetricsRepository(ctx);
    this.engineEvents = new EngineEventsRepository(ctx);
    this.turnContexts = new TurnContextRepository(ctx);
    this.tags = new TagRepository(ctx, () => this.eraseTraces());
  }

  get db(): SqliteDatabase {
    return this.ctx.db;
  }

  static open(path: string, deps: StoreDeps, options: OpenDatabaseOptions = {}): Store {
    const opened = openDatabase(path, options);
    return new Store(opened.db, deps, opened.backupDir);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /**
   * Deletes a conversation with everything of it, from SQLite now (no trace left in the file,
   * its WAL or a backup) and from Chroma via the outbox; with `withMemories`, also the memories
   * that came from it (provenance), for good.
   */
  deleteConversation(id: string, options: { withMemories?: boolean } = {}): { memoriesDeleted: number } {
    const result = this.transaction(() => this.removeConversation(id, options));
    this.eraseTraces();
    return result;
  }

  /** The rows of a conversation deletion, inside the caller's transaction; traces are erased after it commits. */
  private removeConversation(id: string, options: { withMemories?: boolean }): { memoriesDeleted: number } {
    this.conversations.get(id);
    const chunkIds = this.chunks.idsForConversation(id);
    let memoriesDeleted = 0;
    if (options.withMemories) {
      const ids = this.memories.fromConversation(id).map((m) => this.memories.softDelete(m.id, 'user').id);
      memoriesDeleted = this.memories.purge(ids).length;
    }
    this.conversations.deleteRow(id);
    this.embeddings.deleteItems('chunk', chunkIds);
    this.outbox.enqueue('delete', 'chunk', chunkIds);
    return { memoriesDeleted };
  }

  /**
   * Deletes one message for good, with the summaries that cover it (they restate its text; the
   * conversation is summarised afresh later), their chunks and cached vectors, and the title
   * when it was made from this message.
   */
  deleteMessage(id: string): void {
    this.transaction(() => this.removeMessage(id));
    this.eraseTraces();
  }

  /**
   * "Forget this everywhere": removes these messages (with the summaries restating them),
   * summaries and memories for good, in one transaction; if any is gone already, nothing is
   * removed (NOT_FOUND names it). Memories skip the undo window: the user confirmed the list.
   */
  forget(items: readonly ForgetItem[]): ForgetCounts {
    const counts: ForgetCounts = { messages: 0, summaries: 0, memories: 0 };
    const unique = [...new Map(items.map((item) => [`${item.kind}:${item.id}`, item])).values()];
    this.transaction(() => {
      for (const item of unique) this.mustExist(item);
      const memories: string[] = [];
      for (const item of unique) {
        if (item.kind === 'message') {
          counts.messages += 1;
          counts.summaries += this.removeMessage(item.id);
        } else if (item.kind === 'memory') {
          memories.push(this.memories.softDelete(item.id, 'user').id);
        } else if (this.summaries.get(item.id)) {
          // (Unless it went already, with a message listed before it.)
          counts.summaries += 1;
          this.embeddings.deleteItems('chunk', this.summaries.delete(item.id));
        }
      }
      counts.memories = this.memories.purge(memories).length;
    });
    this.eraseTraces();
    return counts;
  }

  /** Deletes a message inside the caller's transaction; returns how many summaries went with it. */
  private removeMessage(id: string): number {
    const message = this.messages.get(id);
    // The title was made from the first message: it goes with it.
    if (this.messages.list(message.conversationId, { limit: 1 })[0]?.id === id)
      this.conversations.rename(message.conversationId, '');
    const covering = this.summaries.idsCovering(id); // before the message's links cascade away
    const chunkIds = this.messages.delete(id);
    for (const summaryId of covering) chunkIds.push(...this.summaries.delete(summaryId));
    this.embeddings.deleteItems('chunk', chunkIds);
    return covering.length;
  }

  private mustExist(item: ForgetItem): void {
    const found =
      item.kind === 'message'
        ? this.messages.find(item.id)
        : item.kind === 'summary'
          ? this.summaries.get(item.id)
          : this.memories.find(item.id);
    if (!found)
      throw new MnemoError('NOT_FOUND', `That ${item.kind} no longer exists, so nothing was forgotten. Search again.`, {
        kind: item.kind,
        id: item.id,
      });
  }

  /** Removes soft-deleted memories (deleted before `before`) for good; returns their ids. */
  purgeDeletedMemories(before = Number.POSITIVE_INFINITY): string[] {
    const ids = this.memories.purgeDeleted(before);
    if (ids.length > 0) this.eraseTraces();
    return ids;
  }

  /** After a delete committed: nothing of it stays in the WAL or a backup. */
  private eraseTraces(): void {
    eraseTraces(this.db, this.backupDir);
  }

  /**
   * "Keep this chat": a temporary chat becomes an ordinary one, and its messages are indexed
   * (keyword rows now, vectors through the outbox) as if they had been written that way.
   */
  keepConversation(id: string): Conversation {
    return this.transaction(() => {
      const conversation = this.conversations.get(id);
      if (!conversation.temporary)
        throw new MnemoError('INVALID_INPUT', 'This chat is already kept.', { conversationId: id });
      this.conversations.clearTemporaryFlag(id);
      this.messages.indexUnchunked(id, conversation.archived);
      return this.conversations.get(id);
    });
  }

  /** Removes every temporary chat for good (at start and at close: their session is over). */
  deleteTemporaryConversations(): string[] {
    const ids = this.conversations.temporaryIds();
    for (const id of ids) this.deleteConversation(id);
    return ids;
  }

  /**
   * Takes back a conversation an import wrote moments ago: gone from SQLite, its queued upserts
   * dropped, and a delete queued in case the indexer already sent some of it to Chroma.
   */
  undoImportedConversation(id: string): void {
    const removed = this.transaction(() => {
      if (!this.conversations.find(id)) return false;
      const chunkIds = this.chunks.idsForConversation(id);
      this.removeConversation(id, {});
      this.outbox.dropUpserts('chunk', chunkIds);
      return true;
    });
    if (removed) this.eraseTraces();
  }

  /** Archived conversations stay searchable on request; their chunks carry the flag in Chroma too. */
  setArchived(id: string, archived: boolean): Conversation {
    return this.transaction(() => {
      this.conversations.setArchivedFlag(id, archived);
      this.outbox.enqueue('upsert', 'chunk', this.chunks.setArchivedForConversation(id, archived));
      return this.conversations.get(id);
    });
  }

  /** True when the profile holds no conversation and no memory (soft-deleted ones count). */
  isEmpty(): boolean {
    return this.conversations.count() === 0 && this.memories.rowCount() === 0;
  }

  /**
   * Closes the current file and carries on with `db` (delete-all starts a fresh profile in
   * the same place). Callers keep their Store and repositories; the next call uses `db`.
   */
  replaceDatabase(db: SqliteDatabase): void {
    this.close();
    this.ctx.db = db;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
