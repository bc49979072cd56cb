// Keeps turn metrics (and engine event counts) within the retention the user set: prunes in
// the background, a bounded slice at a time so a long backlog never holds the event loop, and
// never lets a failure escape (a closed database while the app quits is expected).
import type { Store } from '../store';

export interface PrunerOptions {
  store: Store;
  retention: () => { days: number; maxTurns: number };
  now: () => number;
  /** Rows deleted per slice. */
  sliceRows?: number;
  /** Pause between rounds once nothing is left to prune. */
  everyMs?: number;
}

const DAY = 24 * 3_600_000;

export class MetricsPruner {
  private timer: NodeJS.Timeout | null = null;
  private readonly sliceRows: number;
  private readonly everyMs: number;

  constructor(private readonly options: PrunerOptions) {
    this.sliceRows = options.sliceRows ?? 2_000;
    this.everyMs = options.everyMs ?? 10 * 60_000;
  }

  /** Prunes now and then until disposed; returns itself for its owner's DisposableStore. */
  start(): this {
    this.schedule(0);
    return this;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One slice: deletes at most `sliceRows` turns and as many event minutes; true when more may be left. */
  pruneSlice(): boolean {
    const { store, retention, now } = this.options;
    const { days, maxTurns } = retention();
    const olderThan = now() - days * DAY;
    const turns = store.metrics.prune({ olderThan, keep: maxTurns, limit: this.sliceRows });
    const minutes = store.engineEvents.prune(olderThan, this.sliceRows);
    return turns >= this.sliceRows || minutes >= this.sliceRows;
  }

  private schedule(delay: number): void {
    this.dispose();
    this.timer = setTimeout(() => this.tick(), delay);
    this.timer.unref();
  }

  private tick(): void {
    let more = false;
    try {
      more = this.pruneSlice();
    } catch {
      // The database may be closing or being replaced; the next round tries again.
    }
    this.schedule(more ? 0 : this.everyMs);
  }
}
