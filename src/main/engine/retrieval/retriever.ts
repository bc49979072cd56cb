// Hybrid retrieval over stored chunks: Chroma similarity and FTS5 keyword rank, fused by rank
// with more say for candidates that stand out in their list (see `standOutFusion`), and a prior
// for hits whose episode (a sitting of one conversation) matches the question too. The open
// conversation gets no extra weight: its latest turns are in the prompt anyway and its own
// keyword and vector lists reach every chunk of it, so a multiplier on top only let its loosely
// matching turns outrank closer ones of other conversations (see `retrieveAt`). When no query vector
// can be had (Ollama or Chroma down) it runs on keywords alone. Chunks saying the same thing
// ("Work was busy but fine." on twenty evenings) are one candidate: repeats would spend the
// budget and the candidate lists on one statement, so the newest copy stands for them all
// (retrieval/statement-key.ts).
import type { Chunk } from '../../../shared/domain';
import { isMnemoError } from '../../../shared/errors';
import { standOutFusion } from './fusion';
import type { NearbyChunk, Store } from '../store';
import { HeldConversationVectors } from './conversation-vectors';
import { EPISODE_GAP_MS, EPISODE_LIST_WEIGHT, EPISODES_TAKEN, episodeCandidates } from './episodes';
import { timeList, type TimeList } from './time-list';
import { timeSpansOf } from './time-span';
import { sameStatementKey } from './statement-key';

export { EPISODE_GAP_MS };
import type { VectorHit, VectorIndex } from '../vectors/vector-index';

export interface RetrievalRequest {
  query: string;
  /** Null when the query could not be embedded: keyword retrieval only. */
  queryEmbedding: number[] | null;
  conversationId: string | null;
  crossConversation: boolean;
  /** Messages and summaries already in the prompt by other routes. */
  excludeResponseIds: ReadonlySet<string>;
  limit: number;
}

export interface RetrievedChunk {
  chunk: Chunk;
  score: number;
  vectorRank: number | null;
  keywordRank: number | null;
  /** Rank in the episode list: said on an occasion that matches the question as a whole (retrieval/episodes.ts). */
  episodeRank: number | null;
  /** Rank in the time list: said within a time the question names (retrieval/time-list.ts). */
  timeRank: number | null;
  similarity: number | null;
  fromCurrentConversation: boolean;
  /** How many retrieved chunks said the same thing (1 = unique); `chunk` is the newest. */
  copies: number;
}

/** A retrieval whose vector search is under way; `finish` names what is in the prompt already. */
export interface PendingRetrieval {
  finish(excludeResponseIds: ReadonlySet<string>): Promise<RetrievalResult>;
}

export interface RetrievalResult {
  hits: RetrievedChunk[];
  mode: 'hybrid' | 'keyword';
}

export interface HybridRetrieverOptions {
  /** Candidates taken from each retriever before fusion. */
  candidatesPerList?: number;
  /** How much the other hits of a hit's episode add to its score (0: none); see `withEpisodePrior`. */
  episodePrior?: number;
  /** How many best-matching episodes give all their turns to the candidates (0: none); see retrieval/episodes.ts. */
  episodesTaken?: number;
  /** The moment questions are asked at, which "yesterday" and "last May" are counted from. */
  now?: () => number;
  /** The time list's say in fusion (0: no time list); see retrieval/time-list.ts. */
  timeListWeight?: number;
  /** Score multiplier for hits said within a time the question names. */
  namedTimeBoost?: number;
}

/**
 * The time list's say in fusion beside the vector and keyword lists (1 = equal); with the boost
 * below. On LoCoMo's dev conversations, questions naming a time, sessions layout at 1,000 / 2,000
 * tokens: none 0.795 / 0.897, list alone 0.821 / 0.897, list at double say 0.872 / 0.974.
 */
export const TIME_LIST_WEIGHT = 1;
/**
 * A question naming a time is about what was said then: hits said then count this many times
 * over (1.5: 0.872 / 0.974 on the same questions, 2: 0.923 / 0.974).
 */
