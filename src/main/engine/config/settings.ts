// The user's settings: the engine config's defaults, overridden by what the user saved
// (stored in SQLite). One typed view, validated on every change, field by field and then as
// a whole (the reply's reserve must leave room for a prompt in the window, and so on); every
// refusal names its fields with a reason the form shows beside each. Where messages go is
// guarded here too: an Ollama host off this machine needs the user's confirmation naming it.
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
/** The one Ollama host off this machine the user confirmed in Settings (absent: none). */
const CONFIRMED_REMOTE_HOST_KEY = 'ollama.confirmedRemoteHost';
/** The least a prompt needs beside the reply's reserve: system prompt, the message, a little context. */
export const MIN_PROMPT_TOKENS = 256;

/** A refusal the form can show beside each field it names. */
export type FieldProblems = Partial<Record<keyof UserSettings, string>>;

/** True for hosts on this machine: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** What no single field shows: the fields' values together. */
export function wholeSettingsProblems(s: UserSettings): FieldProblems {
  const problems: FieldProblems = {};
  if (s.contextLength !== null) {
    const room = s.contextLength - MIN_PROMPT_TOKENS;
    if (s.reservedOutputTokens > room) {
      problems.reservedOutputTokens = `The reply's reserve (${s.reservedOutputTokens}) leaves no room for a prompt in a ${s.contextLength}-token window: at most ${room}.`;
    } else if (s.chunkTokens > s.contextLength - s.reservedOutputTokens) {
      problems.chunkTokens = `A chunk of ${s.chunkTokens} tokens cannot fit beside the reply's reserve in a ${s.contextLength}-token window: at most ${s.contextLength - s.reservedOutputTokens}.`;
    }
  }
  return problems;
}

function refuse(problems: FieldProblems, extra: Record<string, unknown> = {}): MnemoError {
  const fields = Object.keys(problems);
  const message = Object.entries(problems).map(([field, reason]) => `${field}: ${reason}`).join('; ');
  return new MnemoError('INVALID_INPUT', `Invalid setting: ${message}`, { issues: fields, fields: problems, ...extra });
}

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
      const merged = { ...this.defaults, ...(saved.success ? stripUndefined(saved.data) : {}) };
      // A host off this machine saved without confirmation (an older version, an edited file) is not used.
      if (!this.allowedHost(merged.ollamaHost)) merged.ollamaHost = this.defaults.ollamaHost;
      this.cached = merged;
    }
    return this.cached;
  }

  /**
   * Validates and saves a change; returns the new settings. A host off this machine is taken
   * only with `confirmRemoteHost` equal to it (the user confirmed "your messages will be sent to …").
   */
  update(patch: unknown, options: { confirmRemoteHost?: string } = {}): UserSettings {
    const parsed = userSettingsSchema.partial().safeParse(patch);
    if (!parsed.success) {
      const problems: FieldProblems = {};
      for (const issue of parsed.error.issues) problems[String(issue.path[0] ?? 'input') as keyof UserSettings] ??= issue.message;
      throw refuse(problems);
    }
    const change = stripUndefined(parsed.data);
    const host = change.ollamaHost;
    const confirmed = host !== undefined && !isLoopbackUrl(host) && options.confirmRemoteHost === host;
    if (host !== undefined && !confirmed && !this.allowedHost(host)) {
      throw refuse({ ollamaHost: `${host} is not on this machine. Your messages will be sent to ${new URL(host).host} if you confirm it.` }, { reason: 'remote-host-unconfirmed', host });
    }
    const whole = wholeSettingsProblems({ ...this.get(), ...change });
    if (Object.keys(whole).length > 0) throw refuse(whole);
    const saved = this.store.get<Partial<UserSettings>>(KEY) ?? {};
    this.store.set(KEY, { ...saved, ...change });
    if (confirmed) this.store.set(CONFIRMED_REMOTE_HOST_KEY, host);
    this.cached = null;
    return this.get();
  }

  /** Loopback, the configured default, or the one remote host the user confirmed. */
  private allowedHost(host: string): boolean {
    return isLoopbackUrl(host) || host === this.defaults.ollamaHost || host === this.store.get<string>(CONFIRMED_REMOTE_HOST_KEY);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
