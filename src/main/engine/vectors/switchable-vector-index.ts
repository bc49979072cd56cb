// The one vector index the engine's parts hold, passing each call to where the vectors live
// now: Chroma on disk, or this process's memory. Switching (Settings → Encryption) changes the
// target under them; nobody else needs to know.
import type { VectorHit, VectorIndex, VectorKind, VectorQueryOptions, VectorRecord } from './vector-index';

export class SwitchableVectorIndex implements VectorIndex {
  constructor(private target: VectorIndex) {}

  /** From now on every call goes to `next`. */
  use(next: VectorIndex): void {
    this.target = next;
  }

  get current(): VectorIndex {
    return this.target;
  }

  upsert(kind: VectorKind, model: string, records: readonly VectorRecord[]): Promise<void> {
    return this.target.upsert(kind, model, records);
  }

  delete(kind: VectorKind, model: string, ids: readonly string[]): Promise<void> {
    return this.target.delete(kind, model, ids);
  }

  query(
    kind: VectorKind,
    model: string,
    embedding: ArrayLike<number>,
    options: VectorQueryOptions,
  ): Promise<VectorHit[]> {
    return this.target.query(kind, model, embedding, options);
  }

  count(kind: VectorKind, model: string): Promise<number> {
    return this.target.count(kind, model);
  }

  allIds(kind: VectorKind, model: string): Promise<Set<string>> {
    return this.target.allIds(kind, model);
  }

  has(kind: VectorKind, model: string, ids: readonly string[]): Promise<Set<string>> {
    return this.target.has(kind, model, ids);
  }

  drop(kind: VectorKind, model: string): Promise<void> {
    return this.target.drop(kind, model);
  }

  forgetCollections(): void {
    this.target.forgetCollections();
  }
}