export const NAMED_TIME_BOOST = 2;

/** Candidates each retriever gives before fusion, unless repeats crowd them out. */
export const CANDIDATES_PER_LIST = 60;
/** How deep retrieval looks at most when repeats crowd the candidate lists. */
const MAX_CANDIDATES_PER_LIST = 1600;
/**
 * Rows bm25 may score per keyword list when vectors search too: FTS5 looks up each row's length
 * to score it, ~4 µs a row at 100,000 messages, so up to ~10 ms. At a few thousand chunks every
 * word fits; on a long history the commonest words are left out of the ranking, and only order
 * the rows the kept words find (`ChunkRepository.rank`).
 */
export const KEYWORD_ROWS_WITH_VECTORS = 2_500;

export class HybridRetriever {
  private readonly perList: number;
  private readonly episodePrior: number;
  private readonly episodesTaken: number;
  private readonly now: () => number;
  private readonly timeListWeight: number;
  private readonly namedTimeBoost: number;
  /** The vectors of the conversations last searched, so a turn's search within its own is in process. */
  private readonly conversationVectors: HeldConversationVectors;

  constructor(
    private readonly store: Store,
    private readonly vectors: VectorIndex,
    private readonly embeddingModel: () => string,
    options: HybridRetrieverOptions = {},
  ) {
    this.perList = options.candidatesPerList ?? CANDIDATES_PER_LIST;
    this.episodePrior = options.episodePrior ?? EPISODE_PRIOR;
    this.episodesTaken = options.episodesTaken ?? EPISODES_TAKEN;
    this.now = options.now ?? Date.now;
    this.timeListWeight = options.timeListWeight ?? TIME_LIST_WEIGHT;
    this.namedTimeBoost = options.namedTimeBoost ?? NAMED_TIME_BOOST;
    this.conversationVectors = new HeldConversationVectors(store);
  }

  async retrieve(request: RetrievalRequest): Promise<RetrievalResult> {
    const pending = this.begin(request);
    await letRequestsLeave();
    return pending.finish(request.excludeResponseIds);
  }

  /**
   * Starts a retrieval: the vector search is sent now and Chroma answers it while the caller
   * goes on with other work; `finish` does the in-process searches, waits for Chroma and fuses.
   * Nothing is sent until the caller next yields to the event loop.
   */
  begin(request: Omit<RetrievalRequest, 'excludeResponseIds'>): PendingRetrieval {
    // Each list gives at least as many candidates as hits are wanted (a large budget wants more).
    const depth = Math.min(MAX_CANDIDATES_PER_LIST, Math.max(this.perList, request.limit));
    const overall = request.queryEmbedding ? this.nearestOverall(request, request.queryEmbedding, depth) : null;
    // Awaited only in `finish`: until then a failure must not count as unhandled.
    overall?.catch(() => undefined);
    // Read once, at the first look: a deeper look asks it again with the other lists' new candidates.
    const time = timeList(this.store, {
      spans: this.timeListWeight > 0 ? timeSpansOf(request.query, this.now()) : [],
      within: request.crossConversation || !request.conversationId ? null : request.conversationId,
      queryEmbedding: request.queryEmbedding,
      embeddingModel: this.embeddingModel(),
    });
    return {
      finish: async (excludeResponseIds) => {
        const full = { ...request, excludeResponseIds, time };
        // Repeats and inadmissible chunks can leave fewer distinct candidates than wanted: then
        // look deeper, while the lists still had more to give.
        const first = await this.retrieveAt(full, depth, overall);
        if (first.hits.length >= request.limit || !first.listsFull || depth >= MAX_CANDIDATES_PER_LIST) return first;
        const deeper = request.queryEmbedding
          ? this.nearestOverall(request, request.queryEmbedding, MAX_CANDIDATES_PER_LIST)
          : null;
        if (deeper) await letRequestsLeave();
        return this.retrieveAt(full, MAX_CANDIDATES_PER_LIST, deeper);
      },
    };
  }

