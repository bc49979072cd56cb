// Background summaries: a conversation left idle for a while (default 10 minutes) is
// summarised, and at quit the conversations active in this session are, within a deadline.
// It never blocks a chat turn: one job at a time, skipped while a turn is running.
import { idleCheckEvery, PeriodicPass, toDisposable, type Disposable } from '../lifecycle';
import type { Store } from '../store';
import type { SummaryBudget } from './budget';
import type { Summarizer } from './summarizer';

export interface IdleSummariesOptions {
  store: Store;
  summarizer: Summarizer;
  idleMs: () => number;
  /** Limits for one conversation's summarisation: `summaryBudget` of the chat model's window. */
  limits: () => Promise<SummaryBudget>;
  /** True while a chat turn is running in that conversation (or any, when called with no id). */
  busy: (conversationId?: string) => boolean;
  /** Unsummarised tokens below which a conversation is not worth a summary. */
  minTokens?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

export class IdleSummaries {
  private readonly passes = new PeriodicPass(() => this.idlePass());
  private readonly startedAt: number;

  constructor(private readonly options: IdleSummariesOptions) {
    this.startedAt = (options.now ?? Date.now)();
  }

  /** Checks now and then until disposed; returns itself for its owner's DisposableStore. */
  start(checkEveryMs = idleCheckEvery(this.options.idleMs())): this {
    this.passes.start(checkEveryMs);
    return this;
  }

  /** Ends the run: no new pass starts, and the one under way is waited for. It may be started again. */
  dispose(): Promise<void> {
    return this.passes.stop();
  }

  /** Summarises every conversation idle long enough with enough unsummarised text. */
  runOnce(): Promise<void> {
    return this.passes.runOnce();
  }

  private async idlePass(): Promise<void> {
    if (this.options.busy()) return;
    const now = (this.options.now ?? Date.now)();
    // Runs from a timer: a failure (the store unreadable) is reported, never left unhandled.
    await this.summarizeWhere((c) => c.updatedAt <= now - this.options.idleMs(), 'idle').catch((error: unknown) =>
      this.options.onError?.(error),
    );
  }

  /**
   * The end-of-session step: when disposed, summarises the conversations active since start,
   * bounded by `deadlineMs()` read at that moment (0: nothing, e.g. a test closing or a start-over).
   * Registered before this run, so the idle timer is gone and its pass over by then.
   */
  endOfSession(deadlineMs: () => number): Disposable {
    return toDisposable(async () => {
      await this.dispose();
      const deadline = deadlineMs();
      if (deadline <= 0) return;
      const signal = AbortSignal.timeout(deadline);
      await this.summarizeWhere((c) => c.updatedAt >= this.startedAt, 'end', signal).catch(() => undefined);
    });
  }

  private async summarizeWhere(
    pick: (c: { updatedAt: number }) => boolean,
    trigger: 'idle' | 'end',
    signal?: AbortSignal,
  ): Promise<void> {
    const { store, summarizer } = this.options;
    const minTokens = this.options.minTokens ?? 600;
    for (const conversation of store.conversations.list({ includeArchived: true, limit: 200 })) {
      if (signal?.aborted) return;
      if (conversation.temporary || !pick(conversation) || this.options.busy(conversation.id)) continue;
      if (summarizer.unsummarisedTokens(conversation.id) < minTokens) continue;
      try {
        const limits = await this.options.limits();
        await summarizer.summarize({
          conversationId: conversation.id,
          trigger,
          keepTokens: 0,
          keepTurns: 0,
          ...limits,
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }
}
