// Conversations: creation, listing by last activity, and the per-conversation switches.
import type { Conversation, ConversationSettings } from '../../../shared/domain';
import { MnemoError } from '../../../shared/errors';
import { storedText, toBool, type RepoContext } from './context';

interface ConversationRow {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
  archived: number;
  pinned: number;
  temporary: number;
  settings: string;
}

const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  archived: toBool(row.archived),
  pinned: toBool(row.pinned),
  temporary: toBool(row.temporary),
  settings: JSON.parse(row.settings) as ConversationSettings,
});

export interface NewConversation {
  title?: string;
  temporary?: boolean;
  settings?: ConversationSettings;
  /** For imports and evaluations that replay history with its own timestamps. */
  createdAt?: number;
}

export interface ListConversationsOptions {
  includeArchived?: boolean;
  /** Leave temporary chats out (the sidebar's and History's list: they show only while open). */
  withoutTemporary?: boolean;
  onlyArchived?: boolean;
  /** Only the conversations carrying this tag. */
  tagId?: string;
  limit?: number;
  offset?: number;
}

export class ConversationRepository {
  constructor(private readonly ctx: RepoContext) {}

  create(input: NewConversation = {}): Conversation {
    const now = input.createdAt ?? this.ctx.now();
    const row: ConversationRow = {
      id: this.ctx.newId(),
      title: storedText(input.title ?? ''),
      created_at: now,
      updated_at: now,
      archived: 0,
      pinned: 0,
      temporary: input.temporary ? 1 : 0,
      settings: JSON.stringify(input.settings ?? {}),
    };
    return this.insertRow(row);
  }

  /** Writes a conversation exactly as exported (import into an empty profile). */
  writeImported(conversation: Conversation): Conversation {
    const row: ConversationRow = {
      id: conversation.id,
      title: storedText(conversation.title),
      created_at: conversation.createdAt,
      updated_at: conversation.updatedAt,
      archived: conversation.archived ? 1 : 0,
      pinned: conversation.pinned ? 1 : 0,
      temporary: conversation.temporary ? 1 : 0,
      settings: JSON.stringify(conversation.settings),
    };
    return this.insertRow(row);
  }

  private insertRow(row: ConversationRow): Conversation {
    this.ctx
      .prepare(
        `INSERT INTO conversations (id, title, created_at, updated_at, archived, pinned, temporary, settings)
         VALUES (@id, @title, @created_at, @updated_at, @archived, @pinned, @temporary, @settings)`,
      )
      .run(row);
    return toConversation(row);
  }

  find(id: string): Conversation | undefined {
    const row = this.ctx.prepare(`SELECT * FROM conversations WHERE id = ?`).get(id) as ConversationRow | undefined;
    return row && toConversation(row);
  }

  get(id: string): Conversation {
    const found = this.find(id);
    if (!found) throw new MnemoError('NOT_FOUND', 'That conversation no longer exists.', { conversationId: id });
    return found;
  }

  /** Pinned first, then by last activity, newest first. */
  list(options: ListConversationsOptions = {}): Conversation[] {
    const archived = options.onlyArchived ? 'archived = 1' : options.includeArchived ? '1' : 'archived = 0';
    const temporary = options.withoutTemporary ? 'temporary = 0' : '1';
    const tagged = options.tagId ? 'id IN (SELECT conversation_id FROM conversation_tags WHERE tag_id = @tagId)' : '1';
    const rows = this.ctx
      .prepare(
        `SELECT * FROM conversations WHERE ${archived} AND ${temporary} AND ${tagged}
         ORDER BY pinned DESC, updated_at DESC, rowid DESC LIMIT @limit OFFSET @offset`,
      )
      .all({
        limit: options.limit ?? -1,
        offset: options.offset ?? 0,
        tagId: options.tagId ?? null,
      }) as ConversationRow[];
    return rows.map(toConversation);
  }

  /** Every conversation, archived ones too, in the order they were created (exports). */
  inWriteOrder(): Conversation[] {
    return (this.ctx.prepare(`SELECT * FROM conversations ORDER BY rowid`).all() as ConversationRow[]).map(
      toConversation,
    );
  }

  count(): number {
    return (this.ctx.prepare(`SELECT count(*) AS n FROM conversations`).get() as { n: number }).n;
  }

  touch(id: string, at = this.ctx.now()): void {
    this.ctx.prepare(`UPDATE conversations SET updated_at = max(updated_at, ?) WHERE id = ?`).run(at, id);
  }

  rename(id: string, title: string): Conversation {
    this.update(id, `title = ?`, storedText(title));
    return this.get(id);
  }

  setPinned(id: string, pinned: boolean): Conversation {
    this.update(id, `pinned = ?`, pinned ? 1 : 0);
    return this.get(id);
  }

  /** Ids of the temporary chats (removed at start and close unless kept). */
  temporaryIds(): string[] {
    return this.ctx.prepare(`SELECT id FROM conversations WHERE temporary = 1`).pluck().all() as string[];
  }

  /** Makes a temporary chat an ordinary one; the store indexes its messages. */
  clearTemporaryFlag(id: string): void {
    this.update(id, `temporary = ?`, 0);
  }

  /** Archiving only flips the flag here; the store also re-indexes the chunks' metadata. */
  setArchivedFlag(id: string, archived: boolean): void {
    this.update(id, `archived = ?`, archived ? 1 : 0);
  }

  updateSettings(id: string, patch: ConversationSettings): Conversation {
    const merged = { ...this.get(id).settings, ...patch };
    this.update(id, `settings = ?`, JSON.stringify(merged));
    return this.get(id);
  }

  /** Removes the row; messages, chunks and summaries go with it (ON DELETE CASCADE). */
  deleteRow(id: string): void {
    this.ctx.prepare(`DELETE FROM conversations WHERE id = ?`).run(id);
  }

  private update(id: string, assignment: string, value: unknown): void {
    const result = this.ctx.prepare(`UPDATE conversations SET ${assignment} WHERE id = ?`).run(value, id);
    if (result.changes === 0)
      throw new MnemoError('NOT_FOUND', 'That conversation no longer exists.', { conversationId: id });
  }
}
