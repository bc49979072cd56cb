// The data layer's one front door: repositories with intention-revealing methods over one
// SQLite file. Callers never write SQL. Operations that span tables live here.
import type { Conversation } from '../../../shared/domain';
import { MnemoError } from '../../../shared/errors';
import { ChunkRepository } from './chunks';
import { cachedPrepare, type RepoContext, type StoreDeps } from './context';
import { ConversationRepository } from './conversations';
import { eraseTraces, openDatabase, type OpenDatabaseOptions, type SqliteDatabase } from './database';
import { EmbeddingRepository } from './embeddings';
import { MemoryRepository } from './memories';
import { MemoryProposalRepository } from './memory-proposals';
import { MessageRepository } from './messages';
import { MetricsRepository } from './metrics';
import { OutboxRepository } from './outbox';
import { SettingsRepository } from './settings';
import { SummaryRepository } from './summaries';

export class Store {
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly chunks: ChunkRepository;
  readonly summaries: SummaryRepository;
  readonly memories: MemoryRepository;
  readonly proposals: MemoryProposalRepository;
  readonly embeddings: EmbeddingRepository;
  readonly outbox: OutboxRepository;
  readonly settings: SettingsRepository;
  readonly metrics: MetricsRepository;
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
    this.messages = new MessageRepository(ctx, this.conversations, this.chunks, this.outbox);
    this.summaries = new SummaryRepository(ctx, this.conversations, this.chunks, this.outbox);
    this.embeddings = new EmbeddingRepository(ctx);
    this.memories = new MemoryRepository(ctx, this.outbox, this.embeddings);
    this.proposals = new MemoryProposalRepository(ctx);
    this.settings = new SettingsRepository(ctx);
    this.metrics = new MetricsRepository(ctx);
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
   * its WAL or a backup) and from Chroma via the outbox.
   */
  deleteConversation(id: string): void {
    this.transaction(() => {
      this.conversations.get(id);
      const chunkIds = this.chunks.idsForConversation(id);
      this.conversations.deleteRow(id);
      this.embeddings.deleteItems('chunk', chunkIds);
      this.outbox.enqueue('delete', 'chunk', chunkIds);
    });
    this.eraseTraces();
  }

  /**
   * Deletes one message for good, with the summaries that cover it (they restate its text; the
   * conversation is summarised afresh later), their chunks and cached vectors, and the title
   * when it was made from this message.
   */
  deleteMessage(id: string): void {
    this.transaction(() => {
      const message = this.messages.get(id);
      // The title was made from the first message: it goes with it.
      if (this.messages.list(message.conversationId, { limit: 1 })[0]?.id === id) this.conversations.rename(message.conversationId, '');
      const covering = this.summaries.idsCovering(id); // before the message's links cascade away
      const chunkIds = this.messages.delete(id);
      for (const summaryId of covering) chunkIds.push(...this.summaries.delete(summaryId));
      this.embeddings.deleteItems('chunk', chunkIds);
    });
    this.eraseTraces();
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
      if (!conversation.temporary) throw new MnemoError('INVALID_INPUT', 'This chat is already kept.', { conversationId: id });
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
