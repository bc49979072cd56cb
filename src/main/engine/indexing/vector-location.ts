// Where the vector index lives: in Chroma's folder on disk (the default), or in this process's
// memory only, so that no vector (which still carries a message's meaning) lies in a plain
// file beside the encrypted database. In memory it is rebuilt at each start from the
// embeddings cached in SQLite (no Ollama call), with progress. The choice is kept in the
// (encrypted) database and can be changed while Mnemo runs.
import { rmSync } from 'node:fs';
import type { Store } from '../store';
import type { ChromaSidecar } from '../vectors/chroma-sidecar';
import type { MemoryVectorIndex } from '../vectors/memory-vector-index';
import type { SwitchableVectorIndex } from '../vectors/switchable-vector-index';
import type { VectorIndex } from '../vectors/vector-index';
import type { IndexMaintenance } from './index-maintenance';

export type VectorLocation = 'disk' | 'memory';

const SETTING = 'index.location';

export interface VectorLocationParts {
  store: Store;
  sidecar: ChromaSidecar;
  vectors: SwitchableVectorIndex;
  onDisk: VectorIndex;
  inMemory: MemoryVectorIndex;
  maintenance: IndexMaintenance;
  /** Chroma's data folder, deleted when the index moves into memory. */
  chromaDir: string;
  embeddingModel: () => string;
  /** Filling the memory failed (the index stays partial; keyword search still works). */
  onError: (error: unknown) => void;
}

export class VectorLocationService {
  private loading: Promise<void> = Promise.resolve();
  private loadingNow = false;

  constructor(private readonly parts: VectorLocationParts) {}

  /** The user's choice as saved (disk when never chosen). */
  saved(): VectorLocation {
    return this.parts.store.settings.get<VectorLocation>(SETTING) === 'memory' ? 'memory' : 'disk';
  }

  /** Whether the index is being filled in memory now. */
  get isLoading(): boolean {
    return this.loadingNow;
  }

  /** Resolves once the in-memory index holds every cached vector (at once when on disk). */
  whenLoaded(): Promise<void> {
    return this.loading;
  }

  /**
   * Brings the index up where the saved choice says. On disk: starts Chroma and returns (the
   * engine reconciles it with SQLite afterwards, in the background; throws when Chroma cannot
   * start, and it keeps retrying). In
   * memory: removes any Chroma folder left from before and fills the index in the background.
   */
  async start(): Promise<{ queued: number }> {
    const { vectors, onDisk, inMemory, sidecar } = this.parts;
    inMemory.clear();
    if (this.saved() === 'memory') {
      vectors.use(inMemory);
      this.loadIntoMemory();
      // Left from before the choice, or from a run that could not delete it.
      this.removeChromaFolder();
      return { queued: 0 };
    }
    vectors.use(onDisk);
    await sidecar.start();
    return { queued: 0 };
  }

  /**
   * Moves the index into memory (the Chroma server stops, its folder is deleted) or back onto
   * disk (Chroma starts and is filled from SQLite's cache, then the memory is let go).
   */
  async moveTo(location: VectorLocation): Promise<{ queued: number }> {
    if (location === this.saved()) return { queued: 0 };
    const { store, vectors, onDisk, inMemory, sidecar, maintenance } = this.parts;
    store.settings.set(SETTING, location);
    if (location === 'memory') {
      vectors.use(inMemory);
      this.loadIntoMemory();
      await sidecar.dispose();
      onDisk.forgetCollections();
      this.removeChromaFolder();
      return { queued: 0 };
    }
    await this.loading;
    await sidecar.start();
    const result = await maintenance.rebuildFromCache(this.parts.embeddingModel(), onDisk);
    vectors.use(onDisk);
    // Written while Chroma was being filled: the index took them in memory; put them on disk too.
    const late = await maintenance.reconcile(this.parts.embeddingModel());
    inMemory.clear();
    return { queued: result.queued + late.queued };
  }

  /** Ends the index's run: the memory fill finishes (it reads SQLite), then Chroma stops. */
  async dispose(): Promise<void> {
    await this.loading;
    await this.parts.sidecar.dispose();
  }

  private loadIntoMemory(): void {
    this.loadingNow = true;
    this.loading = this.parts.maintenance
      .rebuildFromCache(this.parts.embeddingModel(), this.parts.inMemory)
      .then(() => undefined, this.parts.onError)
      .finally(() => (this.loadingNow = false));
  }

  private removeChromaFolder(): void {
    rmSync(this.parts.chromaDir, { recursive: true, force: true, maxRetries: 3 });
  }
}
