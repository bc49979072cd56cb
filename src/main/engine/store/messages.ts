// Messages: the whole text of every turn, and the transaction that stores a turn together
// with its chunks and the outbox rows the vector index owes for them. A temporary chat's
// messages get no chunks: nothing of it reaches the keyword or vector index.
import type { Message, MessageStatus, Role } from '../../../shared/domain';
import { MnemoError, type SerializedError } from '../../../shared/errors';
import { onPath, PATH, WALK } from './active-path';
import type { ChunkRepository } from './chunks';
import { piecesOf, storedText, tokensOf, type RepoContext, type TextPiece } from './context';
import type { ConversationRepository } from './conversations';
import type { MessageTreeRepository } from './message-tree';
import type { OutboxRepository } from './outbox';

interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  parent_id: string | null;
  role: Role;
  content: string;
  status: MessageStatus;
  model: string | null;
  token_count: number;
  error: string | null;
  created_at: number;
  updated_at: number;
}

const toMessage = (row: MessageRow): Message => ({
  id: row.id,
  conversationId: row.conversation_id,
  seq: row.seq,
  parentId: row.parent_id,
  role: row.role,
  content: row.content,
  status: row.status,
  model: row.model,
  tokenCount: row.token_count,
  error: row.error ? (JSON.parse(row.error) as SerializedError) : null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface NewMessage {
  conversationId: string;
  role: Role;
  content: string;
  status?: MessageStatus;
  model?: string | null;
  /** Why a reply failed (as thrown, or as stored with a message copied from another conversation). */
  error?: SerializedError | Message['error'];
  /** For imports and evaluations that replay history with its own timestamps. */
  createdAt?: number;
  /** The message this one follows; omitted, the end of the active path (see message-tree.ts). */
  parentId?: string | null;
  /** The content already cut into chunks (see `chunkTextInSlices`): a long text is then not cut inside the transaction. */
  pieces?: readonly TextPiece[];
}

/** A message without its text: enough to budget a turn before reading it. */
export type MessageHead = Pick<
  Message,
  'id' | 'conversationId' | 'seq' | 'role' | 'status' | 'tokenCount' | 'createdAt'
>;

export interface MessageUpdate {
  content: string;
  status: MessageStatus;
  error?: SerializedError | null;
  /** As `NewMessage.pieces`. */
  pieces?: readonly TextPiece[];
}

/** A message the model can be shown: finished or stopped, with text (see `headsBefore`). */
const SHOWN = `(status <> 'streaming' AND token_count > 0)`;

export class MessageRepository {
  constructor(
    private readonly ctx: RepoContext,
    private readonly conversations: ConversationRepository,
    private readonly chunks: ChunkRepository,
    private readonly outbox: OutboxRepository,
    private readonly tree: MessageTreeRepository,
  ) {}

  /**
   * Stores one turn: the message, its chunks and their outbox rows, in one transaction.
   * A streaming message is stored without chunks; they are written when it is finished.
   */
  appendTurn(input: NewMessage): Message {
    return this.ctx.db.transaction(() => {
      const conversation = this.conversations.get(input.conversationId);
      const at = input.createdAt ?? this.ctx.now();
      const status = input.status ?? 'complete';
      const content = storedText(input.content);
      const measured = this.measure(content, status, input.pieces);
      const parentId =
        input.parentId !== undefined ? this.parentIn(conversation.id, input.parentId) : this.tree.leaf(conversation.id);
      const row: MessageRow = {
        id: this.ctx.newId(),
        conversation_id: conversation.id,
        seq: this.nextSeq(conversation.id),
        parent_id: parentId,
        role: input.role,
        content,
        status,
        model: input.model ?? null,
        token_count: measured.tokens,
        error: input.error ? JSON.stringify(input.error) : null,
        created_at: at,
        updated_at: at,
      };
      this.ctx
        .prepare(
          `INSERT INTO messages (id, conversation_id, seq, parent_id, role, content, status, model, token_count, error, created_at, updated_at)
           VALUES (@id, @conversation_id, @seq, @parent_id, @role, @content, @status, @model, @token_count, @error, @created_at, @updated_at)`,
        )
        .run(row);
      this.tree.appended(conversation.id, row.id, parentId);
      if (measured.pieces && !conversation.temporary)
        this.writeChunks(toMessage(row), conversation.archived, measured.pieces);
      this.conversations.touch(conversation.id, at);
      return toMessage(row);
    })();
  }

  /** Replaces a message's text and status (a finished or stopped stream, an edit) and re-chunks it. */
  update(id: string, change: MessageUpdate): Message {
    return this.ctx.db.transaction(() => {
      const before = this.get(id);
      const at = this.ctx.now();
      const content = storedText(change.content);
      const measured = this.measure(content, change.status, change.pieces);
      this.ctx
        .prepare(`UPDATE messages SET content = ?, status = ?, error = ?, token_count = ?, updated_at = ? WHERE id = ?`)
        .run(content, change.status, change.error ? JSON.stringify(change.error) : null, measured.tokens, at, id);
      const after = this.get(id);
      const removed = new Set(this.chunks.deleteForResponse(id));
      const conversation = this.conversations.get(after.conversationId);
      if (measured.pieces && !conversation.temporary) {
        for (const chunk of this.writeChunks(after, conversation.archived, measured.pieces)) removed.delete(chunk);
      }
      this.outbox.enqueue('delete', 'chunk', removed);
      this.conversations.touch(before.conversationId, at);
      return after;
    })();
  }

  /** Saves streamed text so far without re-chunking (crash safety during a long reply). */
  saveStreamingText(id: string, content: string): void {
    this.ctx
      .prepare(`UPDATE messages SET content = ?, updated_at = ? WHERE id = ? AND status = 'streaming'`)
      .run(storedText(content), this.ctx.now(), id);
  }

  /**
   * Writes a message as it was exported (its id, seq and times kept), with chunks cut afresh
   * and queued for the index like any new turn. A reply that was still streaming when it was
   * exported comes back stopped, as after a crash. The caller holds the transaction.
   */
  writeImported(message: Message, archived: boolean, pieces?: readonly TextPiece[]): Message {
    const content = storedText(message.content);
    const status = message.status === 'streaming' ? 'stopped' : message.status;
    const measured = this.measure(content, status, pieces);
    const row: MessageRow = {
      id: message.id,
      conversation_id: message.conversationId,
      seq: message.seq,
      parent_id: message.parentId,
      role: message.role,
      content,
      status,
      model: message.model,
      token_count: measured.tokens,
      error: message.error ? JSON.stringify(message.error) : null,
      created_at: message.createdAt,
      updated_at: message.updatedAt,
    };
    this.ctx
      .prepare(
        `INSERT INTO messages (id, conversation_id, seq, parent_id, role, content, status, model, token_count, error, created_at, updated_at)
         VALUES (@id, @conversation_id, @seq, @parent_id, @role, @content, @status, @model, @token_count, @error, @created_at, @updated_at)`,
      )
      .run(row);
    const restored = toMessage(row);
    this.writeChunks(restored, archived, measured.pieces ?? undefined);
    return restored;
  }

  find(id: string): Message | undefined {
    const row = this.ctx.prepare(`SELECT * FROM messages WHERE id = ?`).get(id) as MessageRow | undefined;
    return row && toMessage(row);
  }

  get(id: string): Message {
    const found = this.find(id);
    if (!found) throw new MnemoError('NOT_FOUND', 'That message no longer exists.', { messageId: id });
    return found;
  }

  /**
   * The conversation as the user sees it: the messages of its active path, in order;
   * `afterSeq` and `limit` page through long ones. Other branches: `all`, `message-tree.ts`.
   */
  list(conversationId: string, options: { afterSeq?: number; limit?: number } = {}): Message[] {
    const rows = this.ctx
      .prepare(
        `WITH RECURSIVE ${PATH} SELECT * FROM messages WHERE conversation_id = @conversationId AND ${onPath('messages')} AND seq > @afterSeq ORDER BY seq LIMIT @limit`,
      )
      .all({ conversationId, afterSeq: options.afterSeq ?? 0, limit: options.limit ?? -1 }) as MessageRow[];
    return rows.map(toMessage);
  }

  /** Every message of a conversation, of every branch, in the order they were written (exports). */
  all(conversationId: string): Message[] {
    const rows = this.ctx
      .prepare(`SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq`)
      .all(conversationId) as MessageRow[];
    return rows.map(toMessage);
  }

  /** The newest `limit` messages of the active path, oldest first. */
  latest(conversationId: string, limit: number): Message[] {
    const rows = this.ctx
      .prepare(
        `WITH RECURSIVE ${PATH} SELECT * FROM (SELECT * FROM messages WHERE conversation_id = @conversationId AND ${onPath('messages')} ORDER BY seq DESC LIMIT @limit) ORDER BY seq`,
      )
      .all({ conversationId, limit }) as MessageRow[];
    return rows.map(toMessage);
  }

  /**
   * Heads of a conversation's messages, newest first: the `limit` messages before `beforeSeq`
   * (the newest when null), keeping those that can be shown to the model (finished or stopped,
   * with text), without their text: a long history's text is most of the cost of reading it,
   * and only the turns that fit the prompt are read (`contents`). `rows` and `oldestSeq` say
   * how many messages were looked at and where the next page starts. "With text" is told by
   * the stored count, which every write keeps as countTokens(content): zero for empty text
   * only (asking the text itself would read every long message whole).
   */
  headsBefore(
    conversationId: string,
    beforeSeq: number | null,
    limit: number,
  ): { heads: MessageHead[]; rows: number; oldestSeq: number | null } {
    const start = this.pathStartBefore(conversationId, beforeSeq);
    if (start === null) return { heads: [], rows: 0, oldestSeq: null };
    // From the messages_heads index alone (migration 004), rows shaped as they are returned; a
    // branched path is walked up from where the page starts (the parents index, migration 011).
    const columns = `messages.id AS id, conversation_id AS conversationId, seq, role, status, token_count AS tokenCount, created_at AS createdAt, ${SHOWN} AS shown`;
    const rows = (
      start === undefined
        ? this.ctx
            .prepare(
              `WITH RECURSIVE ${PATH} SELECT ${columns} FROM messages WHERE conversation_id = @conversationId AND ${onPath('messages')} AND seq < @beforeSeq ORDER BY seq DESC LIMIT @limit`,
            )
            .all({ conversationId, beforeSeq: beforeSeq ?? Number.MAX_SAFE_INTEGER, limit })
        : this.ctx
            .prepare(
              `WITH RECURSIVE ${WALK} SELECT ${columns} FROM walk JOIN messages INDEXED BY messages_heads USING (seq) WHERE conversation_id = @conversationId ORDER BY seq DESC`,
            )
            .all({ conversationId, start, limit })
    ) as (MessageHead & { shown: number })[];
    const heads = rows.filter((row) => row.shown).map(({ shown: _shown, ...head }) => head);
    return { heads, rows: rows.length, oldestSeq: rows.at(-1)?.seq ?? null };
  }

  /**
   * Of the newest `window` messages, those after `afterSeq` that can be shown (as `headsBefore`
   * keeps them), other than `excludeId`: how many, and their stored tokens. Summed here, so
   * a turn need not read every head to learn whether the history overflows.
   */
  shownSince(
    conversationId: string,
    afterSeq: number,
    excludeId: string | null,
    window: number,
  ): { turns: number; tokens: number } {
    const start = this.pathStartBefore(conversationId, null);
    if (start === null) return { turns: 0, tokens: 0 };
    const newest =
      start === undefined
        ? `WITH RECURSIVE ${PATH} SELECT id, seq, status, token_count FROM messages WHERE conversation_id = @conversationId AND ${onPath('messages')} ORDER BY seq DESC LIMIT @limit`
        : `WITH RECURSIVE ${WALK} SELECT messages.id, seq, status, token_count FROM walk JOIN messages INDEXED BY messages_heads USING (seq) WHERE conversation_id = @conversationId`;
    return this.ctx
      .prepare(
        `SELECT count(*) AS turns, total(token_count) AS tokens FROM (${newest}) WHERE ${SHOWN} AND seq > @afterSeq AND id IS NOT @excludeId`,
      )
      .get({ conversationId, limit: window, afterSeq, excludeId, ...(start === undefined ? {} : { start }) }) as {
      turns: number;
      tokens: number;
    };
  }

  /**
   * Where a walk up a branched conversation's path starts for the messages before `beforeSeq`
   * (the newest when null): the leaf, or the parent of the path's message at `beforeSeq`; null
   * when nothing is before it; undefined when the conversation never branched (or the page's
   * message is gone), for the query over the conversation's messages in order.
   */
  private pathStartBefore(conversationId: string, beforeSeq: number | null): string | null | undefined {
    const leaf = this.tree.chosenLeaf(conversationId);
    if (leaf === null) return undefined;
    if (beforeSeq === null) return leaf;
    const at = this.ctx
      .prepare(`SELECT parent_id FROM messages WHERE conversation_id = ? AND seq = ?`)
      .get(conversationId, beforeSeq) as { parent_id: string | null } | undefined;
    return at ? at.parent_id : undefined;
  }

  /** The text of each of these messages, by id (ids no longer stored are left out). */
  contents(ids: readonly string[]): Map<string, string> {
    if (ids.length === 0) return new Map();
    const rows = this.ctx
      .prepare(`SELECT id, content FROM messages WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as Pick<MessageRow, 'id' | 'content'>[];
    return new Map(rows.map((row) => [row.id, row.content]));
  }

  /** The active path's last message (its leaf). */
  last(conversationId: string): Message | undefined {
    return this.latest(conversationId, 1)[0];
  }

  countFor(conversationId: string): number {
    return (
      this.ctx.prepare(`SELECT count(*) AS n FROM messages WHERE conversation_id = ?`).get(conversationId) as {
        n: number;
      }
    ).n;
  }

  count(): number {
    return (this.ctx.prepare(`SELECT count(*) AS n FROM messages`).get() as { n: number }).n;
  }

  /** Messages left streaming by a crash: keep their text, mark them stopped, index them. */
  recoverInterrupted(): Message[] {
    const ids = this.ctx.prepare(`SELECT id FROM messages WHERE status = 'streaming'`).pluck().all() as string[];
    return ids.map((id) => {
      const message = this.get(id);
      return this.update(id, { content: message.content, status: 'stopped' });
    });
  }

  /**
   * Deletes one message and its chunks from SQLite, and queues their removal from Chroma;
   * returns the chunks' ids. `Store.deleteMessage` also removes what restates it.
   */
  delete(id: string): string[] {
    return this.ctx.db.transaction(() => {
      const message = this.get(id);
      const removed = this.chunks.deleteForResponse(id);
      this.tree.removing(message);
      this.ctx.prepare(`DELETE FROM messages WHERE id = ?`).run(id);
      this.outbox.enqueue('delete', 'chunk', removed);
      return removed;
    })();
  }

  /**
   * Indexes a conversation's finished messages that have no chunks yet (a temporary chat the
   * user chose to keep: it was never indexed). Returns how many were indexed. The caller holds
   * the transaction.
   */
  indexUnchunked(conversationId: string, archived: boolean): number {
    const ids = this.ctx
      .prepare(
        `SELECT id FROM messages m WHERE conversation_id = ? AND status <> 'streaming' AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.response_id = m.id) ORDER BY seq`,
      )
      .pluck()
      .all(conversationId) as string[];
    for (const id of ids) this.writeChunks(this.get(id), archived);
    return ids.length;
  }

  /** A parent named by the caller must be a message of the same conversation. */
  private parentIn(conversationId: string, parentId: string | null): string | null {
    if (parentId !== null && this.find(parentId)?.conversationId !== conversationId) {
      throw new MnemoError('INVALID_INPUT', 'That message is not part of this conversation.', {
        conversationId,
        messageId: parentId,
      });
    }
    return parentId;
  }

  private nextSeq(conversationId: string): number {
    const row = this.ctx
      .prepare(`SELECT coalesce(max(seq), 0) AS s FROM messages WHERE conversation_id = ?`)
      .get(conversationId) as { s: number };
    return row.s + 1;
  }

  /**
   * A message's chunks (none while it streams) and its token count. A finished message is
   * counted through its chunks, so a long text is run through the tokenizer once rather than
   * twice: one chunk's count is exact, several chunks' sum is an upper bound within a fraction
   * of a percent (BPE merges do not cross a cut), safe for budgeting.
   */
  private measure(
    content: string,
    status: Message['status'],
    cut?: readonly TextPiece[],
  ): { pieces: readonly TextPiece[] | null; tokens: number } {
    if (status === 'streaming') return { pieces: null, tokens: this.ctx.countTokens(content) };
    const pieces = piecesOf(this.ctx, content, cut);
    return { pieces, tokens: tokensOf(pieces) };
  }

  private writeChunks(message: Message, archived: boolean, pieces?: readonly TextPiece[]): string[] {
    const ids = this.chunks.writeAll(
      {
        conversationId: message.conversationId,
        responseId: message.id,
        role: message.role,
        type: 'message',
        archived,
        createdAt: message.createdAt,
      },
      message.content,
      pieces,
    );
    this.outbox.enqueue('upsert', 'chunk', ids);
    return ids;
  }
}

/** Pieces cut ahead of the write are used only if they are this very text's (a join and a compare: milliseconds for 1M characters). */
