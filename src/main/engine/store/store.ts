// The data layer's one front door: repositories with intention-revealing methods over one
// SQLite file. Callers never write SQL. Operations that span tables live here.
import type { Conversation } from '../../../shared/domain';
import { ChunkRepository } from './chunks';
import { cachedPrepare, type RepoContext, type StoreDeps } from './context';
import { ConversationRepository } from './conversations';
import { openDatabase, type OpenDatabaseOptions, type SqliteDatabase } from './database';
import { EmbeddingRepository } from './embeddings';
import { EngineEventsRepository } from './engine-events';
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
  readonly engineEvents: EngineEventsRepository;
  /** Shared by every repository, so swapping `db` here moves them all to another file. */
  private readonly ctx: RepoContext;

  constructor(db: SqliteDatabase, deps: StoreDeps) {
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
    this.engineEvents = new EngineEventsRepository(ctx);
  }

  get db(): SqliteDatabase {
    return this.ctx.db;
  }

  static open(path: string, deps: StoreDeps, options: OpenDatabaseOptions = {}): Store {
    return new Store(openDatabase(path, options).db, deps);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Deletes a conversation with everything of it, from SQLite now and from Chroma via the outbox. */
  deleteConversation(id: string): void {
    this.transaction(() => {
      this.conversations.get(id);
      const chunkIds = this.chunks.idsForConversation(id);
      this.conversations.deleteRow(id);
      this.embeddings.deleteItems('chunk', chunkIds);
      this.outbox.enqueue('delete', 'chunk', chunkIds);
    });
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
