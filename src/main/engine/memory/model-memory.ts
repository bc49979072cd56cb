// The curated long-term memory: facts and preferences the user or the model chose to keep.
// Saving a near-duplicate updates the existing memory instead of adding a copy; every change
// is in the history; deleting can be undone. Search fuses vector similarity with keywords
// and falls back to keywords alone when Ollama or Chroma is unavailable.
import type { Memory, MemoryActor, MemoryHistoryEntry, MemorySource, MemoryVersion } from '../../../shared/domain';
import { isMnemoError } from '../../../shared/errors';
import { reciprocalRankFusion } from '../retrieval/fusion';
import { HeldMemoryVectors } from '../retrieval/memory-vectors';
import { listFloor } from '../retrieval/relevance';
import type { ListMemoriesOptions, MemoryPatch, Store } from '../store';
import type { VectorIndex } from '../vectors/vector-index';
import { guardMemoryText } from './secret-guard';
import { restatesWithNewValue } from './superseded';
import { memoryVersions } from './versions';
import { normalizeMemoryInput, textSimilarity } from './validation';

export type QueryEmbedder = (text: string) => Promise<number[]>;

export interface ModelMemoryOptions {
  store: Store;
  vectors: VectorIndex;
  /** Embeds one query text with the active embedding model. */
  embedQuery: QueryEmbedder;
  embeddingModel: () => string;
  /** Called after a delete, which stays undoable only for a while (see DeletedMemories). */
  onDelete?: () => void;
  /** Cosine similarity at or above which a new memory counts as the same as an existing one. */
  duplicateSimilarity?: number;
  /** Live memories up to which vector search runs in process; Chroma beyond. */
  searchInProcessUpTo?: number;
}

export interface SaveMemoryInput {
  content: string;
  category?: string;
  importance?: number;
  source: MemorySource;
  sourceMessageId?: string | null;
  sourceConversationId?: string | null;
  pinned?: boolean;
  /** The person saw the secret warning and chose to save anyway. */
  confirmSecret?: boolean;
}

export interface SaveMemoryResult {
  memory: Memory;
  outcome: 'created' | 'merged';
  /** The memory as it was before a merge, so the merge can be undone. */
  previous: Memory | null;
}

export interface MemorySearchHit {
  memory: Memory;
  score: number;
  /** Rank in the vector and keyword lists (null where it did not appear). */
  vectorRank: number | null;
  keywordRank: number | null;
  /** Cosine similarity to the query when the vector search found it. */
  similarity: number | null;
  /** It shares words with the query, or is close in meaning (at or above the relevance floor). */
  relevant: boolean;
}

const LEXICAL_DUPLICATE = 0.85;
/**
 * Live memories up to which vector search runs in process: 0.75 ms of dot products at 768
 * dimensions (measured), on this thread; Chroma's query runs beside the turn, at ~1.7 ms.
 */
const MEMORIES_SEARCHED_IN_PROCESS = 500;

export class ModelMemory {
  private readonly duplicateSimilarity: number;
  /** Memory vectors held in memory for the in-process search (see `nearest`). */
  private readonly heldVectors: HeldMemoryVectors;

  constructor(private readonly options: ModelMemoryOptions) {
    this.duplicateSimilarity = options.duplicateSimilarity ?? 0.9;
    this.heldVectors = new HeldMemoryVectors(options.store);
  }