  /**
   * Gets a conversation ready for its next turn, off that turn's path: called when it is
   * opened, so the turn searches its vectors in memory instead of reading them all first.
   */
  prepare(conversationId: string): void {
    this.conversationVectors.hold(conversationId, this.embeddingModel());
  }

  /** Whether a conversation is ready: its vectors are in memory, so its next turn reads none. */
  isPrepared(conversationId: string): boolean {
    return this.conversationVectors.holds(conversationId, this.embeddingModel());
  }

  /** Lets go of every conversation's vectors held in memory; each is read again at its next turn. */
  releaseHeldVectors(): void {
    this.conversationVectors.release();
  }

  private async retrieveAt(
    request: RetrievalRequest & { time: TimeList },
    depth: number,
    overall: Promise<VectorHit[] | null> | null,
  ): Promise<RetrievalResult & { listsFull: boolean }> {
    const embedding = request.queryEmbedding;
    const here = embedding ? this.nearestHere(request, embedding, depth) : [];
    const keyword = this.keywordCandidates(request, depth);
    const episodes = episodeCandidates(this.store, request, { taken: this.episodesTaken, limit: depth });
    const byId = new Map<string, Chunk>();
    for (const hit of keyword) byId.set(hit.chunkId, hit.chunk);
    for (const hit of episodes.candidates) byId.set(hit.chunk.id, hit.chunk);
    const load = (hits: readonly { id: string }[]) => {
      const missing = new Set<string>();
      for (const { id } of hits) if (!byId.has(id)) missing.add(id);
      if (missing.size > 0) for (const chunk of this.store.chunks.byIds([...missing])) byId.set(chunk.id, chunk);
    };
    load(here);
    const vector = overall ? mergeByDistance(await overall, here) : null;
    if (vector) load(vector);
    const timed = request.time.candidates([...byId.values()]);
    for (const chunk of timed) byId.set(chunk.id, chunk);

    // Repeated statements collapse to one key per list position; the newest copy represents them.
    const groups = new Map<string, StatementGroup>();
    const keyed = new Map<string, string | null>();
    const keyOf = (id: string, similarity: number | null): string | null => {
      const known = keyed.get(id);
      if (known !== undefined) return known;
      const chunk = byId.get(id);
      if (chunk === undefined || !this.admissible(chunk, request)) {
        keyed.set(id, null);
        return null;
      }
      const key = sameStatementKey(chunk);
      keyed.set(id, key);
      const group = groups.get(key);
      if (!group) groups.set(key, { chunk, copies: 1, similarity });
      else {
        group.copies += 1;
        if (similarity !== null && (group.similarity === null || similarity > group.similarity))
          group.similarity = similarity;
        if (
          chunk.createdAt > group.chunk.createdAt ||
          (chunk.createdAt === group.chunk.createdAt && chunk.id > group.chunk.id)
        )
          group.chunk = chunk;
      }
      return key;
    };
    // Each id is keyed once, with its similarity when the vector list has it: that list goes first.
    const vectorKeys = distinctKeys(
      vector ?? [],
      (hit) => keyOf(hit.id, 1 - hit.distance),
      (hit) => 1 - hit.distance,
    );
    const keywordKeys = distinctKeys(
      keyword,
      (hit) => keyOf(hit.chunkId, null),
      (hit) => hit.score,
    );
    const episodeKeys = distinctKeys(
      episodes.candidates,
      (hit) => keyOf(hit.chunk.id, null),
      (hit) => hit.score,
    );
    // Scored by its place alone: its similarities are the vector list's, already counted there.
    const timeKeys = distinctKeys(
      timed,
      (chunk) => keyOf(chunk.id, null),
      () => 0,
    );
    const fused = standOutFusion(
      [
        { items: vectorKeys },
        { items: keywordKeys },
        { items: episodeKeys, weight: EPISODE_LIST_WEIGHT, spread: episodes.spread },
        { items: timeKeys, weight: this.timeListWeight },
      ],
      (key) => key,
    );
    const hits = fused.map((f): RetrievedChunk => {
      const group = groups.get(f.key)!;
      // The open conversation's chunks are scored like any other's. They were multiplied by 1.3
      // (from the first version, never measured); asked in a long conversation about what was said
      // in others (long among many at 1,000 / 2,000 / 4,000 tokens) that cost LoCoMo 0.630 / 0.726 /
      // 0.805 → 0.622 / 0.714 / 0.796 and synthetic-recall-v1 0.875 → 0.786 at 1,000 (1.15: 0.839):
      // at 2,000 tokens LoCoMo lost 0.065 of the other conversations' evidence to gain 0.011 of the
      // open one's. Where nothing else is asked (one conversation, a new one) it changed nothing.
      const current = group.chunk.conversationId === request.conversationId;
      return {
        chunk: group.chunk,
        score: f.score * (f.ranks[3] ? this.namedTimeBoost : 1),
        vectorRank: f.ranks[0] ?? null,
        keywordRank: f.ranks[1] ?? null,
        episodeRank: f.ranks[2] ?? null,
        timeRank: f.ranks[3] ?? null,
        similarity: group.similarity,
        fromCurrentConversation: current,
        copies: group.copies,
      };
    });
    withEpisodePrior(hits, this.episodePrior);
    hits.sort((a, b) => b.score - a.score);
    const listsFull = (vector?.length ?? 0) >= depth || keyword.length >= depth;
    return { hits: hits.slice(0, request.limit), mode: vector ? 'hybrid' : 'keyword', listsFull };
  }

