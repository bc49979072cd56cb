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
  /** The other lists' candidates, best first: those within a span are in the list whatever the span's size. */
  listed: readonly Chunk[];
}

/** The chunks said within the spans, closest to the question in meaning first (in time order without a vector). */
export function timeCandidates(store: Store, request: TimeListRequest): Chunk[] {
  if (request.spans.length === 0) return [];
  const inSpan = (chunk: Chunk) => request.spans.some((s) => chunk.createdAt >= s.from && chunk.createdAt < s.to);
  const found = new Map<string, Chunk>();
  for (const chunk of request.listed) if (inSpan(chunk)) found.set(chunk.id, chunk);
  const read = saidWithin(store, request);
  for (const chunk of read) found.set(chunk.id, chunk);
  const chunks = [...found.values()];
  if (!request.queryEmbedding) return chunks;
  const vectors = unitVectors(
    chunks.flatMap((chunk): [string, Float32Array][] => {
      const stored = store.embeddings.find('chunk', chunk.id, request.embeddingModel);
      return stored ? [[chunk.id, Float32Array.from(stored.vector)]] : [];
    }),
  );
  const nearest = nearestOf(vectors, request.queryEmbedding, vectors.size).map((hit) => found.get(hit.id)!);
  const unscored = chunks.filter((chunk) => !vectors.has(chunk.id));
  return [...nearest, ...unscored];
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
