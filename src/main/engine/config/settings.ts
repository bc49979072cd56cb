// The user's settings: the engine config's defaults, overridden by what the user saved
// (stored in SQLite). One typed view, validated on every change.
import { z } from 'zod';
import { MnemoError } from '../../../shared/errors';
import type { EngineConfig } from './config';

export const MEMORY_SAVE_MODES = ['ask', 'auto'] as const;
export type MemorySaveMode = (typeof MEMORY_SAVE_MODES)[number];
/** Asking first is the default: the user decides what is remembered. */
export const DEFAULT_MEMORY_SAVE_MODE: MemorySaveMode = 'ask';

export const userSettingsSchema = z
  .object({
    ollamaHost: z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL'),
    chatModel: z.string().trim().min(1).max(200),
    embeddingModel: z.string().trim().min(1).max(200),
    /** null: use the window the model reports. */
    contextLength: z.number().int().min(512).max(2_000_000).nullable(),
    reservedOutputTokens: z.number().int().min(64).max(100_000),
    chunkTokens: z.number().int().min(50).max(4000),
    idleSummaryMs: z.number().int().min(10_000).max(7 * 24 * 3600_000),
    crossConversationDefault: z.boolean(),
    systemPrompt: z.string().max(20_000),
    /** What happens to a memory the model saves: kept at once, or queued for the user's review. */
    memorySaveMode: z.enum(MEMORY_SAVE_MODES),
    metricsRetentionDays: z.number().int().min(1).max(3650),
    metricsMaxTurns: z.number().int().min(1000).max(1_000_000),
  })
  .strict();

export type UserSettings = z.infer<typeof userSettingsSchema>;

const KEY = 'user-settings';

interface SettingsStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

export function defaultUserSettings(config: EngineConfig, systemPrompt: string): UserSettings {
  return {
    ollamaHost: config.ollama.host,
    chatModel: config.ollama.chatModel,
    embeddingModel: config.ollama.embeddingModel,
    contextLength: config.context.contextLength,
    reservedOutputTokens: config.context.reservedOutputTokens,
    chunkTokens: config.chunking.chunkTokens,
    idleSummaryMs: config.summary.idleMs,
    crossConversationDefault: config.context.crossConversationDefault,
    systemPrompt,
    memorySaveMode: DEFAULT_MEMORY_SAVE_MODE,
    metricsRetentionDays: config.monitoring.retentionDays,
    metricsMaxTurns: config.monitoring.maxTurns,
  };
}

export class EngineSettings {
  private cached: UserSettings | null = null;

  constructor(
    private readonly store: SettingsStore,
    private readonly defaults: UserSettings,
  ) {}

  get(): UserSettings {
    if (!this.cached) {
      const saved = userSettingsSchema.partial().safeParse(this.store.get(KEY) ?? {});
      this.cached = { ...this.defaults, ...(saved.success ? stripUndefined(saved.data) : {}) };
    }
    return this.cached;
  }

  /** Validates and saves a change; returns the new settings. */
  update(patch: unknown): UserSettings {
    const parsed = userSettingsSchema.partial().safeParse(patch);
    if (!parsed.success) {
      throw new MnemoError('INVALID_INPUT', `Invalid setting: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, { issues: parsed.error.issues.map((i) => i.path.join('.')) });
    }
    const saved = this.store.get<Partial<UserSettings>>(KEY) ?? {};
    this.store.set(KEY, { ...saved, ...stripUndefined(parsed.data) });
    this.cached = null;
    return this.get();
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
