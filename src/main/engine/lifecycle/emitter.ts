// A typed event, announced once where it happens and listened to where it matters
// (`onDidEnqueue`, `onDidChangeState`): listening returns a Disposable that stops it.
import type { Disposable } from './disposable';

export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** What owners expose: subscribe, and dispose the result to unsubscribe. */
  readonly event: Event<T> = (listener) => {
    // A wrapper per subscription, so the same function may listen twice and stop once each.
    const entry = (value: T) => listener(value);
    this.listeners.add(entry);
    return { dispose: () => void this.listeners.delete(entry) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
