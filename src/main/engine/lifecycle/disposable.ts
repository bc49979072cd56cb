// One lifetime vocabulary for everything that must be released (timers, child processes,
// listeners, sockets, the database): it is a Disposable, and whoever creates or starts it
// registers it with a DisposableStore, which releases in reverse order of creation. No
// hand-written teardown order: a part registered after another may use it, so it goes first.

export interface Disposable {
  dispose(): void | Promise<void>;
}

/** A Disposable from a function; disposing it twice runs the function once. */
export function toDisposable(dispose: () => void | Promise<void>): Disposable {
  let done: Promise<void> | null = null;
  return {
    dispose: () => (done ??= Promise.resolve().then(dispose)),
  };
}

/** Some parts could not be released; every other part was. `errors` holds each failure in disposal order. */
export class DisposalError extends AggregateError {
  constructor(errors: unknown[]) {
    const what = errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
    super(errors, `${errors.length} part(s) could not be released: ${what}`);
    this.name = 'DisposalError';
  }
}

/**
 * Owns disposables and releases them last-registered first. Every part is released even
 * when one fails; the failures are collected and reported together (a DisposalError) once
 * all are done. Disposing again, or while disposal runs, waits for the same disposal.
 */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposal: Promise<void> | null = null;

  get isDisposed(): boolean {
    return this.disposal !== null;
  }

  /** Registers `item` and returns it; one added after disposal began is released at once. */
  add<T extends Disposable>(item: T): T {
    if (this.disposal) {
      void Promise.resolve()
        .then(() => item.dispose())
        .catch(() => undefined);
      return item;
    }
    this.items.push(item);
    return item;
  }

  dispose(): Promise<void> {
    this.disposal ??= this.releaseAll();
    return this.disposal;
  }

  private async releaseAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const item of this.items.splice(0).reverse()) {
      try {
        await item.dispose();
      } catch (error) {
        // A nested store's failures are reported as themselves, not as one wrapped error.
        failures.push(...(error instanceof DisposalError ? error.errors : [error]));
      }
    }
    if (failures.length > 0) throw new DisposalError(failures);
  }
}
