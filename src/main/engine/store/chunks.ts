// Stored chunks of messages and summaries, and the keyword search over them (FTS5, bm25).
import type { Chunk, SearchHit } from '../../../shared/domain';
import { MnemoError } from '../../../shared/errors';
import { indexText } from '../language';
import { chunkId, perDatabase, toBool, type RepoContext, type TextPiece } from './context';
import { ftsTerms, matchAny, rankingTerms, toFtsQuery } from '../retrieval/keyword-query';
import { statementHash, withStoredStatementHash } from '../retrieval/statement-key';
import { ChunkPlaces } from './chunk-places';
import { HeldChunks, type TurnSide } from './held-chunks';
import { searchHistory } from './history-search';

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
  /** `statementHash` of the text, made when it was written (migration 013). */
  statement_hash: string | null;
}

export const toChunk = (row: ChunkRow): Chunk =>
  withStoredStatementHash(
    {
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
    },
    row.statement_hash,
  );

export interface KeywordSearchOptions {
  limit?: number;
  conversationId?: string;
  excludeConversationId?: string;
  type?: Chunk['type'];
  includeArchived?: boolean;
  /** Only the chunks of conversations carrying this tag. */
  tagId?: string;
  /** Markers put around matched terms in snippets. */
  highlight?: [string, string];
}

export interface KeywordRankOptions {
  limit: number;
  /** Only this conversation's chunks (archived or not: the caller decides). */
  conversationId?: string;
  /**
   * Rows bm25 may score at most, estimated from how many chunks each word is in: the
   * rarest words are kept within it and the commonest dropped (see `rankingTerms`).
   * Unbounded when absent.
   */
  maxRows?: number;
}

export interface KeywordRank {
  chunkId: string;
  /** The ranked chunk itself: the ranking reads its row anyway, so callers need not again. */
  chunk: Chunk;
  /** bm25, higher is better. */
  score: number;
}

export interface TermRowsOptions {
  /** Only this conversation's chunks. */
  conversationId?: string;
  /** Chunks read at most over all the words (estimated from how many chunks each is in). */
  maxRows: number;
}

/** Where and when a chunk holding a word was said. */
export interface TermRow {
  rowid: number;
  conversationId: string;
  createdAt: number;
}

/** When a chunk was said, by its rowid. */
export interface ChunkTime {
  rowid: number;
  createdAt: number;
}

export interface TermRows {
  /** About how many chunks are stored (for the words' weights). */
  chunks: number;
  /** The words read, each with how many chunks hold it and those chunks (within the scope). */
  terms: { term: string; chunks: number; rows: TermRow[] }[];
  /** The query's words left out for being in too many chunks to read within `maxRows`. */
  leftOut: string[];
}

interface RankedRow {
  rowid: number;
  /** bm25, higher is better. */
  score: number;
}

/** Word document counts are estimates for pruning; they are counted again once the table grew by this share. */
const DOC_COUNT_STALE_GROWTH = 0.1;
const DOC_COUNT_CACHE_SIZE = 10_000;
/** Reading a word's doclist costs about a sixteenth of scoring a row with it; allow a quarter, to be safe. */
const SCAN_PER_SCORE = 4;

/** An FTS5 expression over the chunk text only (the `scope` column holds conversation tokens). */
const textOnly = (match: string) => `text : (${match})`;

/** Matches the chunks of one conversation: the token migration 003 indexes in `scope`. */
const scopeFilter = (conversationId: string) =>
  `scope : "c${Buffer.from(conversationId, 'utf8').toString('hex').toUpperCase()}0"`;

export class ChunkRepository {
  private readonly docCountsOf = perDatabase(
    () => new Map<string, { rows: number; atRowid: number; cutOff: boolean }>(),
  );
  private readonly heldOf = perDatabase(() => new HeldChunks());
  private readonly placesOf = perDatabase(() => new ChunkPlaces());

  constructor(private readonly ctx: RepoContext) {}