  private admissible(chunk: Chunk, request: RetrievalRequest): boolean {
    if (chunk.archived || request.excludeResponseIds.has(chunk.responseId)) return false;
    if (!request.crossConversation && chunk.conversationId !== request.conversationId) return false;
    if (chunk.type === 'summary') {
      // This conversation's summary has its own section; folded summaries are stale.
      if (chunk.conversationId === request.conversationId) return false;
      if (this.store.summaries.get(chunk.responseId)?.supersededBy) return false;
    }
    return true;
  }

  /**
   * Nearest chunks overall: one unfiltered HNSW query to Chroma (a metadata filter turns it
   * into a scan; archived chunks are dropped by `admissible`). Empty when the request stays
   * in its conversation, null when Chroma cannot answer now.
   */
  private nearestOverall(
    request: Pick<RetrievalRequest, 'conversationId' | 'crossConversation'>,
    embedding: number[],
    depth: number,
  ): Promise<VectorHit[] | null> {
    if (!request.crossConversation && request.conversationId) return Promise.resolve([]);
    return this.vectors.query('chunk', this.embeddingModel(), embedding, { limit: depth }).catch((error: unknown) => {
      if (isMnemoError(error) && (error.code === 'CHROMA_DOWN' || error.code === 'INTERNAL')) return null;
      throw error;
    });
  }

  /** Nearest chunks within this conversation, from its stored vectors, in process. */
  private nearestHere(request: RetrievalRequest, embedding: number[], depth: number): NearbyChunk[] {
    if (!request.conversationId) return [];
    return this.conversationVectors.search(request.conversationId, this.embeddingModel(), embedding, depth).hits;
  }

  /**
   * bm25 candidates overall and within this conversation. With a query vector, only words rare
   * enough to tell chunks apart are ranked (bounded cost at any history size); without one the
   * words are all there is, and all are ranked. The list within the conversation is always asked:
   * its vectors score every chunk of it, but a rare word shared with the question (a name, a
   * place) is evidence the vectors blur, and the overall list's top is crowded by other chats.
   */
  private keywordCandidates(request: RetrievalRequest, depth: number) {
    const maxRows = request.queryEmbedding ? KEYWORD_ROWS_WITH_VECTORS : undefined;
    const options = { limit: depth, ...(maxRows ? { maxRows } : {}) };
    const lists = [];
    if (request.crossConversation || !request.conversationId)
      lists.push(this.store.chunks.rank(request.query, options));
    if (request.conversationId)
      lists.push(this.store.chunks.rank(request.query, { ...options, conversationId: request.conversationId }));
    return bestOfEach(
      lists.flat(),
      (hit) => hit.chunkId,
      (hit) => hit.score,
    );
  }
}

