// What the Monitoring view receives: per-turn figures (one point per turn, or averages over a
// time bucket on long ranges), the store's size and the indexer's pace, and health hints in
// plain words. Figures only: no message text ever travels in these.

/** Prompt sections as the Monitoring view groups them, from the assembler's sections. */
export const PROMPT_SECTION_GROUPS = {
  system: ['system', 'tools'],
  memories: ['core_memory', 'memory'],
  summary: ['summary'],
  retrieved: ['retrieved'],
  recent: ['recent'],
  message: ['user'],
} as const;
export type PromptSectionGroup = keyof typeof PROMPT_SECTION_GROUPS;
export const PROMPT_SECTIONS = Object.keys(PROMPT_SECTION_GROUPS) as PromptSectionGroup[];

export type TurnOutcome = 'complete' | 'stopped' | 'error';
export type RetrievalMode = 'hybrid' | 'keyword';

/** One recorded turn, as exported. */
export interface TurnFigures {
  id: number;
  at: number;
  conversationId: string;
  messageId: string | null;
  model: string | null;
  outcome: TurnOutcome;
  assemblyMs: number;
  embedMs: number;
  firstTokenMs: number | null;
  generationMs: number | null;
  retrievalHits: number;
  retrievalMode: RetrievalMode;
  summarizationRuns: number;
  promptTokens: number;
  outputTokens: number;
  toolCalls: number;
  contextTokens: number | null;
  contextBudget: number | null;
  tokensBySection: Record<string, number>;
}

export interface MetricsFilter {
  conversationId?: string | null;
  /** Inclusive, ms since the epoch. */
  from?: number;
  /** Exclusive. */
  to?: number;
}

/** One turn, or the averages of the turns in one time bucket (`turns` > 1). */
export interface TurnPoint {
  at: number;
  turns: number;
  assemblyMs: number;
  embedMs: number;
  firstTokenMs: number | null;
  tokensPerSecond: number | null;
  retrievalHits: number;
  keywordOnly: number;
  contextTokens: number | null;
  contextBudget: number | null;
  bySection: Record<PromptSectionGroup, number>;
}

export interface SummaryPoint {
  at: number;
  overflow: number;
  idle: number;
  end: number;
}

export interface MetricsTotals {
  turns: number;
  keywordOnlyTurns: number;
  /** Turns whose prompt was full and held no retrieved excerpt. */
  squeezedTurns: number;
  medianAssemblyMs: number | null;
  medianEmbedMs: number | null;
  medianFirstTokenMs: number | null;
  tokensPerSecond: number | null;
  summaries: { overflow: number; idle: number; end: number };
  chromaDowns: number;
  chromaRestarts: number;
}

export interface StoreFigures {
  messages: number;
  chunks: number;
  memories: number;
  /** Memories the model proposed that wait for the user's review. */
  pendingProposals: number;
  sqliteBytes: number;
  vectorIndexBytes: number;
  outboxBacklog: number;
  /** Items indexed per minute over the last hour. */
  indexedPerMinute: number;
  chromaDownsToday: number;
  chromaRestartsToday: number;
}

/**
 * A figure that calls for attention: which one, with the values it saw. The renderer says what
 * it shows and what to do in the UI's language; the diagnostics export words it in English.
 */
export type HealthHint = { severity: 'warning' | 'info' } & (
  | {
      id: 'prompt-squeezed';
      /** Share (0–1) of turns whose full prompt held no retrieved excerpt. */
      share: number;
    }
  | { id: 'chroma-unavailable'; timesToday: number }
  | {
      id: 'keyword-only';
      /** Share (0–1) of turns answered with keyword search only. */
      share: number;
    }
  | {
      id: 'index-behind';
      /** Items waiting for the indexer. */
      backlog: number;
      /** Items indexed a minute over the last hour (0: nothing). */
      perMinute: number;
    }
  | {
      id: 'slow-embedding';
      /** Median embedding time of a turn's query. */
      ms: number;
    }
  | {
      id: 'slow-assembly';
      /** Median of the assembly's own time, the embedding taken out. */
      ms: number;
    }
  | { id: 'slow-first-token'; ms: number }
  | { id: 'slow-generation'; tokensPerSecond: number }
);

export type HealthHintId = HealthHint['id'];

export interface MonitoringOverview {
  /** Turns recorded at all, whatever the filter (tells "nothing yet" from "nothing here"). */
  recordedTurns: number;
  filter: { conversationId: string | null; from: number | null; to: number | null };
  /** Width of a point's time bucket; null when every point is one turn. */
  bucketMs: number | null;
  points: TurnPoint[];
  summaries: SummaryPoint[];
  totals: MetricsTotals;
  store: StoreFigures;
  hints: HealthHint[];
}