  async save(input: SaveMemoryInput, actor: MemoryActor): Promise<SaveMemoryResult> {
    const clean = normalizeMemoryInput(input);
    guardMemoryText(
      clean.content,
      actor === 'model' ? { actor: 'model' } : { actor: 'user', confirmed: input.confirmSecret === true },
    );
    const duplicate = await this.findDuplicate(clean.content);
    const { store } = this.options;
    let result: SaveMemoryResult;
    if (duplicate) {
      const patch: MemoryPatch = {
        content: clean.content,
        importance: Math.max(duplicate.importance, clean.importance),
      };
      if (input.category !== undefined) patch.category = clean.category;
      if (input.pinned) patch.pinned = true;
      result = {
        memory: store.memories.update(duplicate.id, patch, actor, 'merge'),
        outcome: 'merged',
        previous: duplicate,
      };
    } else {
      const memory = store.memories.create(
        {
          ...clean,
          source: input.source,
          sourceMessageId: input.sourceMessageId ?? null,
          sourceConversationId: input.sourceConversationId ?? null,
          pinned: input.pinned ?? false,
        },
        actor,
      );
      result = { memory, outcome: 'created', previous: null };
    }
    return result;
  }

  /** Undo of a save: a created memory is deleted, a merged one goes back to what it was. */
  undoSave(result: SaveMemoryResult, actor: MemoryActor): void {
    if (result.outcome === 'created') this.delete(result.memory.id, actor);
    else if (result.previous) this.edit(result.memory.id, pick(result.previous), actor);
  }

  edit(id: string, patch: MemoryPatch, actor: MemoryActor = 'user', options: { confirmSecret?: boolean } = {}): Memory {
    const current = this.options.store.memories.get(id);
    const clean = normalizeMemoryInput({
      content: patch.content ?? current.content,
      category: patch.category ?? current.category,
      importance: patch.importance ?? current.importance,
    });
    if (clean.content !== current.content)
      guardMemoryText(
        clean.content,
        actor === 'model' ? { actor: 'model' } : { actor: 'user', confirmed: options.confirmSecret === true },
      );
    const memory = this.options.store.memories.update(
      id,
      { ...clean, ...(patch.pinned !== undefined ? { pinned: patch.pinned } : {}) },
      actor,
    );
    return memory;
  }

  delete(id: string, actor: MemoryActor = 'user'): Memory {
    const memory = this.options.store.memories.softDelete(id, actor);
    this.options.onDelete?.();
    return memory;
  }

  undoDelete(id: string, actor: MemoryActor = 'user'): Memory {
    const memory = this.options.store.memories.restore(id, actor);
    return memory;
  }

  list(options: ListMemoriesOptions = {}): Memory[] {
    return this.options.store.memories.list(options);
  }

  get(id: string): Memory {
    return this.options.store.memories.get(id);
  }

  history(id: string): MemoryHistoryEntry[] {
    return this.options.store.memories.history(id);
  }

  /** The values a memory held, oldest first, each with when it held (see versions.ts). */
  versions(id: string): MemoryVersion[] {
    const memory = this.options.store.memories.get(id);
    return memoryVersions(memory, this.options.store.memories.history(id));
  }

  /** Saves a message as a memory (as the user worded it, or the message whole), remembering where it came from. */
  async promoteMessage(
    messageId: string,
    extra: { content?: string; category?: string; importance?: number; confirmSecret?: boolean } = {},
  ): Promise<SaveMemoryResult> {
    const message = this.options.store.messages.get(messageId);
    return this.save(
      {
        ...extra,
        content: extra.content ?? message.content,
        source: 'promoted',
        sourceMessageId: message.id,
        sourceConversationId: message.conversationId,
      },
      'user',
    );
  }