/** Default weight of the episode prior (see `withEpisodePrior`). */
export const EPISODE_PRIOR = 0.15;
/** How many of the other hits of its episode count towards a hit's prior. */
const EPISODE_COMPANY = 3;

/**
 * Raises each hit by a share of the scores of the other hits of its episode: the chunks of one
 * conversation said within a couple of hours of each other. A question is usually about one
 * occasion of a person's history, and the turns of that occasion match it as a whole even when
 * each matches only a little (one names the trip, the next the place, the next the date), while
 * a stray turn that shares a word with the question has no company. Changes scores in place.
 */
export function withEpisodePrior(hits: RetrievedChunk[], weight: number): void {
  if (weight <= 0 || hits.length < 2) return;
  const ordered = [...hits].sort((a, b) =>
    a.chunk.conversationId < b.chunk.conversationId
      ? -1
      : a.chunk.conversationId > b.chunk.conversationId
        ? 1
        : a.chunk.createdAt - b.chunk.createdAt,
  );
  const episodes: RetrievedChunk[][] = [];
  let previous: RetrievedChunk | undefined;
  for (const hit of ordered) {
    const joins =
      previous !== undefined &&
      previous.chunk.conversationId === hit.chunk.conversationId &&
      hit.chunk.createdAt - previous.chunk.createdAt <= EPISODE_GAP_MS;
    if (joins) episodes.at(-1)!.push(hit);
    else episodes.push([hit]);
    previous = hit;
  }
  for (const episode of episodes) {
    if (episode.length < 2) continue;
    // The best few others only: a long session that matches loosely everywhere must not outweigh
    // a close hit of a short one.
    const best = episode
      .map((hit) => hit.score)
      .sort((a, b) => b - a)
      .slice(0, EPISODE_COMPANY + 1);
    const company = episode.map((hit) => {
      const others =
        best.indexOf(hit.score) >= 0 && best.indexOf(hit.score) < EPISODE_COMPANY + 1
          ? best.filter((_, i) => i !== best.indexOf(hit.score))
          : best;
      return others.slice(0, EPISODE_COMPANY).reduce((sum, score) => sum + score, 0);
    });
    episode.forEach((hit, i) => (hit.score += weight * company[i]!));
  }
}

/**
 * Yields to the event loop once, so that requests started so far (Chroma queries) are written
 * to their sockets before a stretch of synchronous work, and are answered during it.
 */
export const letRequestsLeave = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Both lists by distance, each chunk once at its nearest; null when the overall list failed and this one is empty. */
function mergeByDistance(overall: readonly NearbyChunk[] | null, here: readonly NearbyChunk[]): NearbyChunk[] | null {
  if (overall === null && here.length === 0) return null;
  return bestOfEach(
    [...(overall ?? []), ...here],
    (hit) => hit.id,
    (hit) => -hit.distance,
  );
}

/** Chunks of one statement among the candidates: the newest copy, how many, the best similarity of any. */
interface StatementGroup {
  chunk: Chunk;
  copies: number;
  similarity: number | null;
}

/** The keys of a ranked list with their scores, best first, each once; items keyed null (not admissible) are left out. */
function distinctKeys<T>(
  items: readonly T[],
  keyOf: (item: T) => string | null,
  scoreOf: (item: T) => number,
): { item: string; score: number }[] {
  const seen = new Set<string>();
  const keys: { item: string; score: number }[] = [];
  for (const item of items) {
    const key = keyOf(item);
    if (key === null || seen.has(key)) continue;
    seen.add(key);
    keys.push({ item: key, score: scoreOf(item) });
  }
  return keys;
}

/** Each item once (the best-scoring of those sharing a key), best first. */
function bestOfEach<T>(items: readonly T[], key: (item: T) => string, score: (item: T) => number): T[] {
  const best = new Map<string, T>();
  for (const item of items) {
    const known = best.get(key(item));
    if (known === undefined || score(known) < score(item)) best.set(key(item), item);
  }
  return [...best.values()].sort((a, b) => score(b) - score(a));
}
