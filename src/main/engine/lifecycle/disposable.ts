// One lifetime vocabulary for everything that must be released (timers, child processes,
// listeners, sockets): it is a Disposable, and whoever creates it registers it with a
// DisposableStore, which releases in reverse order of creation. No hand-written teardown order.

export interface Disposable {
  dispose(): void | Promise<void>;
}

export function toDisposable(dispose: () => void | Promise<void>): Disposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      return dispose();
    },
  };
}

/**
 * Owns disposables and releases them last-registered first: a part created after another
 * may depend on it, so it goes first. Every part is released even when one fails; the first
 * failure is rethrown once all are done.
 */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Registers `item` and returns it; one added after disposal is released at once. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      void Promise.resolve(item.dispose()).catch(() => undefined);
      return item;
    }
    this.items.push(item);
    return item;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    let failure: unknown = null;
    for (const item of this.items.splice(0).reverse()) {
      try {
        await item.dispose();
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== null) throw failure;
  }
}