  insert(chunk: Chunk): void {
    this.ctx
      .prepare(
        `INSERT INTO chunks (id, conversation_id, response_id, chunk_index, role, type, text, index_text, token_count, archived, created_at, statement_hash)
         VALUES (@id, @conversationId, @responseId, @chunkIndex, @role, @type, @text, @indexText, @tokenCount, @archived, @createdAt, @statementHash)`,
      )
      .run({
        ...chunk,
        indexText: indexText(chunk.text),
        archived: chunk.archived ? 1 : 0,
        statementHash: statementHash(chunk.text),
      });
  }

  /**
   * Splits a message's or summary's text into chunks and stores them; returns their ids.
   * The caller queues them in the outbox within the same transaction.
   */
  writeAll(
    owner: Pick<Chunk, 'conversationId' | 'responseId' | 'role' | 'type' | 'archived' | 'createdAt'>,
    text: string,
    pieces: readonly TextPiece[] = this.ctx.chunk(text),
  ): string[] {
    return pieces.map((piece) => {
      const id = chunkId(owner.responseId, piece.index);
      this.insert({ ...owner, id, chunkIndex: piece.index, text: piece.text, tokenCount: piece.tokenCount });
      return id;
    });
  }

  get(id: string): Chunk | undefined {
    const row = this.ctx.prepare(`SELECT * FROM chunks WHERE id = ?`).get(id) as ChunkRow | undefined;
    return row && toChunk(row);
  }

  /** The chunks of these ids that exist, in no particular order; recently read ones from memory. */
  byIds(ids: readonly string[]): Chunk[] {
    return [
      ...this.readThrough(
        new Set(ids),
        (held, id) => held.byChunkId(id),
        `SELECT * FROM chunks WHERE id IN (SELECT value FROM json_each(?))`,
        (row) => row.id,
      ).values(),
    ];
  }

  /** As `byIds`, by rowid (what the keyword index and `timesBetween` give). */
  byRowids(rowids: readonly number[]): Map<number, Chunk> {
    return this.readThrough(
      rowids,
      (held, rowid) => held.byRow(rowid),
      `SELECT * FROM chunks WHERE rowid IN (SELECT value FROM json_each(?))`,
      (row) => row.rowid,
    );
  }

  /**
   * Chunks by key: those held from memory, the rest read in one query (`sql` takes their keys as
   * JSON) and held, by row and, when `holdAs` says how, by their key too.
   */
  private readThrough<K extends string | number, R extends ChunkRow = ChunkRow>(
    keys: Iterable<K>,
    heldOne: (held: HeldChunks, key: K) => Chunk | undefined,
    sql: string,
    keyOf: (row: R) => K,
    holdAs?: (held: HeldChunks, key: K, chunk: Chunk) => void,
  ): Map<K, Chunk> {
    const held = this.held();
    const found = new Map<K, Chunk>();
    const missing: K[] = [];
    for (const key of keys) {
      const chunk = held ? heldOne(held, key) : undefined;
      if (chunk) found.set(key, chunk);
      else missing.push(key);
    }
    if (missing.length === 0) return found;
    for (const row of this.ctx.prepare(sql).all(JSON.stringify(missing)) as R[]) {
      const key = keyOf(row);
      const chunk = this.toHeld(row, held);
      if (held && holdAs) holdAs(held, key, chunk);
      found.set(key, chunk);
    }
    return found;
  }

  /** The rows held in memory, current; none inside a transaction, whose rows may yet be rolled back. */
  private held(): HeldChunks | null {
    if (this.ctx.db.inTransaction) return null;
    const held = this.heldOf(this.ctx.db);
    held.syncTo(this.rowVersion());
    return held;
  }

  /** The counter any change or removal of a stored chunk moves (migration 005): what is held in memory is current while it stays. */
  private rowVersion(): number {
    return this.ctx.prepare(`SELECT version FROM row_versions WHERE name = 'chunks'`).pluck().get() as number;
  }

