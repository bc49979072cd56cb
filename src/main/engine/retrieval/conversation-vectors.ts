// The vector search within one conversation: the chunk vectors of the few conversations last
// searched, held in memory as unit vectors, so "nearest within this conversation" is a few
// hundred dot products instead of a Chroma query filtered by metadata (hundreds of ms at 100k
// chunks). The store reads the vectors and tells of every one it writes or deletes, which
// keeps what is held in step.
import { perDatabase } from '../store/context';
import type { ChunkVectorListener, Store } from '../store';

/** At 768 dimensions, about 25 MB of vectors at most. */
const MAX_HELD_VECTORS = 8_192;

export interface NearbyChunk {
  id: string;
  /** Cosine distance, as Chroma's `cosine` space reports it: 1 − cosine similarity. */
  distance: number;
}

/** Searches a conversation's vectors in process, holding those of the few last searched (per database). */
export class HeldConversationVectors implements ChunkVectorListener {
  private readonly heldOf = perDatabase(() => new ConversationVectors());

  constructor(private readonly store: Store) {
    store.embeddings.listen(this);
  }

  /**
   * The chunks of one conversation nearest to `query` by cosine distance, among those embedded
   * with `model` so far. `searched` is how many vectors it has: one per chunk embedded so far.
   */
  search(
    conversationId: string,
    model: string,
    query: ArrayLike<number>,
    limit: number,
  ): { hits: NearbyChunk[]; searched: number } {
    const vectors = this.of(conversationId, model);
    return { hits: nearestOf(vectors, query, limit), searched: vectors.size };
  }

  /** Reads a conversation's vectors into memory ahead of its next search (a no-op when held already). */
  hold(conversationId: string, model: string): void {
    this.of(conversationId, model);
  }

  /** Whether a conversation's vectors are in memory now (its next search in it reads none). */
  holds(conversationId: string, model: string): boolean {
    return this.held.holds(model, conversationId);
  }

  /** Lets go of every conversation's vectors; each is read again at its next search. */
  release(): void {
    this.held.clear();
  }

  get holdsAny(): boolean {
    return !this.held.isEmpty;
  }

  written(model: string, conversationId: string, chunkId: string, vector: ArrayLike<number>): void {
    this.held.written(model, conversationId, chunkId, vector);
  }

  deleted(chunkIds: readonly string[]): void {
    this.held.deleted(chunkIds);
  }

  cleared(): void {
    this.held.clear();
  }

  private of(conversationId: string, model: string): ReadonlyMap<string, Float32Array> {
    return this.held.of(model, conversationId, () => this.store.embeddings.chunkVectorsOf(conversationId, model));
  }

  /** Vectors held for the current database's conversations: delete-all swaps the database, and these with it. */
  private get held(): ConversationVectors {
    return this.heldOf(this.store.db);
  }
}

/** The held vectors, by model and conversation, least recently used let go first. */
class ConversationVectors {
  /** Keyed by model and conversation; the Map's order is least recently used first. */
  private readonly held = new Map<string, Map<string, Float32Array>>();
  private count = 0;

  get isEmpty(): boolean {
    return this.held.size === 0;
  }

  holds(model: string, conversationId: string): boolean {
    return this.held.has(keyOf(model, conversationId));
  }

  /** The held vectors of a conversation, loading (and, when they fit, keeping) them on a miss. */
  of(
    model: string,
    conversationId: string,
    load: () => Iterable<[string, Float32Array]>,
  ): ReadonlyMap<string, Float32Array> {
    const key = keyOf(model, conversationId);
    const known = this.held.get(key);
    if (known) {
      this.held.delete(key);
      this.held.set(key, known);
      return known;
    }
    const vectors = unitVectors(load());
    if (vectors.size <= MAX_HELD_VECTORS) {
      this.held.set(key, vectors);
      this.count += vectors.size;
      for (const [oldest, entry] of this.held) {
        if (this.count <= MAX_HELD_VECTORS) break;
        this.held.delete(oldest);
        this.count -= entry.size;
      }
    }
    return vectors;
  }

  /** A vector written for a chunk of a held conversation replaces what was held. */
  written(model: string, conversationId: string, chunkId: string, vector: ArrayLike<number>): void {
    const entry = this.held.get(keyOf(model, conversationId));
    if (!entry) return;
    const unit = toUnit(vector);
    const had = entry.has(chunkId);
    if (unit) entry.set(chunkId, unit);
    else entry.delete(chunkId);
    this.count += (entry.has(chunkId) ? 1 : 0) - (had ? 1 : 0);
  }

  deleted(chunkIds: Iterable<string>): void {
    if (this.isEmpty) return;
    for (const id of chunkIds) {
      for (const entry of this.held.values()) if (entry.delete(id)) this.count -= 1;
    }
  }

  clear(): void {
    this.held.clear();
    this.count = 0;
  }
}

/** The vectors scaled to unit length in place, by id; those with no direction are left out. */
export function unitVectors(entries: Iterable<[string, Float32Array]>): Map<string, Float32Array> {
  const vectors = new Map<string, Float32Array>();
  for (const [id, vector] of entries) if (normalise(vector)) vectors.set(id, vector);
  return vectors;
}

/** The `limit` vectors nearest to `query` (any length; it is normalised here), nearest first. */
export function nearestOf(
  vectors: ReadonlyMap<string, Float32Array>,
  query: ArrayLike<number>,
  limit: number,
): NearbyChunk[] {
  const unit = toUnit(query);
  if (!unit || limit <= 0) return [];
  const hits: NearbyChunk[] = [];
  for (const [id, vector] of vectors) {
    if (vector.length !== unit.length) continue;
    let dot = 0;
    for (let i = 0; i < unit.length; i++) dot += vector[i]! * unit[i]!;
    hits.push({ id, distance: 1 - dot });
  }
  hits.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1));
  return hits.slice(0, limit);
}

/** A unit-length copy of the vector, or null for one with no direction. */
export function toUnit(vector: ArrayLike<number>): Float32Array | null {
  const unit = Float32Array.from(vector);
  return normalise(unit) ? unit : null;
}

/** Scales to unit length in place; false for a zero or non-finite vector, which has no direction. */
function normalise(vector: Float32Array): boolean {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  if (!(norm > 0) || !Number.isFinite(norm)) return false;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! * scale;
  return true;
}

const keyOf = (model: string, conversationId: string) => `${model}\u0000${conversationId}`;
