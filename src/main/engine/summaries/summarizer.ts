// Folds a conversation's oldest unsummarised turns into its running summary with the chat
// model. Runs when the history overflows its share of the window, when a conversation has
// been idle, and at quit. The turns stay stored and retrievable; the summary is stored and
// indexed like a message (type `summary`).
import type { Message, Summary, SummaryTrigger } from '../../../shared/domain';
import type { ChatMessage } from '../llm/types';
import type { Store } from '../store';

export interface SummarizerOptions {
  store: Store;
  /** Runs the chat model on `messages` and returns its whole reply. */
  generate: (messages: ChatMessage[], signal?: AbortSignal) => Promise<string>;
  countTokens: (text: string) => number;
  model: () => string;
}

export interface SummarizeRequest {
  conversationId: string;
  trigger: SummaryTrigger;
  /** Unsummarised tokens to leave as they are (the recent turns); 0 folds everything. */
  keepTokens: number;
  /** How much text one summarisation call may send (the model's window minus its reply). */
  maxInputTokens: number;
  /** Longest summary to keep. */
  maxSummaryTokens: number;
  /** Always leave at least this many newest turns unfolded. */
  keepTurns?: number;
  signal?: AbortSignal;
}

const OVERHEAD = 4;

export const SUMMARY_INSTRUCTIONS = (maxWords: number) =>
  `You keep the running summary of a conversation between a user and an assistant. ` +
  `Rewrite the summary so it also covers the new turns. Keep every concrete fact about the user ` +
  `(names, places, dates, numbers, preferences, plans, decisions) and open questions; drop small talk. ` +
  `When a fact changed, keep only the newer one and say it changed. Write in the third person, ` +
  `at most ${maxWords} words. Reply with the summary only.`;

export class Summarizer {
  constructor(private readonly options: SummarizerOptions) {}

  /** Unsummarised tokens of a conversation (what overflow compares against its share). */
  unsummarisedTokens(conversationId: string): number {
    return this.pending(conversationId).reduce((sum, m) => sum + m.tokenCount + OVERHEAD, 0);
  }

  /**
   * Summarises until no more than `keepTokens` of unsummarised history is left. Returns the
   * summaries written (several when the turns to fold do not fit one call).
   */
  async summarize(request: SummarizeRequest): Promise<Summary[]> {
    const written: Summary[] = [];
    for (let round = 0; round < 50; round++) {
      const batch = this.nextBatch(request);
      if (batch.length === 0) break;
      request.signal?.throwIfAborted();
      written.push(await this.fold(request, batch));
    }
    return written;
  }

  private pending(conversationId: string): Message[] {
    const { store } = this.options;
    const after = store.summaries.coveredThrough(conversationId);
    return store.messages
      .list(conversationId, { afterSeq: after })
      .filter((m) => m.status !== 'streaming' && m.content.length > 0);
  }

  /** The oldest turns to fold now: enough to get under `keepTokens`, within one call's input. */
  private nextBatch(request: SummarizeRequest): Message[] {
    const pending = this.pending(request.conversationId);
    const foldable = pending.slice(0, Math.max(0, pending.length - (request.keepTurns ?? 2)));
    let remaining = pending.reduce((sum, m) => sum + m.tokenCount + OVERHEAD, 0);
    if (remaining <= request.keepTokens) return [];
    const previous = this.currentSummaryText(request.conversationId);
    let input = this.options.countTokens(SUMMARY_INSTRUCTIONS(0)) + this.options.countTokens(previous) + 64;
    const batch: Message[] = [];
    for (const message of foldable) {
      if (remaining <= request.keepTokens) break;
      const cost = Math.min(message.tokenCount, this.perMessageCap(request)) + OVERHEAD;
      if (batch.length > 0 && input + cost > request.maxInputTokens) break;
      batch.push(message);
      input += cost;
      remaining -= message.tokenCount + OVERHEAD;
    }
    return batch;
  }

  private perMessageCap(request: SummarizeRequest): number {
    return Math.max(64, Math.floor(request.maxInputTokens / 2));
  }

  private currentSummaryText(conversationId: string): string {
    return this.options.store.summaries
      .current(conversationId)
      .map((s) => s.content)
      .join('\n\n');
  }

  private async fold(request: SummarizeRequest, batch: Message[]): Promise<Summary> {
    const { store } = this.options;
    const current = store.summaries.current(request.conversationId);
    const previous = current.map((s) => s.content).join('\n\n');
    const maxWords = Math.max(30, Math.floor(request.maxSummaryTokens * 0.7));
    const turns = batch
      .map((m) => `${m.role === 'user' ? 'User' : 'Assistant'}: ${this.clip(m, request)}`)
      .join('\n\n');
    const reply = await this.options.generate(
      [
        { role: 'system', content: SUMMARY_INSTRUCTIONS(maxWords) },
        {
          role: 'user',
          content: `Current summary:\n${previous || '(none yet)'}\n\nNew turns:\n${turns}\n\nWrite the updated summary.`,
        },
      ],
      request.signal,
    );
    const content = this.fit(reply.trim() || previous || turns, request.maxSummaryTokens);
    return store.summaries.create({
      conversationId: request.conversationId,
      content,
      firstSeq: current[0]?.firstSeq ?? batch[0]!.seq,
      lastSeq: batch[batch.length - 1]!.seq,
      trigger: request.trigger,
      model: this.options.model(),
      supersedes: current.map((s) => s.id),
    });
  }

  /** A message too long for one call is sent as its beginning and end; it stays whole in the store. */
  private clip(message: Message, request: SummarizeRequest): string {
    const cap = this.perMessageCap(request);
    if (message.tokenCount <= cap) return message.content;
    const chars = Math.floor((message.content.length * cap) / message.tokenCount / 2);
    return `${message.content.slice(0, chars)}\n[…]\n${message.content.slice(-chars)}`;
  }

  /** Keeps a summary within its token allowance, cutting at a sentence end where possible. */
  private fit(text: string, maxTokens: number): string {
    if (this.options.countTokens(text) <= maxTokens) return text;
    let cut = Math.floor((text.length * maxTokens) / this.options.countTokens(text));
    while (cut > 0 && this.options.countTokens(text.slice(0, cut)) > maxTokens) cut = Math.floor(cut * 0.9);
    const slice = text.slice(0, cut);
    const sentenceEnd = Math.max(slice.lastIndexOf('. '), slice.lastIndexOf('.\n'));
    return sentenceEnd > cut / 2 ? slice.slice(0, sentenceEnd + 1) : slice;
  }
}
