// A deleted memory can be brought back while its undo window lasts (the Undo toast); then it
// is purged from disk for good: its row, history and cached vectors, and every trace of them
// in the file, its WAL and the backups (Store.purgeDeletedMemories). Closing the app ends
// every window.
import type { Store } from '../store';

export interface DeletedMemoriesOptions {
  store: Store;
  undoWindowMs: number;
  now: () => number;
}

export class DeletedMemories {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: DeletedMemoriesOptions) {}

  /** A memory was just deleted: it is purged once its window has passed. */
  deleted(): void {
    this.schedule();
  }

  /** Purges those whose window has passed; returns their ids. */
  purgeExpired(): string[] {
    const { store, undoWindowMs, now } = this.options;
    const purged = store.purgeDeletedMemories(now() - undoWindowMs + 1);
    this.schedule();
    return purged;
  }

  /** Ends every window now (the app closes or starts): all deleted memories are purged. */
  purgeAll(): string[] {
    this.dispose();
    return this.options.store.purgeDeletedMemories();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer) return;
    const oldest = this.options.store.memories.oldestDeletedAt();
    if (oldest === null) return;
    const due = Math.max(0, oldest + this.options.undoWindowMs - this.options.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.purgeExpired();
    }, due);
    this.timer.unref();
  }
}
