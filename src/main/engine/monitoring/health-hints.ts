// Health hints: the figures that call for attention, said in plain words with what to do.
// Pure: figures in, hints out. Every threshold lives in HINT_THRESHOLDS and nowhere else.
import type { HealthHint } from '../../../shared/monitoring';

export const HINT_THRESHOLDS = {
  /** Hints about turns wait for this many turns in the range, so two odd turns say nothing. */
  minTurns: 10,
  /** A prompt using this share of its budget is full. */
  fullPromptShare: 0.95,
  /** Share of turns with a full prompt and no retrieved excerpt that calls for a larger window. */
  squeezedShare: 0.25,
  /** Share of turns answered on keywords alone (no vector search). */
  keywordOnlyShare: 0.25,
  /** Times the vector index went down within a day. */
  chromaDownsPerDay: 1,
  /** Items waiting for the indexer. */
  indexBacklog: 1000,
  /** Median embedding time of a turn's query, ms (a GPU answers in tens). */
  slowEmbedMs: 500,
  /** Median of our own context assembly, embedding excluded, ms. */
  slowAssemblyMs: 250,
  /** Median time to the model's first token, ms. */
  slowFirstTokenMs: 10_000,
  /** Tokens per second below which replies feel slow. */
  slowTokensPerSecond: 5,
} as const;

export interface HealthFigures {
  turns: number;
  squeezedTurns: number;
  keywordOnlyTurns: number;
  medianEmbedMs: number | null;
  /** Assembly including the embedding call, as recorded. */
  medianAssemblyMs: number | null;
  medianFirstTokenMs: number | null;
  tokensPerSecond: number | null;
  chromaDownsToday: number;
  outboxBacklog: number;
  indexedPerMinute: number;
}

const T = HINT_THRESHOLDS;
const percent = (share: number) => `${Math.round(share * 100)}%`;
const count = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => `${count(Math.round(n))} ms`;

export function healthHints(f: HealthFigures): HealthHint[] {
  const hints: HealthHint[] = [];
  const enoughTurns = f.turns >= T.minTurns;
  const squeezed = f.turns > 0 ? f.squeezedTurns / f.turns : 0;
  if (enoughTurns && squeezed >= T.squeezedShare) {
    hints.push({
      id: 'prompt-squeezed',
      severity: 'warning',
      message: `Recent turns take most of the prompt: no retrieved memories fit in ${percent(squeezed)} of turns.`,
      action:
        'A larger context window would help: raise the context length in Settings if your model supports it, or choose a model with a larger window.',
    });
  }
  if (f.chromaDownsToday >= T.chromaDownsPerDay) {
    hints.push({
      id: 'chroma-unavailable',
      severity: 'warning',
      message: `The vector index has been unavailable ${f.chromaDownsToday === 1 ? 'once' : `${count(f.chromaDownsToday)} times`} today.`,
      action:
        'Mnemo restarts it by itself and answers from keywords meanwhile. If it keeps happening, check free disk space and memory, and look for other programs stopping it.',
    });
  }
  const keywordOnly = f.turns > 0 ? f.keywordOnlyTurns / f.turns : 0;
  if (enoughTurns && keywordOnly >= T.keywordOnlyShare) {
    hints.push({
      id: 'keyword-only',
      severity: 'warning',
      message: `${percent(keywordOnly)} of turns were answered with keyword search only: recall by meaning was not available.`,
      action:
        'Check that Ollama is running and the embedding model is pulled (the status strip says), and that the vector index is ready.',
    });
  }
  if (f.outboxBacklog >= T.indexBacklog) {
    const pace =
      f.indexedPerMinute > 0
        ? ` At the last hour's pace (${count(Math.round(f.indexedPerMinute))} a minute) that takes about ${minutes(f.outboxBacklog / f.indexedPerMinute)}.`
        : ' Nothing was indexed in the last hour.';
    hints.push({
      id: 'index-behind',
      severity: f.indexedPerMinute > 0 ? 'info' : 'warning',
      message: `Indexing is ${count(f.outboxBacklog)} items behind.${pace}`,
      action:
        'Keep Mnemo open so it can catch up; keyword search finds the newest messages meanwhile. If nothing moves, check that Ollama and the embedding model are available.',
    });
  }
  if (enoughTurns && f.medianEmbedMs !== null && f.medianEmbedMs >= T.slowEmbedMs) {
    hints.push({
      id: 'slow-embedding',
      severity: 'warning',
      message: `Embedding takes ${ms(f.medianEmbedMs)} per turn.`,
      action:
        'Is the embedding model running on the CPU? “ollama ps” shows where it runs; a GPU, or a smaller embedding model, makes every turn start sooner.',
    });
  }
  const ownAssembly = f.medianAssemblyMs !== null ? f.medianAssemblyMs - (f.medianEmbedMs ?? 0) : null;
  if (enoughTurns && ownAssembly !== null && ownAssembly >= T.slowAssemblyMs) {
    hints.push({
      id: 'slow-assembly',
      severity: 'info',
      message: `Putting the context together takes ${ms(ownAssembly)} per turn besides the embedding.`,
      action:
        'A very long history makes retrieval slower: archiving conversations you no longer need keeps it quick. Copy the diagnostics into a bug report if it stays slow.',
    });
  }
  if (enoughTurns && f.medianFirstTokenMs !== null && f.medianFirstTokenMs >= T.slowFirstTokenMs) {
    hints.push({
      id: 'slow-first-token',
      severity: 'info',
      message: `The model takes ${seconds(f.medianFirstTokenMs)} to start answering.`,
      action:
        'Long prompts and a model loaded afresh each turn both cost time: a smaller context length, or keeping the model loaded (OLLAMA_KEEP_ALIVE), helps.',
    });
  }
  if (enoughTurns && f.tokensPerSecond !== null && f.tokensPerSecond < T.slowTokensPerSecond) {
    hints.push({
      id: 'slow-generation',
      severity: 'info',
      message: `Replies arrive at ${f.tokensPerSecond.toFixed(1)} tokens per second.`,
      action: 'The chat model may be too large for this machine or running on the CPU: a smaller model answers faster.',
    });
  }
  return hints;
}

function minutes(n: number): string {
  if (n < 1.5) return 'a minute';
  if (n < 90) return `${Math.round(n)} minutes`;
  return `${Math.round(n / 60)} hours`;
}

function seconds(msValue: number): string {
  return `${(msValue / 1000).toFixed(1)} s`;
}
