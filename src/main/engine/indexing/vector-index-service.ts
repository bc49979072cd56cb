// The vector index as the rest of the engine sees it: brought up where the user keeps it (see
// vector-location.ts), reconciled with SQLite by id at start and after Chroma restarts, moved
// between disk and memory, and its state and whole-index job for the status strip.
import { toMnemoError, type MnemoError } from '../../../shared/errors';
import type { ChromaSidecar, SidecarState } from '../vectors/chroma-sidecar';
import type { SwitchableVectorIndex } from '../vectors/switchable-vector-index';
import type { IndexJobProgress, IndexMaintenance } from './index-maintenance';
import type { OutboxIndexer } from './outbox-indexer';
import type { VectorLocation, VectorLocationService } from './vector-location';

export interface VectorIndexParts {
  location: VectorLocationService;
  sidecar: Pick<ChromaSidecar, 'state'>;
  vectors: SwitchableVectorIndex;
  maintenance: IndexMaintenance;
  indexer: Pick<OutboxIndexer, 'kick'>;
  embeddingModel: () => string;
  /** The engine is closing: a failed reconciliation then is not news. */
  closed: () => boolean;
  onError: (error: MnemoError) => void;
  onJobProgress: (progress: IndexJobProgress) => void;
}

export class VectorIndexService {
  private reconciling: Promise<void> = Promise.resolve();
  private runningJob: IndexJobProgress | null = null;

  constructor(private readonly parts: VectorIndexParts) {
    parts.maintenance.on('progress', (p) => {
      this.runningJob = p.done >= p.total ? null : p;
      parts.onJobProgress(p);
    });
  }

  /** Brings the index up for a newly opened profile; throws when Chroma cannot start (it keeps retrying). */
  async start(): Promise<void> {
    this.runningJob = null;
    await this.parts.location.start();
    // Reading every id on both sides takes a minute at 100k messages: the first window does not
    // wait for it. Meanwhile a stale vector finds no row (dropped) and a missing one is owed.
    if (this.parts.location.saved() === 'disk') this.reconciling = this.reconcileAtStart();
  }

  /** Settles once the start-up reconciliation of the vector index with SQLite is over (never rejects). */
  reconciled(): Promise<void> {
    return this.reconciling;
  }

  /** Brings Chroma in line with SQLite by id (lost, stale or foreign vectors); true when anything changed. */
  async reconcile(): Promise<boolean> {
    const { removed, restored, queued } = await this.parts.maintenance.reconcile(this.parts.embeddingModel());
    return removed + restored + queued > 0;
  }

  /** Moves the index into memory only, or back onto disk (Settings → Encryption). */
  async moveTo(location: VectorLocation): Promise<void> {
    // What it queues in the outbox reaches the indexer on its own (the outbox announces it).
    await this.parts.location.moveTo(location);
  }

  inMemory(): boolean {
    return this.parts.location.saved() === 'memory';
  }

  /** The index's state for the status strip: Chroma's, or ready/starting when held in memory. */
  state(): SidecarState {
    if (!this.inMemory()) return this.parts.sidecar.state;
    return this.parts.location.isLoading ? 'starting' : 'ready';
  }

  /** The whole-index job running now (rebuild or re-embed), if any. */
  job(): IndexJobProgress | null {
    return this.runningJob;
  }

  /**
   * Chroma came back after a crash: its collections are new objects and may have lost vectors.
   * Runs from the sidecar's event, whatever the engine is doing then (closing, starting over with
   * its database closed): every failure is reported as an index error, never left unhandled.
   */
  afterChromaRestart(): void {
    void this.reconcileAfterRestart().catch((error: unknown) => this.parts.onError(toMnemoError(error, 'CHROMA_DOWN')));
  }

  private async reconcileAfterRestart(): Promise<void> {
    if (this.parts.closed() || this.inMemory()) return;
    this.parts.vectors.forgetCollections();
    try {
      await this.reconcile();
    } finally {
      this.parts.indexer.kick();
    }
  }

  private async reconcileAtStart(): Promise<void> {
    try {
      await this.reconcile();
    } catch (error) {
      if (!this.parts.closed()) this.parts.onError(toMnemoError(error, 'CHROMA_DOWN'));
    }
  }
}
