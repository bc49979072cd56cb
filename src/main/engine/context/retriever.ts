// Hybrid retrieval over stored chunks: Chroma similarity and FTS5 keyword rank, fused with
// reciprocal rank fusion, with a boost for the current conversation. When no query vector
// can be had (Ollama or Chroma down) it runs on keywords alone.
import type { Chunk } from '../../../shared/domain';
import { isMnemoError } from '../../../shared/errors';
import { reciprocalRankFusion } from '../retrieval/fusion';
import type { Store } from '../store';
import { chunkWhere, type VectorIndex } from '../vectors/vector-index';

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
  similarity: number | null;
  fromCurrentConversation: boolean;
}

export interface RetrievalResult {
  hits: RetrievedChunk[];
  mode: 'hybrid' | 'keyword';
}

export interface HybridRetrieverOptions {
  /** Score multiplier for chunks of the conversation being continued. */
  currentConversationBoost?: number;
  /** Candidates taken from each retriever before fusion. */
  candidatesPerList?: number;
}

export class HybridRetriever {
  private readonly boost: number;
  private readonly perList: number;

  constructor(
    private readonly store: Store,
    private readonly vectors: VectorIndex,
    private readonly embeddingModel: () => string,
    options: HybridRetrieverOptions = {},
  ) {
    this.boost = options.currentConversationBoost ?? 1.3;
    this.perList = options.candidatesPerList ?? 40;
  }

  async retrieve(request: RetrievalRequest): Promise<RetrievalResult> {
    const vector = request.queryEmbedding ? await this.vectorCandidates(request, request.queryEmbedding) : null;
    const keyword = this.keywordCandidates(request);
    const byId = new Map<string, Chunk>();
    const similarity = new Map<string, number>();
    for (const hit of vector ?? []) similarity.set(hit.id, 1 - hit.distance);
    const vectorIds = (vector ?? []).map((h) => h.id);
    const keywordIds = keyword.map((h) => h.chunkId);
    for (const chunk of this.store.chunks.byIds([...new Set([...vectorIds, ...keywordIds])])) byId.set(chunk.id, chunk);

    const usable = (id: string) => {
      const chunk = byId.get(id);
      return chunk !== undefined && this.admissible(chunk, request);
    };
    const fused = reciprocalRankFusion([{ items: vectorIds.filter(usable) }, { items: keywordIds.filter(usable) }], (id) => id);
    const hits = fused.map((f): RetrievedChunk => {
      const chunk = byId.get(f.key)!;
      const current = chunk.conversationId === request.conversationId;
      return {
        chunk,
        score: f.score * (current ? this.boost : 1),
        vectorRank: f.ranks[0] ?? null,
        keywordRank: f.ranks[1] ?? null,
        similarity: similarity.get(f.key) ?? null,
        fromCurrentConversation: current,
      };
    });
    hits.sort((a, b) => b.score - a.score);
    return { hits: hits.slice(0, request.limit), mode: vector ? 'hybrid' : 'keyword' };
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

  /** Nearest chunks overall and, separately, within this conversation, merged by distance. */
  private async vectorCandidates(request: RetrievalRequest, embedding: number[]) {
    const model = this.embeddingModel();
    try {
      const lists = [];
      if (request.crossConversation || !request.conversationId) {
        lists.push(await this.vectors.query('chunk', model, embedding, { limit: this.perList, where: chunkWhere({ archived: false })! }));
      }
      if (request.conversationId) {
        const where = chunkWhere({ conversationId: request.conversationId, archived: false })!;
        lists.push(await this.vectors.query('chunk', model, embedding, { limit: this.perList, where }));
      }
      const best = new Map<string, (typeof lists)[number][number]>();
      for (const hit of lists.flat()) if (!best.has(hit.id) || best.get(hit.id)!.distance > hit.distance) best.set(hit.id, hit);
      return [...best.values()].sort((a, b) => a.distance - b.distance);
    } catch (error) {
      if (isMnemoError(error) && (error.code === 'CHROMA_DOWN' || error.code === 'INTERNAL')) return null;
      throw error;
    }
  }

  private keywordCandidates(request: RetrievalRequest) {
    const lists = [];
    if (request.crossConversation || !request.conversationId) lists.push(this.store.chunks.search(request.query, { limit: this.perList }));
    if (request.conversationId) lists.push(this.store.chunks.search(request.query, { limit: this.perList, conversationId: request.conversationId }));
    const best = new Map<string, (typeof lists)[number][number]>();
    for (const hit of lists.flat()) if (!best.has(hit.chunkId) || best.get(hit.chunkId)!.score < hit.score) best.set(hit.chunkId, hit);
    return [...best.values()].sort((a, b) => b.score - a.score);
  }
}
