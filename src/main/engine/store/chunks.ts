// Stored chunks of messages and summaries, and the keyword search over them (FTS5, bm25).
import type { Chunk, SearchHit } from '../../../shared/domain';
import { MnemoError } from '../../../shared/errors';
import { chunkId, toBool, type RepoContext } from './context';
import { toFtsQuery } from './fts-query';
import { plainSnippet } from './plain-snippet';

interface ChunkRow {
  rowid: number;
  id: string;
  conversation_id: string;
  response_id: string;
  chunk_index: number;
  role: Chunk['role'];
  type: Chunk['type'];
  text: string;
  token_count: number;
  archived: number;
  created_at: number;
}

export const toChunk = (row: ChunkRow): Chunk => ({
  id: row.id,
  conversationId: row.conversation_id,
  responseId: row.response_id,
  chunkIndex: row.chunk_index,
  role: row.role,
  type: row.type,
  text: row.text,
  tokenCount: row.token_count,
  archived: toBool(row.archived),
  createdAt: row.created_at,
});

export interface KeywordSearchOptions {
  limit?: number;
  conversationId?: string;
  excludeConversationId?: string;
  type?: Chunk['type'];
  includeArchived?: boolean;
  /** Markers put around matched terms in snippets. */
  highlight?: [string, string];
}

export class ChunkRepository {
  constructor(private readonly ctx: RepoContext) {}

  insert(chunk: Chunk): void {
    this.ctx.db
      .prepare(
        `INSERT INTO chunks (id, conversation_id, response_id, chunk_index, role, type, text, token_count, archived, created_at)
         VALUES (@id, @conversationId, @responseId, @chunkIndex, @role, @type, @text, @tokenCount, @archived, @createdAt)`,
      )
      .run({ ...chunk, archived: chunk.archived ? 1 : 0 });
  }

  /**
   * Splits a message's or summary's text into chunks and stores them; returns their ids.
   * The caller queues them in the outbox within the same transaction.
   */
  writeAll(owner: Pick<Chunk, 'conversationId' | 'responseId' | 'role' | 'type' | 'archived' | 'createdAt'>, text: string): string[] {
    return this.ctx.chunk(text).map((piece) => {
      const id = chunkId(owner.responseId, piece.index);
      this.insert({ ...owner, id, chunkIndex: piece.index, text: piece.text, tokenCount: piece.tokenCount });
      return id;
    });
  }

  get(id: string): Chunk | undefined {
    const row = this.ctx.db.prepare(`SELECT * FROM chunks WHERE id = ?`).get(id) as ChunkRow | undefined;
    return row && toChunk(row);
  }

  byIds(ids: readonly string[]): Chunk[] {
    if (ids.length === 0) return [];
    const rows = this.ctx.db
      .prepare(`SELECT * FROM chunks WHERE id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as ChunkRow[];
    return rows.map(toChunk);
  }

  /** Every chunk of one message or summary, in order. */
  forResponse(responseId: string): Chunk[] {
    const rows = this.ctx.db
      .prepare(`SELECT * FROM chunks WHERE response_id = ? ORDER BY chunk_index`)
      .all(responseId) as ChunkRow[];
    return rows.map(toChunk);
  }

  /** A message or summary put back together from its chunks, exactly as it was written. */
  reassemble(conversationId: string, responseId: string): string {
    const chunks = this.forResponse(responseId).filter((c) => c.conversationId === conversationId);
    if (chunks.length === 0) throw new MnemoError('NOT_FOUND', `No stored text for ${responseId}.`, { conversationId, responseId });
    chunks.forEach((chunk, i) => {
      if (chunk.chunkIndex !== i) throw new MnemoError('INTERNAL', `Chunk ${i} of ${responseId} is missing.`, { responseId });
    });
    return chunks.map((c) => c.text).join('');
  }

  idsForConversation(conversationId: string): string[] {
    return (this.ctx.db.prepare(`SELECT id FROM chunks WHERE conversation_id = ?`).pluck().all(conversationId) as string[]);
  }

  idsForResponse(responseId: string): string[] {
    return this.ctx.db.prepare(`SELECT id FROM chunks WHERE response_id = ?`).pluck().all(responseId) as string[];
  }

  deleteForResponse(responseId: string): string[] {
    const ids = this.idsForResponse(responseId);
    this.ctx.db.prepare(`DELETE FROM chunks WHERE response_id = ?`).run(responseId);
    return ids;
  }

  setArchivedForConversation(conversationId: string, archived: boolean): string[] {
    this.ctx.db.prepare(`UPDATE chunks SET archived = ? WHERE conversation_id = ?`).run(archived ? 1 : 0, conversationId);
    return this.idsForConversation(conversationId);
  }

  count(): number {
    return (this.ctx.db.prepare(`SELECT count(*) AS n FROM chunks`).get() as { n: number }).n;
  }

  /** All chunk ids, oldest first, in pages (for rebuilding and re-embedding the index). */
  idsAfter(afterRowid: number, limit: number): { rowid: number; id: string }[] {
    return this.ctx.db
      .prepare(`SELECT rowid, id FROM chunks WHERE rowid > ? ORDER BY rowid LIMIT ?`)
      .all(afterRowid, limit) as { rowid: number; id: string }[];
  }

  /** Keyword search ranked by bm25 (best first), with highlighted snippets. */
  search(query: string, options: KeywordSearchOptions = {}): SearchHit[] {
    const match = toFtsQuery(query);
    if (!match) return [];
    const [open, close] = options.highlight ?? ['«', '»'];
    const where: string[] = ['chunks_fts MATCH @match'];
    if (options.conversationId) where.push('c.conversation_id = @conversationId');
    if (options.excludeConversationId) where.push('c.conversation_id <> @excludeConversationId');
    if (options.type) where.push('c.type = @type');
    if (!options.includeArchived) where.push('c.archived = 0');
    const rows = this.ctx.db
      .prepare(
        `SELECT c.id, c.conversation_id, c.response_id, c.chunk_index, c.type, c.role, c.created_at,
                snippet(chunks_fts, 0, @open, @close, '…', 16) AS snippet, bm25(chunks_fts) AS rank,
                instr(c.text, char(0)) > 0 AS has_nul
         FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid
         WHERE ${where.join(' AND ')}
         ORDER BY rank LIMIT @limit`,
      )
      .all({
        match,
        open,
        close,
        limit: options.limit ?? 20,
        conversationId: options.conversationId ?? null,
        excludeConversationId: options.excludeConversationId ?? null,
        type: options.type ?? null,
      }) as (Pick<ChunkRow, 'id' | 'conversation_id' | 'response_id' | 'chunk_index' | 'type' | 'role' | 'created_at'> & {
      snippet: string;
      rank: number;
      has_nul: number;
    })[];
    return rows.map((r) => ({
      chunkId: r.id,
      conversationId: r.conversation_id,
      responseId: r.response_id,
      chunkIndex: r.chunk_index,
      type: r.type,
      role: r.role,
      snippet: r.has_nul ? plainSnippet(this.get(r.id)?.text ?? '', query, [open, close]) : r.snippet,
      score: -r.rank,
      createdAt: r.created_at,
    }));
  }
}
