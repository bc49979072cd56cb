// The vector index held in this process's memory only: nothing of it is ever written to disk.
// Chosen in Settings → Encryption ("keep the vector index in memory only") so that no vector,
// which still carries the meaning of a message, lies in a plain file beside the encrypted
// database. It is rebuilt at each start from the embeddings cached in SQLite. Search is exact
// (every vector compared), with vectors kept unit-length in one contiguous array per collection.
import type { Where } from 'chromadb';
import { MnemoError } from '../../../shared/errors';
import {
  collectionName,
  type VectorHit,
  type VectorIndex,
  type VectorKind,
  type VectorMetadata,
  type VectorQueryOptions,
  type VectorRecord,
} from './vector-index';

export class MemoryVectorIndex implements VectorIndex {
  private readonly collections = new Map<string, MemoryCollection>();

  upsert(kind: VectorKind, model: string, records: readonly VectorRecord[]): Promise<void> {
    try {
      if (records.length === 0) return Promise.resolve();
      const collection = this.collection(kind, model, records[0]!.embedding.length);
      for (const record of records) collection.put(record);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  delete(kind: VectorKind, model: string, ids: readonly string[]): Promise<void> {
    const collection = this.collections.get(collectionName(kind, model));
    for (const id of ids) collection?.remove(id);
    return Promise.resolve();
  }

  query(
    kind: VectorKind,
    model: string,
    embedding: ArrayLike<number>,
    options: VectorQueryOptions,
  ): Promise<VectorHit[]> {
    const collection = this.collections.get(collectionName(kind, model));
    try {
      return Promise.resolve(collection ? collection.nearest(embedding, options) : []);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  count(kind: VectorKind, model: string): Promise<number> {
    return Promise.resolve(this.collections.get(collectionName(kind, model))?.size ?? 0);
  }

  allIds(kind: VectorKind, model: string): Promise<Set<string>> {
    return Promise.resolve(new Set(this.collections.get(collectionName(kind, model))?.ids() ?? []));
  }

  has(kind: VectorKind, model: string, ids: readonly string[]): Promise<Set<string>> {
    const collection = this.collections.get(collectionName(kind, model));
    return Promise.resolve(new Set(collection ? ids.filter((id) => collection.holds(id)) : []));
  }

  drop(kind: VectorKind, model: string): Promise<void> {
    this.collections.delete(collectionName(kind, model));
    return Promise.resolve();
  }

  /** Nothing is cached apart from the data itself, which only `clear` lets go of. */
  forgetCollections(): void {}

  /** Lets go of every vector (the index is switched back to disk, or the profile deleted). */
  clear(): void {
    this.collections.clear();
  }

  private collection(kind: VectorKind, model: string, dimensions: number): MemoryCollection {
    const name = collectionName(kind, model);
    let collection = this.collections.get(name);
    if (!collection) this.collections.set(name, (collection = new MemoryCollection(dimensions)));
    return collection;
  }
}

const INITIAL_CAPACITY = 256;

/** One collection: slot i holds ids[i], metadata[i] and the unit vector at i * dimensions. */
class MemoryCollection {
  private readonly slots = new Map<string, number>();
  private readonly idAt: string[] = [];
  private readonly metadataAt: VectorMetadata[] = [];
  private vectors: Float32Array;

  constructor(private readonly dimensions: number) {
    this.vectors = new Float32Array(INITIAL_CAPACITY * dimensions);
  }

  get size(): number {
    return this.idAt.length;
  }

  ids(): readonly string[] {
    return this.idAt;
  }

  holds(id: string): boolean {
    return this.slots.has(id);
  }

  put(record: VectorRecord): void {
    if (record.embedding.length !== this.dimensions) {
      // The same refusal Chroma gives: vectors of one collection share their dimension.
      throw new MnemoError(
        'INTERNAL',
        `The vector index refused a request: a vector of ${record.embedding.length} dimensions in a collection of ${this.dimensions}.`,
      );
    }
    let slot = this.slots.get(record.id);
    if (slot === undefined) {
      slot = this.idAt.length;
      this.grow(slot + 1);
      this.slots.set(record.id, slot);
      this.idAt.push(record.id);
      this.metadataAt.push(record.metadata);
    } else {
      this.metadataAt[slot] = record.metadata;
    }
    writeUnit(this.vectors, slot * this.dimensions, record.embedding);
  }

  /** Removes an item by moving the last one into its slot, so the vectors stay contiguous. */
  remove(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    const last = this.idAt.length - 1;
    if (slot !== last) {
      const movedId = this.idAt[last]!;
      this.idAt[slot] = movedId;
      this.metadataAt[slot] = this.metadataAt[last]!;
      this.vectors.copyWithin(slot * this.dimensions, last * this.dimensions, (last + 1) * this.dimensions);
      this.slots.set(movedId, slot);
    }
    // The freed slot is zeroed: a deleted vector must not linger in memory until overwritten.
    this.vectors.fill(0, last * this.dimensions, (last + 1) * this.dimensions);
    this.idAt.pop();
    this.metadataAt.pop();
    this.slots.delete(id);
  }

  nearest(embedding: ArrayLike<number>, options: VectorQueryOptions): VectorHit[] {
    if (embedding.length !== this.dimensions || options.limit <= 0) return [];
    const query = new Float32Array(this.dimensions);
    writeUnit(query, 0, embedding);
    const best = new TopK(options.limit);
    const dims = this.dimensions;
    const vectors = this.vectors;
    for (let slot = 0; slot < this.idAt.length; slot++) {
      if (options.where && !matches(this.metadataAt[slot]!, options.where)) continue;
      let dot = 0;
      const base = slot * dims;
      for (let d = 0; d < dims; d++) dot += vectors[base + d]! * query[d]!;
      best.offer(slot, 1 - dot);
    }
    return best.sorted().map(({ slot, distance }) => ({
      id: this.idAt[slot]!,
      distance,
      metadata: options.withMetadata ? this.metadataAt[slot]! : {},
    }));
  }

  private grow(needed: number): void {
    if (needed * this.dimensions <= this.vectors.length) return;
    // By half again, not double: at 100k vectors of a few hundred dimensions the slack is tens of MB.
    const bigger = new Float32Array(
      Math.max(needed, Math.ceil((this.vectors.length / this.dimensions) * 1.5)) * this.dimensions,
    );
    bigger.set(this.vectors);
    this.vectors = bigger;
  }
}

/** Writes `vector` scaled to length 1 at `offset` (a zero vector stays zero: distance 1 to all). */
function writeUnit(target: Float32Array, offset: number, vector: ArrayLike<number>): void {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < vector.length; i++) target[offset + i] = vector[i]! * scale;
}

/** The `limit` smallest distances seen, kept in a max-heap so each offer costs log(limit). */
class TopK {
  private readonly heap: { slot: number; distance: number }[] = [];

  constructor(private readonly limit: number) {}

  offer(slot: number, distance: number): void {
    const heap = this.heap;
    if (heap.length < this.limit) {
      heap.push({ slot, distance });
      this.up(heap.length - 1);
    } else if (distance < heap[0]!.distance) {
      heap[0] = { slot, distance };
      this.down(0);
    }
  }

  sorted(): { slot: number; distance: number }[] {
    return [...this.heap].sort((a, b) => a.distance - b.distance);
  }

  private up(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.distance >= heap[i]!.distance) return;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < heap.length && heap[left]!.distance > heap[largest]!.distance) largest = left;
      if (right < heap.length && heap[right]!.distance > heap[largest]!.distance) largest = right;
      if (largest === i) return;
      [heap[largest], heap[i]] = [heap[i]!, heap[largest]!];
      i = largest;
    }
  }
}

