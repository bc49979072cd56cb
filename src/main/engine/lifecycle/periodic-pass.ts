// The timer policy of the engine's idle jobs (background summaries, fact extraction): a pass
// now and then, never two at once, and stopping waits for the pass under way, so nothing of
// the job runs once its owner is disposed. Each job decides what a pass does.

/** How often an idle job looks: a quarter of its idle time, at least every minute, at most every second. */
export function idleCheckEvery(idleMs: number): number {
  return Math.min(60_000, Math.max(1_000, idleMs / 4));
}

export class PeriodicPass<T> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<T> | null = null;

  /** `pass` reports its own failures: it should not reject. */
  constructor(private readonly pass: () => Promise<T>) {}

  /** Runs a pass every `everyMs` until stopped; a second start changes nothing. */
  start(everyMs: number): void {
    if (this.timer) return;
    // A pass that rejects anyway must not become an unhandled rejection from a timer.
    this.timer = setInterval(() => void this.runOnce().catch(() => undefined), everyMs);
    this.timer.unref?.();
  }

  /** A pass now, or the one under way. */
  runOnce(): Promise<T> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  /** No new pass starts, and the one under way is waited for. It may be started again. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
