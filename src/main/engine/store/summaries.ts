// Summaries of a conversation's older turns. A summary is stored and indexed like a message
// (chunks of type `summary`); the turns it covers stay stored and searchable.
import type { Summary, SummaryTrigger } from '../../../shared/domain';
import { onPath, PATH, summaryOnPath } from './active-path';
import type { ChunkRepository } from './chunks';
import { piecesOf, storedText, tokensOf, type RepoContext, type TextPiece } from './context';
import type { ConversationRepository } from './conversations';
import type { OutboxRepository } from './outbox';

interface SummaryRow {
  id: string;
  conversation_id: string;
  content: string;
  token_count: number;
  first_seq: number;
  last_seq: number;
  trigger: SummaryTrigger;
  model: string | null;
  superseded_by: string | null;
  created_at: number;
}

const toSummary = (row: SummaryRow): Summary => ({
  id: row.id,
  conversationId: row.conversation_id,
  content: row.content,
  tokenCount: row.token_count,
  firstSeq: row.first_seq,
  lastSeq: row.last_seq,
  trigger: row.trigger,
  model: row.model,
  supersededBy: row.superseded_by,
  createdAt: row.created_at,
});

export interface NewSummary {
  conversationId: string;
  content: string;
  firstSeq: number;
  lastSeq: number;
  trigger: SummaryTrigger;
  model?: string | null;
  /** Older summaries folded into this one; they are marked superseded. */
  supersedes?: readonly string[];
}

