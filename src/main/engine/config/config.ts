// The engine's one typed source of configuration. Every default lives here and is documented
// once; the app, tests, bench and eval all build their config through `resolveEngineConfig`.

export interface OllamaConfig {
  /** Base URL of the Ollama server. Loopback by default; the app never talks to anything else. */
  host: string;
  /** Model used for chat replies and summaries. Must be pulled in Ollama. */
  chatModel: string;
  /** Model used for embeddings. Changing it rebuilds the vector index in the background. */
  embeddingModel: string;
  /** How long one non-streaming request (show, embed, tags) may take before OLLAMA_TIMEOUT. */
  requestTimeoutMs: number;
  /** How long a chat stream may stay silent (no token) before OLLAMA_TIMEOUT. */
  streamIdleTimeoutMs: number;
}

export interface ChromaConfig {
  /** Port for the sidecar; 0 picks a free loopback port at each start. */
  port: number;
  /** How long to wait for the first heartbeat before CHROMA_START_FAILED. */
  startTimeoutMs: number;
  /** Restart back-off after the sidecar dies: first delay, cap. */
  restartBackoffMs: { initial: number; max: number };
  /** How long a nearest-neighbour query may go unanswered before retrieval goes on without it (CHROMA_DOWN). */
  queryTimeoutMs: number;
  /** The deadline of every other Chroma call (collection lookups, writes, counts): CHROMA_DOWN after it. */
  callTimeoutMs: number;
  /** While running, the heartbeat is asked every `everyMs`; one unanswered marks the sidecar
   *  "not responding", `missesBeforeRestart` in a row have it killed and restarted. */
  healthCheck: SidecarHealthCheck;
}

export interface SidecarHealthCheck {
  everyMs: number;
  timeoutMs: number;
  missesBeforeRestart: number;
}

export interface ChunkingConfig {
  /** Target size of one stored chunk, in cl100k tokens. */
  chunkTokens: number;
}

export interface ContextConfig {
  /** Model window in tokens; null means "ask Ollama (/api/show)". */
  contextLength: number | null;
  /** Tokens kept free for the reply. */
  reservedOutputTokens: number;
  /** Whether new conversations retrieve from other conversations. */
  crossConversationDefault: boolean;
}

export interface SummaryConfig {
  /** A conversation idle this long is summarised in the background. */
  idleMs: number;
}

export interface PrivacyConfig {
  /**
   * How long a deleted memory can be brought back (the Undo toast, which pauses while
   * focused); after it, or when the app closes, it is gone from disk for good.
   */
  undoWindowMs: number;
}

export interface MonitoringConfig {
  /** Turn metrics older than this many days are pruned. */
  retentionDays: number;
  /** At most this many turn rows are kept (the newest). */
  maxTurns: number;
}

export interface EngineConfig {
  /** Folder holding mnemo.sqlite, chroma/ and backups/. */
  dataDir: string;
  ollama: OllamaConfig;
  chroma: ChromaConfig;
  chunking: ChunkingConfig;
  context: ContextConfig;
  summary: SummaryConfig;
  privacy: PrivacyConfig;
  monitoring: MonitoringConfig;
}

export const DEFAULT_CHAT_MODEL = 'llama3.2:3b';
export const DEFAULT_EMBEDDING_MODEL = 'nomic-embed-text';
export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

export function defaultEngineConfig(dataDir: string): EngineConfig {
  return {
    dataDir,
    ollama: {
      host: DEFAULT_OLLAMA_HOST,
      chatModel: DEFAULT_CHAT_MODEL,
      embeddingModel: DEFAULT_EMBEDDING_MODEL,
      requestTimeoutMs: 30_000,
      streamIdleTimeoutMs: 120_000,
    },
    chroma: {
      port: 0,
      startTimeoutMs: 30_000,
      restartBackoffMs: { initial: 250, max: 10_000 },
      queryTimeoutMs: 3_000,
      callTimeoutMs: 15_000,
      healthCheck: { everyMs: 5_000, timeoutMs: 2_000, missesBeforeRestart: 2 },
    },
    chunking: { chunkTokens: 500 },
    context: { contextLength: null, reservedOutputTokens: 1024, crossConversationDefault: true },
    summary: { idleMs: 10 * 60_000 },
    privacy: { undoWindowMs: 60_000 },
    monitoring: { retentionDays: 90, maxTurns: 100_000 },
  };
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type EngineConfigOverrides = DeepPartial<Omit<EngineConfig, 'dataDir'>>;

/** Defaults for `dataDir`, with any section partly overridden. */
export function resolveEngineConfig(dataDir: string, overrides: EngineConfigOverrides = {}): EngineConfig {
  const base = defaultEngineConfig(dataDir);
  return {
    dataDir,
    ollama: { ...base.ollama, ...overrides.ollama },
    chroma: {
      ...base.chroma,
      ...overrides.chroma,
      restartBackoffMs: { ...base.chroma.restartBackoffMs, ...overrides.chroma?.restartBackoffMs },
      healthCheck: { ...base.chroma.healthCheck, ...overrides.chroma?.healthCheck },
    },
    chunking: { ...base.chunking, ...overrides.chunking },
    context: { ...base.context, ...overrides.context },
    summary: { ...base.summary, ...overrides.summary },
    privacy: { ...base.privacy, ...overrides.privacy },
    monitoring: { ...base.monitoring, ...overrides.monitoring },
  };
}
