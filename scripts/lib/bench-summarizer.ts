// What an overflow summary costs us, apart from the model: the real Summarizer folds the
// oldest turns of stored conversations with the limits a chat turn uses, while the test
// Ollama server answers at once (an extractive summary). The time between model calls is
// ours: picking the turns, counting, building the prompt, storing the summary and its chunks.
import { countTokens } from '../../src/main/engine/chunking';
import { generateText } from '../../src/main/engine/chat';
import type { Engine } from '../../src/main/engine/engine';
import { OllamaClient } from '../../src/main/engine/llm';
import { Summarizer } from '../../src/main/engine/summaries';
import { timingsOf, type Timings } from './measure';

export interface SummaryFigures {
  /** Overflow summaries run (one `summarize` call each, as a chat turn makes). */
  overflows: number;
  /** Folds they made (one model call each). */
  folds: number;
  /** One whole overflow summary, the instant model included. */
  per_overflow_ms: Timings;
  /** Ours per fold: everything between model calls. */
  overhead_per_fold_ms: Timings;
  /** The model call per fold, against the instant test server (HTTP, streaming, parsing). */
  model_call_ms: Timings;
}

/** A chat model the test server has; its answers take no model time. */
const INSTANT_MODEL = 'llama3.2:3b';

export async function measureSummaries(
  engine: Engine,
  options: { testServerUrl: string; conversationIds: readonly string[] },
): Promise<SummaryFigures> {
  const client = new OllamaClient({
    host: options.testServerUrl,
    requestTimeoutMs: 30_000,
    streamIdleTimeoutMs: 30_000,
  });
  const calls: { start: number; end: number }[] = [];
  const summarizer = new Summarizer({
    store: engine.internals.store,
    generate: async (messages, signal) => {
      const call = { start: performance.now(), end: 0 };
      calls.push(call);
      const text = await generateText(client, { model: INSTANT_MODEL, messages, ...(signal ? { signal } : {}) });
      call.end = performance.now();
      return text;
    },
    countTokens,
    model: () => INSTANT_MODEL,
  });

  const perOverflow: number[] = [];
  const overhead: number[] = [];
  const modelCalls: number[] = [];
  for (const conversationId of options.conversationIds) {
    // The limits chat.send would use for this conversation now (see ChatService.summarizeOverflow).
    const context = await engine.internals.chat.dryRun({ conversationId, content: 'And what should I do next?' });
    if (!context.history.overflowing) continue;
    const window = context.budget.contextLength - context.budget.reservedOutput;
    calls.length = 0;
    const started = performance.now();
    const written = await summarizer.summarize({
      conversationId,
      trigger: 'overflow',
      keepTokens: Math.floor(context.history.share / 2),
      maxInputTokens: Math.max(512, window),
      maxSummaryTokens: Math.max(64, Math.floor(window * 0.12)),
    });
    const ended = performance.now();
    if (written.length === 0) continue;
    perOverflow.push(ended - started);
    // Gaps between model calls; the last fold also owns the time after the last call.
    let from = started;
    calls.forEach((call, i) => {
      modelCalls.push(call.end - call.start);
      overhead.push(call.start - from + (i === calls.length - 1 ? ended - call.end : 0));
      from = call.end;
    });
  }
  return {
    overflows: perOverflow.length,
    folds: modelCalls.length,
    per_overflow_ms: timingsOf(perOverflow),
    overhead_per_fold_ms: timingsOf(overhead),
    model_call_ms: timingsOf(modelCalls),
  };
}