export class SummaryRepository {
  constructor(
    private readonly ctx: RepoContext,
    private readonly conversations: ConversationRepository,
    private readonly chunks: ChunkRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  create(input: NewSummary): Summary {
    return this.ctx.db.transaction(() => {
      const conversation = this.conversations.get(input.conversationId);
      const content = storedText(input.content);
      const row: SummaryRow = {
        id: this.ctx.newId(),
        conversation_id: conversation.id,
        content,
        token_count: this.ctx.countTokens(content),
        first_seq: input.firstSeq,
        last_seq: input.lastSeq,
        trigger: input.trigger,
        model: input.model ?? null,
        superseded_by: null,
        created_at: this.ctx.now(),
      };
      this.ctx
        .prepare(
          `INSERT INTO summaries (id, conversation_id, content, token_count, first_seq, last_seq, trigger, model, superseded_by, created_at)
           VALUES (@id, @conversation_id, @content, @token_count, @first_seq, @last_seq, @trigger, @model, @superseded_by, @created_at)`,
        )
        .run(row);
      this.ctx
        .prepare(
          `INSERT INTO summary_messages (summary_id, message_id)
           WITH RECURSIVE ${PATH}
           SELECT @summaryId, id FROM messages WHERE conversation_id = @conversationId AND ${onPath('messages')} AND seq BETWEEN @firstSeq AND @lastSeq`,
        )
        .run({ summaryId: row.id, conversationId: conversation.id, firstSeq: row.first_seq, lastSeq: row.last_seq });
      for (const old of input.supersedes ?? []) {
        this.ctx
          .prepare(`UPDATE summaries SET superseded_by = ? WHERE id = ? AND conversation_id = ?`)
          .run(row.id, old, conversation.id);
      }
      const ids = this.chunks.writeAll(
        {
          conversationId: conversation.id,
          responseId: row.id,
          role: 'summary',
          type: 'summary',
          archived: conversation.archived,
          createdAt: row.created_at,
        },
        row.content,
      );
      this.outbox.enqueue('upsert', 'chunk', ids);
      return toSummary(row);
    })();
  }

  /**
   * Writes a summary as exported, covering exactly `coveredMessageIds`, with chunks cut afresh
   * and queued for the index. Written unsuperseded: `markSuperseded` links them once all exist.
   */
  /** `pieces`: the summary cut before the transaction (in slices); otherwise it is cut here, in one go. */
  writeImported(
    summary: Summary,
    coveredMessageIds: readonly string[],
    archived: boolean,
    cut?: readonly TextPiece[],
  ): Summary {
    const content = storedText(summary.content);
    const pieces = piecesOf(this.ctx, content, cut);
    const row: SummaryRow = {
      id: summary.id,
      conversation_id: summary.conversationId,
      content,
      token_count: tokensOf(pieces),
      first_seq: summary.firstSeq,
      last_seq: summary.lastSeq,
      trigger: summary.trigger,
      model: summary.model,
      superseded_by: null,
      created_at: summary.createdAt,
    };
    this.ctx
      .prepare(
        `INSERT INTO summaries (id, conversation_id, content, token_count, first_seq, last_seq, trigger, model, superseded_by, created_at)
         VALUES (@id, @conversation_id, @content, @token_count, @first_seq, @last_seq, @trigger, @model, @superseded_by, @created_at)`,
      )
      .run(row);
    const cover = this.ctx.prepare(`INSERT INTO summary_messages (summary_id, message_id) VALUES (?, ?)`);
    for (const messageId of coveredMessageIds) cover.run(row.id, messageId);
    const ids = this.chunks.writeAll(
      {
        conversationId: row.conversation_id,
        responseId: row.id,
        role: 'summary',
        type: 'summary',
        archived,
        createdAt: row.created_at,
      },
      row.content,
      pieces,
    );
    this.outbox.enqueue('upsert', 'chunk', ids);
    return toSummary(row);
  }

  /** Summaries whose range includes this message (before it is deleted). */
  idsCovering(messageId: string): string[] {
    return this.ctx
      .prepare(`SELECT summary_id FROM summary_messages WHERE message_id = ?`)
      .pluck()
      .all(messageId) as string[];
  }

  /** Deletes a summary and its chunks, queueing their removal from Chroma; returns the chunks' ids. */
  delete(id: string): string[] {
    return this.ctx.db.transaction(() => {
      const removed = this.chunks.deleteForResponse(id);
      this.ctx.prepare(`DELETE FROM summaries WHERE id = ?`).run(id);
      this.outbox.enqueue('delete', 'chunk', removed);
      return removed;
    })();
  }

  markSuperseded(id: string, by: string): void {
    this.ctx.prepare(`UPDATE summaries SET superseded_by = ? WHERE id = ?`).run(by, id);
  }

  get(id: string): Summary | undefined {
    const row = this.ctx.prepare(`SELECT * FROM summaries WHERE id = ?`).get(id) as SummaryRow | undefined;
    return row && toSummary(row);
  }

  /**
   * The running summary of the active path: summaries not folded into a newer one, oldest
   * range first. Once a conversation has branched, `superseded_by` may point into another
   * branch, so the path's newest summary (each fold covers all before it) is its summary.
   */
  current(conversationId: string): Summary[] {
    const rows = this.ctx
      .prepare(
        `WITH RECURSIVE ${PATH}
         SELECT * FROM summaries s WHERE conversation_id = @conversationId AND ${summaryOnPath('s')}
           AND (superseded_by IS NULL OR (SELECT active_leaf_id FROM conversations WHERE id = @conversationId) IS NOT NULL)
         ORDER BY last_seq, created_at`,
      )
      .all({ conversationId }) as SummaryRow[];
    const summaries = rows.map(toSummary);
    return this.ctx
      .prepare(`SELECT active_leaf_id IS NOT NULL FROM conversations WHERE id = ?`)
      .pluck()
      .get(conversationId) === 1
      ? summaries.slice(-1)
      : summaries;
  }

  all(conversationId: string): Summary[] {
    const rows = this.ctx
      .prepare(`SELECT * FROM summaries WHERE conversation_id = ? ORDER BY created_at, last_seq`)
      .all(conversationId) as SummaryRow[];
    return rows.map(toSummary);
  }

  /** Ids of the messages a summary covers. */
  coveredMessageIds(summaryId: string): string[] {
    return this.ctx
      .prepare(
        `SELECT sm.message_id FROM summary_messages sm JOIN messages m ON m.id = sm.message_id WHERE sm.summary_id = ? ORDER BY m.seq`,
      )
      .pluck()
      .all(summaryId) as string[];
  }

  /** Highest message seq of the active path covered by a summary (0 when none). */
  coveredThrough(conversationId: string): number {
    const row = this.ctx
      .prepare(
        `WITH RECURSIVE ${PATH} SELECT coalesce(max(last_seq), 0) AS s FROM summaries s WHERE conversation_id = @conversationId AND ${summaryOnPath('s')}`,
      )
      .get({ conversationId }) as { s: number };
    return row.s;
  }
}
