// The time list: candidates found by when they were said. A question that names a time ("what
// did I cook last weekend?", "what did we decide in March?") is about what was said then, and the
// turns of that time may share neither words nor much meaning with it ("made a lasagne for
// Sam's birthday"). So the turns said within the named spans enter the candidates, closest in
// meaning first, as one more fused list: they add to what the words and meaning find, and take
// nothing away from it.
import type { Chunk } from '../../../shared/domain';
import type { Store } from '../store';
import { nearestOf, unitVectors } from './conversation-vectors';
import type { TimeSpan } from './time-span';

/**
 * Turns read from the named spans at most, all spans together. A span holding more (a year of
 * daily talk) names too little to tell its turns apart: then only the candidates the other lists
 * found within it are favoured.
 */
export const MAX_TIME_CANDIDATES = 300;

export interface TimeListRequest {
  spans: readonly TimeSpan[];
  /** The conversation the turns may come from, or null for every conversation. */
  within: string | null;
  queryEmbedding: number[] | null;
  embeddingModel: string;
}

/** A question's time list: the turns of its spans are read once, however often the list is asked for. */
export interface TimeList {
  /**
   * The chunks said within the spans, closest to the question in meaning first (in time order
   * without a vector). `listed` are the other lists' candidates, best first: those within a span
   * are in the list whatever the span's size.
   */
  candidates(listed: readonly Chunk[]): Chunk[];
}

export function timeList(store: Store, request: TimeListRequest): TimeList {
  if (request.spans.length === 0) return { candidates: () => [] };
  const inSpan = (chunk: Chunk) => request.spans.some((s) => chunk.createdAt >= s.from && chunk.createdAt < s.to);
  let read: Chunk[] | undefined;
  // Each chunk's unit vector, or null when it has none for this model.
  const vectors = new Map<string, Float32Array | null>();
  return {
    candidates: (listed) => {
      read ??= saidWithin(store, request);
      const found = new Map<string, Chunk>();
      for (const chunk of listed) if (inSpan(chunk)) found.set(chunk.id, chunk);
      for (const chunk of read) found.set(chunk.id, chunk);
      const chunks = [...found.values()];
      if (!request.queryEmbedding) return chunks;
      const missing = chunks.filter((chunk) => !vectors.has(chunk.id));
      const stored = unitVectors(
        missing.flatMap((chunk): [string, Float32Array][] => {
          const embedding = store.embeddings.find('chunk', chunk.id, request.embeddingModel);
          return embedding ? [[chunk.id, Float32Array.from(embedding.vector)]] : [];
        }),
      );
      for (const chunk of missing) vectors.set(chunk.id, stored.get(chunk.id) ?? null);
      const scored = new Map<string, Float32Array>();
      for (const chunk of chunks) {
        const vector = vectors.get(chunk.id);
        if (vector) scored.set(chunk.id, vector);
      }
      const nearest = nearestOf(scored, request.queryEmbedding, scored.size).map((hit) => found.get(hit.id)!);
      const unscored = chunks.filter((chunk) => !scored.has(chunk.id));
      return [...nearest, ...unscored];
    },
  };
}

/** Every chunk said within the spans, or none when they hold more than can be read. */
function saidWithin(store: Store, request: TimeListRequest): Chunk[] {
  const scope = request.within === null ? {} : { conversationId: request.within };
  const chunks: Chunk[] = [];
  for (const span of request.spans) {
    chunks.push(...store.chunks.saidWithin(span, { ...scope, limit: MAX_TIME_CANDIDATES + 1 - chunks.length }));
    if (chunks.length > MAX_TIME_CANDIDATES) return [];
  }
  return chunks;
}