  /**
   * Vector and keyword search fused; keywords alone when the vector side is unavailable. With
   * `onlyRelevant`, vector hits below the relevance floor are dropped (see `relevantByMeaning`),
   * so a search shows the memories that match rather than every memory re-sorted.
   */
  async search(
    query: string,
    options: { limit?: number; queryEmbedding?: number[] | null; onlyRelevant?: boolean } = {},
  ): Promise<MemorySearchHit[]> {
    const limit = options.limit ?? 10;
    if (!query.trim()) return [];
    const keyword = this.options.store.memories.search(query, { limit: limit * 2 }).map((h) => h.memory);
    // A caller that already embedded the query (the context assembler) passes the vector, or
    // null to say the vector side is unavailable.
    const nearest =
      options.queryEmbedding === undefined
        ? await this.vectorSearch(query, limit * 2)
        : options.queryEmbedding === null
          ? null
          : await this.nearest(options.queryEmbedding, limit * 2);
    const vector = nearest && options.onlyRelevant ? relevantByMeaning(nearest) : nearest;
    const fused = reciprocalRankFusion(
      [{ items: vector?.map((v) => v.memory) ?? [] }, { items: keyword }],
      (m) => m.id,
    );
    const similarity = new Map(vector?.map((v) => [v.memory.id, v.similarity]));
    const floor = listFloor(vector?.map((v) => v.similarity) ?? []);
    return fused.slice(0, limit).map((f) => ({
      memory: f.item,
      score: f.score,
      vectorRank: f.ranks[0] ?? null,
      keywordRank: f.ranks[1] ?? null,
      similarity: similarity.get(f.key) ?? null,
      relevant: (f.ranks[1] ?? null) !== null || (similarity.get(f.key) ?? Number.NEGATIVE_INFINITY) >= floor,
    }));
  }

  /** Nearest live memories by vector, or null when Ollama or Chroma cannot answer now. */
  async vectorSearch(query: string, limit: number): Promise<{ memory: Memory; similarity: number }[] | null> {
    try {
      return await this.nearest(await this.options.embedQuery(query), limit);
    } catch (error) {
      if (isUnavailable(error)) return null;
      throw error;
    }
  }

  private async nearest(embedding: number[], limit: number): Promise<{ memory: Memory; similarity: number }[] | null> {
    const { store } = this.options;
    const live = store.memories.count();
    if (live === 0) return [];
    const model = this.options.embeddingModel();
    try {
      // Up to a few hundred, the stored vectors searched here answer sooner than Chroma, and
      // exactly; beyond, Chroma's index is the faster way.
      const hits =
        live <= (this.options.searchInProcessUpTo ?? MEMORIES_SEARCHED_IN_PROCESS)
          ? this.heldVectors.nearest(model, embedding)
          : await this.options.vectors.query('memory', model, embedding, { limit });
      const found: { memory: Memory; similarity: number }[] = [];
      for (const hit of hits) {
        if (found.length >= limit) break;
        const memory = store.memories.find(hit.id);
        if (memory) found.push({ memory, similarity: 1 - hit.distance });
      }
      return found;
    } catch (error) {
      if (isUnavailable(error)) return null;
      throw error;
    }
  }

  private async findDuplicate(content: string): Promise<Memory | null> {
    const { store } = this.options;
    const candidates = store.memories.search(content, { limit: 5 });
    const lexical = candidates.find((h) => textSimilarity(h.memory.content, content) >= LEXICAL_DUPLICATE);
    if (lexical) return lexical.memory;
    // "Mia is 8" after "Mia is 7": the same statement with a new value replaces the old one,
    // which stays in the memory's history with when it held.
    const restated = candidates.find((h) => restatesWithNewValue(h.memory.content, content));
    if (restated) return restated.memory;
    const nearest = await this.vectorSearch(content, 3);
    const close = nearest?.find((n) => n.similarity >= this.duplicateSimilarity);
    return close?.memory ?? null;
  }
}

/** Vector hits at or above the relevance floor (retrieval/relevance.ts). */
function relevantByMeaning<T extends { similarity: number }>(hits: T[]): T[] {
  const floor = listFloor(hits.map((h) => h.similarity));
  return hits.filter((h) => h.similarity >= floor);
}

const pick = (m: Memory): MemoryPatch => ({
  content: m.content,
  category: m.category,
  importance: m.importance,
  pinned: m.pinned,
});

function isUnavailable(error: unknown): boolean {
  return (
    isMnemoError(error) &&
    [
      'OLLAMA_UNREACHABLE',
      'OLLAMA_TIMEOUT',
      'OLLAMA_BAD_RESPONSE',
      'OLLAMA_ERROR',
      'MODEL_MISSING',
      'CHROMA_DOWN',
    ].includes(error.code)
  );
}