  private toHeld(row: ChunkRow, held: HeldChunks | null): Chunk {
    const known = held?.byRow(row.rowid);
    if (known) return known;
    // Frozen: the same object is handed to every later caller.
    const chunk = Object.freeze(toChunk(row));
    held?.hold(row.rowid, chunk);
    return chunk;
  }

  /**
   * For each message given, the nearest chunk of the turn next to it in its conversation, on
   * `side`. The exchange: the first chunk of the reply to a user message (its newest, when
   * regenerated), the last chunk of the question an assistant message answered. Beyond it: the
   * last chunk of the reply a user message followed, the first chunk of the user's next message
   * after an assistant message. One query for all of them.
   */
  adjacentTurnChunks(messageIds: readonly string[], side: TurnSide = 'exchange'): Map<string, Chunk> {
    // The exchange: a user turn's reply, a reply's question. Beyond it: the turn before a user
    // turn (the reply it follows up on), the turn after a reply (the user's answer to it).
    const towardChild = side === 'exchange' ? "m.role = 'user'" : "m.role <> 'user'";
    return this.readThrough<string, ChunkRow & { of_message: string }>(
      new Set(messageIds),
      (held, id) => held.adjacentTo(id, side),
      `SELECT j.value AS of_message, c.*
       FROM json_each(?) j
       JOIN messages m ON m.id = j.value
       JOIN messages a ON a.id = (CASE WHEN ${towardChild} THEN (SELECT k.id FROM messages k WHERE k.parent_id = m.id ORDER BY k.seq DESC LIMIT 1) ELSE m.parent_id END)
       JOIN chunks c ON c.response_id = a.id AND c.chunk_index =
         (CASE WHEN ${towardChild} THEN 0 ELSE (SELECT max(chunk_index) FROM chunks WHERE response_id = a.id) END)`,
      (row) => row.of_message,
      (held, id, chunk) => held.holdAdjacent(id, side, chunk),
    );
  }

  /** Every chunk of one message or summary, in order. */
  forResponse(responseId: string): Chunk[] {
    const rows = this.ctx
      .prepare(`SELECT * FROM chunks WHERE response_id = ? ORDER BY chunk_index`)
      .all(responseId) as ChunkRow[];
    return rows.map(toChunk);
  }

  /** A message or summary put back together from its chunks, exactly as it was written. */
  reassemble(conversationId: string, responseId: string): string {
    const chunks = this.forResponse(responseId).filter((c) => c.conversationId === conversationId);
    if (chunks.length === 0)
      throw new MnemoError('NOT_FOUND', `No stored text for ${responseId}.`, { conversationId, responseId });
    chunks.forEach((chunk, i) => {
      if (chunk.chunkIndex !== i)
        throw new MnemoError('INTERNAL', `Chunk ${i} of ${responseId} is missing.`, { responseId });
    });
    return chunks.map((c) => c.text).join('');
  }

  countInConversation(conversationId: string): number {
    return this.ctx
      .prepare(`SELECT count(*) FROM chunks WHERE conversation_id = ?`)
      .pluck()
      .get(conversationId) as number;
  }

  idsForConversation(conversationId: string): string[] {
    return this.ctx.prepare(`SELECT id FROM chunks WHERE conversation_id = ?`).pluck().all(conversationId) as string[];
  }

  idsForResponse(responseId: string): string[] {
    return this.ctx.prepare(`SELECT id FROM chunks WHERE response_id = ?`).pluck().all(responseId) as string[];
  }

  deleteForResponse(responseId: string): string[] {
    const ids = this.idsForResponse(responseId);
    this.ctx.prepare(`DELETE FROM chunks WHERE response_id = ?`).run(responseId);
    return ids;
  }

  setArchivedForConversation(conversationId: string, archived: boolean): string[] {
    this.ctx.prepare(`UPDATE chunks SET archived = ? WHERE conversation_id = ?`).run(archived ? 1 : 0, conversationId);
    return this.idsForConversation(conversationId);
  }

  count(): number {
    return (this.ctx.prepare(`SELECT count(*) AS n FROM chunks`).get() as { n: number }).n;
  }