type Scalar = string | number | boolean;

/** Chroma's metadata filter (`where`), evaluated on one item: $and, $or, equality and comparisons. */
export function matches(metadata: VectorMetadata, where: Where): boolean {
  return Object.entries(where).every(([field, condition]) => {
    if (field === '$and') return (condition as Where[]).every((w) => matches(metadata, w));
    if (field === '$or') return (condition as Where[]).some((w) => matches(metadata, w));
    return fieldMatches(metadata[field], condition as Scalar | Record<string, unknown>);
  });
}

function fieldMatches(value: Scalar | undefined, condition: Scalar | Record<string, unknown>): boolean {
  if (typeof condition !== 'object' || condition === null) return value === condition;
  return Object.entries(condition).every(([operator, operand]) => {
    switch (operator) {
      case '$eq':
        return value === operand;
      case '$ne':
        return value !== operand;
      case '$in':
        return (operand as Scalar[]).includes(value as Scalar);
      case '$nin':
        return !(operand as Scalar[]).includes(value as Scalar);
      case '$gt':
        return value !== undefined && value > (operand as Scalar);
      case '$gte':
        return value !== undefined && value >= (operand as Scalar);
      case '$lt':
        return value !== undefined && value < (operand as Scalar);
      case '$lte':
        return value !== undefined && value <= (operand as Scalar);
      default:
        throw new MnemoError(
          'INTERNAL',
          `The vector index refused a request: the filter operator ${operator} is not supported.`,
        );
    }
  });
}
