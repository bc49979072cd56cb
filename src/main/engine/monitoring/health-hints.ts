// Health hints: the figures that call for attention, each with the values it saw (the renderer
// says them and what to do; hint-text.ts words them in English for diagnostics). Pure: figures
// in, hints out. Every threshold lives in HINT_THRESHOLDS and nowhere else.
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

export function healthHints(f: HealthFigures): HealthHint[] {
  const hints: HealthHint[] = [];
  const enoughTurns = f.turns >= T.minTurns;
  const squeezed = f.turns > 0 ? f.squeezedTurns / f.turns : 0;
  if (enoughTurns && squeezed >= T.squeezedShare)
    hints.push({ id: 'prompt-squeezed', severity: 'warning', share: squeezed });
  if (f.chromaDownsToday >= T.chromaDownsPerDay)
    hints.push({ id: 'chroma-unavailable', severity: 'warning', timesToday: f.chromaDownsToday });
  const keywordOnly = f.turns > 0 ? f.keywordOnlyTurns / f.turns : 0;
  if (enoughTurns && keywordOnly >= T.keywordOnlyShare)
    hints.push({ id: 'keyword-only', severity: 'warning', share: keywordOnly });
  if (f.outboxBacklog >= T.indexBacklog) {
    hints.push({
      id: 'index-behind',
      severity: f.indexedPerMinute > 0 ? 'info' : 'warning',
      backlog: f.outboxBacklog,
      perMinute: f.indexedPerMinute,
    });
  }
  if (enoughTurns && f.medianEmbedMs !== null && f.medianEmbedMs >= T.slowEmbedMs)
    hints.push({ id: 'slow-embedding', severity: 'warning', ms: f.medianEmbedMs });
  const ownAssembly = f.medianAssemblyMs !== null ? f.medianAssemblyMs - (f.medianEmbedMs ?? 0) : null;
  if (enoughTurns && ownAssembly !== null && ownAssembly >= T.slowAssemblyMs)
    hints.push({ id: 'slow-assembly', severity: 'info', ms: ownAssembly });
  if (enoughTurns && f.medianFirstTokenMs !== null && f.medianFirstTokenMs >= T.slowFirstTokenMs)
    hints.push({ id: 'slow-first-token', severity: 'info', ms: f.medianFirstTokenMs });
  if (enoughTurns && f.tokensPerSecond !== null && f.tokensPerSecond < T.slowTokensPerSecond)
    hints.push({ id: 'slow-generation', severity: 'info', tokensPerSecond: f.tokensPerSecond });
  return hints;
}