  /** All chunk ids, oldest first, in pages (for rebuilding and re-embedding the index). */
  idsAfter(afterRowid: number, limit: number): { rowid: number; id: string }[] {
    return this.ctx
      .prepare(`SELECT rowid, id FROM chunks WHERE rowid > ? ORDER BY rowid LIMIT ?`)
      .all(afterRowid, limit) as { rowid: number; id: string }[];
  }

  /**
   * Chunk ids ranked by bm25 (best first) for retrieval: no snippets, and within `maxRows`
   * when given, so the cost stays bounded however large the history grows.
   */
  rank(query: string, options: KeywordRankOptions): KeywordRank[] {
    const terms = ftsTerms(query);
    if (terms.length === 0) return [];
    const lastRowid = (this.ctx.prepare(`SELECT max(rowid) FROM chunks`).pluck().get() as number | null) ?? 0;
    const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
    if (options.conversationId === undefined) {
      const kept = rankingTerms(terms, (term) => this.docCount(term, lastRowid, maxRows), maxRows);
      if (kept.length === 0) return [];
      const rank = this.ctx.prepare(
        `SELECT rowid, -rank AS score FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?`,
      );
      const ranked = rank.all(textOnly(matchAny(kept)), options.limit) as RankedRow[];
      // A word left out for being in too many rows to score them all ("museum" in thousands of
      // chunks of a long history) still tells apart the rows the rarer words found ("Melanie"'s
      // turns): those holding one are scored again with every word. FTS5 scores only the rows
      // holding both a kept word and a left-out one, and merely reads the left-out words' lists
      // of rows, which costs far less. A row's bm25 is a sum over the words it holds, so the two
      // scores are on one scale: this is bm25 over every word, for the rows the kept words find.
      const also = rankingTerms(
        terms.filter((term) => !kept.includes(term)),
        (term) => this.docCount(term, lastRowid, maxRows * SCAN_PER_SCORE),
        maxRows * SCAN_PER_SCORE,
      );
      if (also.length === 0) return this.withChunks(ranked);
      const both = rank.all(
        `${textOnly(matchAny(kept))} AND ${textOnly(matchAny(also))}`,
        options.limit,
      ) as RankedRow[];
      const scores = new Map(ranked.map((r) => [r.rowid, r.score]));
      for (const r of both) scores.set(r.rowid, r.score);
      const merged = [...scores].map(([rowid, score]) => ({ rowid, score }));
      return this.withChunks(merged.sort((a, b) => b.score - a.score).slice(0, options.limit));
    }
    // Within a conversation FTS5 intersects the words with the conversation's token and scores
    // only its rows; what is left to bound is reading the words' doclists (for their weights),
    // which costs a small fraction of scoring a row.
    const kept = rankingTerms(
      terms,
      (term) => this.docCount(term, lastRowid, maxRows * SCAN_PER_SCORE),
      maxRows * SCAN_PER_SCORE,
    );
    if (kept.length === 0) return [];
    const ranked = this.ctx
      .prepare(
        `SELECT rowid, -bm25(chunks_fts, 1.0, 0.0) AS score FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY score DESC LIMIT ?`,
      )
      .all(`${scopeFilter(options.conversationId)} AND ${textOnly(matchAny(kept))}`, options.limit) as RankedRow[];
    return this.withChunks(ranked);
  }

  /**
   * The chunks holding each word (stemmed as the index stems it), at most `limit` a word, as
   * where and when they were said: what the episode list (retrieval/episodes.ts) groups into
   * sittings. Only words in no more than `maxRows` chunks together are read, rarest first (see
   * `rankingTerms`), so the cost stays bounded however large the history grows; with the total
   * chunk count, for the words' weights, and the words left out.
   */
  termRows(query: string, options: TermRowsOptions): TermRows {
    const terms = ftsTerms(query);
    const lastRowid = (this.ctx.prepare(`SELECT max(rowid) FROM chunks`).pluck().get() as number | null) ?? 0;
    const { kept, counts } = this.rarestWithin(terms, lastRowid, options.maxRows);
    const scope = options.conversationId === undefined ? '' : `${scopeFilter(options.conversationId)} AND `;
    const places = this.places(lastRowid);
    return {
      chunks: lastRowid,
      terms: kept.map((term) => ({
        term,
        chunks: counts.get(term) ?? 0,
        rows: this.rowsMatching(`${scope}${textOnly(matchAny([term]))}`, places),
      })),
      leftOut: terms.filter((term) => !kept.includes(term)),
    };
  }

