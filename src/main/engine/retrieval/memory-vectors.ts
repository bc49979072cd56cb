// The vector search over memories, in process: memories are curated and few, so "nearest by
// meaning" is some hundreds of dot products, where a Chroma query would add a round trip to
// every turn. Their vectors are read from the store once per model and held as unit vectors;
// the store tells of every memory vector it writes or deletes, which keeps them in step.
import { perDatabase } from '../store/context';
import type { MemoryVectorListener, Store } from '../store';
import { nearestOf, toUnit, unitVectors, type NearbyChunk } from './conversation-vectors';

export class HeldMemoryVectors implements MemoryVectorListener {
  /** Unit vectors by model, then memory id; per database (delete-all swaps it, and these with it). */
  private readonly heldOf = perDatabase(() => new Map<string, Map<string, Float32Array>>());

  constructor(private readonly store: Store) {
    store.embeddings.listenToMemories(this);
  }

  /**
   * Memories by cosine distance to `query`, nearest first, among those embedded with `model`:
   * exact. A memory deleted since its vector was read (or purged) may still be among them, so
   * callers take the live ones.
   */
  nearest(model: string, query: ArrayLike<number>): NearbyChunk[] {
    const held = this.held.get(model) ?? this.hold(model);
    return nearestOf(held, query, held.size);
  }

  written(model: string, memoryId: string, vector: ArrayLike<number>): void {
    const held = this.held.get(model);
    if (!held) return;
    const unit = toUnit(vector);
    if (unit) held.set(memoryId, unit);
    else held.delete(memoryId);
  }

  deleted(memoryIds: readonly string[]): void {
    for (const held of this.held.values()) for (const id of memoryIds) held.delete(id);
  }

  cleared(): void {
    this.held.clear();
  }

  private hold(model: string): Map<string, Float32Array> {
    const held = unitVectors(this.store.embeddings.memoryVectorsOf(model));
    this.held.set(model, held);
    return held;
  }

  private get held(): Map<string, Map<string, Float32Array>> {
    return this.heldOf(this.store.db);
  }
}
