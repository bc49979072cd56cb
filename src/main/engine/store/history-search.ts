// History search (keyword search with snippets) in three steps, so that it reads the chunk rows
// of the hits it shows and not of every row that matches:
//   1. rank the matches by bm25 from the FTS5 index alone (doclists and row sizes, small and cached);
//   2. read the chunk rows of the best of them, in rank order, keeping those the filters allow;
//   3. make snippets for those kept.
// One query that joined chunks and made snippets read, tokenised and (encrypted) decrypted the
// row of every match before sorting — at 100k messages a common word matches tens of thousands
// of rows spread over the whole file: History search was ~4x slower encrypted than plaintext,
// where the memory map hid the reads (an encrypted file cannot be mapped).
import type { Chunk, SearchHit } from '../../../shared/domain';
import type { RepoContext } from './context';
import { plainSnippet } from './plain-snippet';

export interface HistorySearchFilters {
  conversationId?: string;
  excludeConversationId?: string;
  type?: Chunk['type'];
  includeArchived?: boolean;
  tagId?: string;
}

export interface HistorySearchRequest {
  /** The user's words, for snippets made in JS. */
  query: string;
  /** The FTS5 MATCH expression. */
  match: string;
  limit: number;
  highlight: [string, string];
  filters: HistorySearchFilters;
}

interface HitRow {
  rowid: number;
  id: string;
  conversation_id: string;
  response_id: string;
  chunk_index: number;
  type: Chunk['type'];
  role: Chunk['role'];
  created_at: number;
  own_snippet: number;
}

/** Ranked matches read per row step: most searches fill a page from the first. */
const FIRST_WINDOW_PER_HIT = 4;

export function searchHistory(ctx: RepoContext, request: HistorySearchRequest): SearchHit[] {
  const { match, limit } = request;
  const firstWindow = Math.max(limit * FIRST_WINDOW_PER_HIT, 100);
  let ranked = rankMatches(ctx, match, firstWindow);
  let hits = keptRows(ctx, ranked, request.filters, limit);
  if (hits.length < limit && ranked.length === firstWindow) {
    // The filters let few of the best matches through (a tag, a type): check all the others at
    // once, which reads each of their rows once, in file order — what one joined query read.
    ranked = rankMatches(ctx, match, -1);
    hits = [...hits, ...keptRows(ctx, ranked.slice(firstWindow), request.filters, limit - hits.length)];
  }
  const rankOf = new Map(ranked.map((r) => [r.rowid, r.rank]));
  return hits.map((row) => ({
    chunkId: row.id,
    conversationId: row.conversation_id,
    responseId: row.response_id,
    chunkIndex: row.chunk_index,
    type: row.type,
    role: row.role,
    snippet: snippetOf(ctx, row, request),
    score: -rankOf.get(row.rowid)!,
    createdAt: row.created_at,
  }));
}

interface RankedMatch {
  rowid: number;
  /** bm25 as SQLite gives it: lower is better. */
  rank: number;
}

/** The best `window` matches (all when -1), best first, read from the index only. */
function rankMatches(ctx: RepoContext, match: string, window: number): RankedMatch[] {
  return ctx
    .prepare(
      `SELECT rowid, bm25(chunks_fts, 1.0, 0.0) AS rank FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?`,
    )
    .all(match, window) as RankedMatch[];
}

/** Of `ranked`, the first `limit` rows the filters allow, in rank order. */
function keptRows(
  ctx: RepoContext,
  ranked: readonly RankedMatch[],
  filters: HistorySearchFilters,
  limit: number,
): HitRow[] {
  if (ranked.length === 0 || limit <= 0) return [];
  const where: string[] = ['c.rowid IN (SELECT value FROM json_each(@rowids))'];
  if (filters.conversationId) where.push('c.conversation_id = @conversationId');
  if (filters.excludeConversationId) where.push('c.conversation_id <> @excludeConversationId');
  if (filters.type) where.push('c.type = @type');
  if (filters.tagId)
    where.push('c.conversation_id IN (SELECT conversation_id FROM conversation_tags WHERE tag_id = @tagId)');
  if (!filters.includeArchived) where.push('c.archived = 0');
  const rows = ctx
    .prepare(
      `SELECT c.rowid, c.id, c.conversation_id, c.response_id, c.chunk_index, c.type, c.role, c.created_at,
              instr(c.text, char(0)) > 0 OR c.index_text IS NOT NULL AS own_snippet
       FROM chunks c WHERE ${where.join(' AND ')}`,
    )
    .all({
      // In file order, so rows that share a page are read together.
      rowids: JSON.stringify(ranked.map((r) => r.rowid).sort((a, b) => a - b)),
      conversationId: filters.conversationId ?? null,
      excludeConversationId: filters.excludeConversationId ?? null,
      type: filters.type ?? null,
      tagId: filters.tagId ?? null,
    }) as HitRow[];
  const byRowid = new Map(rows.map((row) => [row.rowid, row]));
  return ranked.flatMap((r) => byRowid.get(r.rowid) ?? []).slice(0, limit);
}

/**
 * SQLite's snippet for the row, or one made in JS from the stored text where snippet() would show
 * it wrongly: it cuts text at a NUL and shows what the index read (the segmented, folded copy).
 */
function snippetOf(ctx: RepoContext, row: HitRow, request: HistorySearchRequest): string {
  const [open, close] = request.highlight;
  if (row.own_snippet) {
    const text = ctx.prepare('SELECT text FROM chunks WHERE rowid = ?').pluck().get(row.rowid) as string | undefined;
    return plainSnippet(text ?? '', request.query, [open, close]);
  }
  // The CAST matters: a JS number is bound as a REAL, and FTS5 then ignores the rowid constraint
  // (SQLite leaves it to FTS5), so the first match's snippet came back for every row.
  return ctx
    .prepare(
      `SELECT snippet(chunks_fts, 0, ?, ?, '…', 16) FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid = CAST(? AS INTEGER)`,
    )
    .pluck()
    .get(open, close, request.match, row.rowid) as string;
}