  /**
   * As `termRows`, for words it left out for being in too many chunks, keeping only the chunks
   * said in `conversationIds`. Each word's whole list of chunks is read (reading a row costs far
   * less than scoring it), rarest word first while their chunks stay within `maxRows` all together.
   */
  termRowsWithin(
    terms: readonly string[],
    conversationIds: ReadonlySet<string>,
    options: { maxRows: number },
  ): TermRows['terms'] {
    if (terms.length === 0 || conversationIds.size === 0) return [];
    const lastRowid = (this.ctx.prepare(`SELECT max(rowid) FROM chunks`).pluck().get() as number | null) ?? 0;
    const { kept: read, counts } = this.rarestWithin(terms, lastRowid, options.maxRows);
    const places = this.places(lastRowid);
    return read.map((term) => ({
      term,
      chunks: counts.get(term) ?? 0,
      rows: this.rowsMatching(textOnly(matchAny([term])), places).filter((row) =>
        conversationIds.has(row.conversationId),
      ),
    }));
  }

  /** The words to read, rarest first while their chunks stay within `maxRows` together, and how many chunks hold each. */
  private rarestWithin(
    terms: readonly string[],
    lastRowid: number,
    maxRows: number,
  ): { kept: string[]; counts: Map<string, number> } {
    const counts = new Map<string, number>();
    const kept = rankingTerms(
      terms,
      (term) => {
        const rows = this.docCount(term, lastRowid, maxRows);
        counts.set(term, rows);
        return rows;
      },
      maxRows,
    );
    return { kept, counts };
  }

  /** Where and when each chunk matching an FTS5 expression was said (from `places` when held). */
  private rowsMatching(match: string, places: ChunkPlaces | null): TermRow[] {
    if (!places)
      return this.ctx
        .prepare(
          `SELECT c.rowid AS rowid, c.conversation_id AS conversationId, c.created_at AS createdAt
           FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid WHERE chunks_fts MATCH ?`,
        )
        .all(match) as TermRow[];
    const rowids = this.ctx
      .prepare(`SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?`)
      .pluck()
      .all(match) as number[];
    return rowids.flatMap((rowid) => {
      const place = places.placeOf(rowid);
      return place ? [{ rowid, ...place }] : [];
    });
  }

  /**
   * Every chunk's conversation and time in memory (store/chunk-places.ts), current; none inside a
   * transaction, whose rows may yet be rolled back and their rowids given to others.
   */
  private places(lastRowid: number): ChunkPlaces | null {
    if (this.ctx.db.inTransaction) return null;
    const places = this.placesOf(this.ctx.db);
    places.syncTo(this.rowVersion(), lastRowid, (after) => this.placesAfter(after));
    return places;
  }

  /**
   * Each chunk's rowid, conversation and time, of the rows after `after`. All of them (after 0)
   * are read a conversation at a time, numbers only, from its time index: ~0.8 µs a row, 90 ms
   * at 115,000 chunks, against 130–200 ms for one pass handing over each row's conversation id.
   */
  private *placesAfter(after: number): Iterable<[number, string, number]> {
    if (after > 0) {
      yield* this.ctx
        .prepare(`SELECT rowid, conversation_id, created_at FROM chunks WHERE rowid > ?`)
        .raw(true)
        .iterate(after) as Iterable<[number, string, number]>;
      return;
    }
    const ofConversation = this.ctx.prepare(`SELECT rowid, created_at FROM chunks WHERE conversation_id = ?`).raw(true);
    for (const id of this.ctx.prepare(`SELECT id FROM conversations`).pluck().all() as string[])
      for (const [rowid, createdAt] of ofConversation.all(id) as [number, number][]) yield [rowid, id, createdAt];
  }

  /**
   * When a conversation's chunks from `from` to `to` (inclusive) were said, oldest first, at most
   * `limit`: their rowids and times only, read from the conversation's time index without
   * touching the rows, for callers that pick a few of many before reading any text.
   */
  timesBetween(conversationId: string, from: number, to: number, limit: number): ChunkTime[] {
    return this.ctx
      .prepare(
        `SELECT rowid, created_at AS createdAt FROM chunks
         WHERE conversation_id = ? AND created_at BETWEEN ? AND ? ORDER BY created_at, rowid LIMIT ?`,
      )
      .all(conversationId, from, to, limit) as ChunkTime[];
  }

  /**
   * Chunks said from `from` (inclusive) to `to` (exclusive), oldest first, at most `limit`: in one
   * conversation, or in every conversation active since `from` (each read by its own time index).
   */
  saidWithin(span: { from: number; to: number }, options: { conversationId?: string; limit: number }): Chunk[] {
    const rows =
      options.conversationId === undefined
        ? (this.ctx
            .prepare(
              `SELECT * FROM chunks WHERE conversation_id IN (SELECT id FROM conversations WHERE updated_at >= ?)
               AND created_at >= ? AND created_at < ? ORDER BY created_at, rowid LIMIT ?`,
            )
            .all(span.from, span.from, span.to, options.limit) as ChunkRow[])
        : (this.ctx
            .prepare(
              `SELECT * FROM chunks WHERE conversation_id = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, rowid LIMIT ?`,
            )
            .all(options.conversationId, span.from, span.to, options.limit) as ChunkRow[]);
    const held = this.held();
    return rows.map((row) => this.toHeld(row, held));
  }

  /** Ranked rows with their chunks, in rank order. */
  private withChunks(ranked: readonly RankedRow[]): KeywordRank[] {
    const chunks = this.byRowids(ranked.map((r) => r.rowid));
    return ranked.flatMap(({ rowid, score }) => {
      const chunk = chunks.get(rowid);
      return chunk ? [{ chunkId: chunk.id, chunk, score }] : [];
    });
  }

  /**
   * How many chunks hold this word (stemmed as the index stems it), counted no further than
   * one past `upTo`: a word in more rows than the budget is never ranked by, and counting reads
   * its doclist (~0.06 µs a row; the commonest words are in tens of thousands of chunks).
   * Remembered until the table grew by a tenth, since the words of a user's questions recur.
   */
  private docCount(term: string, lastRowid: number, upTo: number): number {
    const docCounts = this.docCountsOf(this.ctx.db);
    const known = docCounts.get(term);
    // A count cut off at its limit says only "more than that": enough for any budget below it.
    if (
      known !== undefined &&
      lastRowid <= known.atRowid * (1 + DOC_COUNT_STALE_GROWTH) &&
      (!known.cutOff || known.rows > upTo)
    )
      return known.rows;
    const limit = upTo + 1;
    const rows = this.ctx
      .prepare(`SELECT count(*) FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?)`)
      .pluck()
      .get(textOnly(matchAny([term])), limit) as number;
    if (docCounts.size >= DOC_COUNT_CACHE_SIZE) docCounts.clear();
    docCounts.set(term, { rows, atRowid: lastRowid, cutOff: rows >= limit });
    return rows;
  }

  /** Keyword search ranked by bm25 (best first), with highlighted snippets (see history-search.ts). */
  search(query: string, options: KeywordSearchOptions = {}): SearchHit[] {
    const match = toFtsQuery(query);
    if (!match) return [];
    const { limit, highlight, ...filters } = options;
    return searchHistory(this.ctx, {
      query,
      match: textOnly(match),
      limit: limit ?? 20,
      highlight: highlight ?? ['«', '»'],
      filters,
    });
  }
}
