// The user's settings: the engine config's defaults, overridden by what the user saved
// (stored in SQLite). One typed view, validated on every change, field by field and then as
// a whole (the reply's reserve must leave room for a prompt in the window, and so on); every
// refusal names its fields with a reason the form shows beside each. Where messages go is
// guarded here too: an Ollama host off this machine needs the user's confirmation naming it.
import { z } from 'zod';
import { MnemoError } from '../../../shared/errors';
import type { Problem } from '../../../shared/problems';
import { FIELD_LABELS, MAX_SYSTEM_PROMPT_CHARS, NUMBER_RULES, budgetProblems } from '../../../shared/settings-fields';
import { problemText } from '../problems';
import type { EngineConfig } from './config';

export const MEMORY_SAVE_MODES = ['ask', 'auto'] as const;
export type MemorySaveMode = (typeof MEMORY_SAVE_MODES)[number];
/** Asking first is the default: the user decides what is remembered. */
export const DEFAULT_MEMORY_SAVE_MODE: MemorySaveMode = 'ask';

/** A number field's schema; any wrong value is one problem (numberRange), see problemOf. */
const numberField = (field: keyof typeof NUMBER_RULES) =>
  z.number().int().min(NUMBER_RULES[field].min).max(NUMBER_RULES[field].max);

const MAX_MODEL_NAME_CHARS = 200;

export const userSettingsSchema = z
  .object({
    ollamaHost: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u)),
    chatModel: z.string().trim().min(1).max(MAX_MODEL_NAME_CHARS),
    embeddingModel: z.string().trim().min(1).max(MAX_MODEL_NAME_CHARS),
    /** null: use the window the model reports. */
    contextLength: numberField('contextLength').nullable(),
    reservedOutputTokens: numberField('reservedOutputTokens'),
    chunkTokens: numberField('chunkTokens'),
    idleSummaryMs: numberField('idleSummaryMs'),
    crossConversationDefault: z.boolean(),
    systemPrompt: z.string().max(MAX_SYSTEM_PROMPT_CHARS),
    /** What happens to a memory the model saves: kept at once, or queued for the user's review. */
    memorySaveMode: z.enum(MEMORY_SAVE_MODES),
    metricsRetentionDays: numberField('metricsRetentionDays'),
    metricsMaxTurns: numberField('metricsMaxTurns'),
  })
  .strict();

export type UserSettings = z.infer<typeof userSettingsSchema>;

const KEY = 'user-settings';
/** The one Ollama host off this machine the user confirmed in Settings (absent: none). */
const CONFIRMED_REMOTE_HOST_KEY = 'ollama.confirmedRemoteHost';
export { MIN_PROMPT_TOKENS } from '../../../shared/settings-fields';

/** A refusal the form can show beside each field it names. */
export type FieldProblems = Partial<Record<keyof UserSettings, Problem>>;

/** What a schema issue on one field means to the person who typed it. */
function problemOf(field: string, issue: z.core.$ZodIssue): Problem {
  if (field in NUMBER_RULES) return { code: 'numberRange', field: field as keyof typeof NUMBER_RULES };
  if (field === 'ollamaHost') return issue.code === 'custom' ? { code: 'hostScheme' } : { code: 'hostNotUrl' };
  if (field === 'chatModel' || field === 'embeddingModel') {
    if (issue.code === 'too_small') return { code: 'modelEmpty', role: field === 'chatModel' ? 'chat' : 'embedding' };
    if (issue.code === 'too_big') return { code: 'modelNameLong', max: MAX_MODEL_NAME_CHARS };
  }
  if (field === 'systemPrompt' && issue.code === 'too_big')
    return { code: 'systemPromptLong', max: MAX_SYSTEM_PROMPT_CHARS };
  return { code: 'invalidValue' };
}

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
  return budgetProblems(s);
}

/** A refusal naming every field at fault, each with its reason (in words, never field names). */
export function refuseSettings(problems: FieldProblems, extra: Record<string, unknown> = {}): MnemoError {
  const fields = Object.keys(problems) as (keyof UserSettings)[];
  const english = Object.fromEntries(fields.map((field) => [field, problemText(problems[field]!)]));
  const message = fields.map((field) => `${FIELD_LABELS[field]}: ${english[field]}`).join(' ');
  return new MnemoError(
    'INVALID_INPUT',
    `Not saved. ${message}`,
    { issues: fields, fields: english, ...extra },
    { fieldProblems: problems },
  );
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
   * Every reason `patch` cannot be saved, field by field (empty when it can), and the change
   * itself. A host off this machine is taken only with `confirmRemoteHost` equal to it (the
   * user confirmed "your messages will be sent to …").
   */
  check(patch: unknown, options: { confirmRemoteHost?: string } = {}): SettingsCheck {
    const problems: FieldProblems = {};
    let parsed = userSettingsSchema.partial().safeParse(patch);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'input');
        problems[field as keyof UserSettings] ??= problemOf(field, issue);
      }
      // The other fields are still judged, so every reason is given at once.
      parsed = userSettingsSchema.partial().safeParse(withoutKeys(patch, Object.keys(problems)));
    }
    const change = parsed.success ? stripUndefined(parsed.data) : {};
    const host = change.ollamaHost;
    const confirmed = host !== undefined && !isLoopbackUrl(host) && options.confirmRemoteHost === host;
    if (host !== undefined && !confirmed && !this.allowedHost(host)) {
      problems.ollamaHost = { code: 'hostRemote', host, hostname: new URL(host).host };
      return { problems, change, remoteHost: host };
    }
    const whole = wholeSettingsProblems({ ...this.get(), ...change });
    for (const [field, problem] of Object.entries(whole) as [keyof UserSettings, Problem][])
      problems[field] ??= problem;
    return { problems, change, confirmedHost: confirmed ? host : undefined, remoteHost: null };
  }

  /** Validates and saves a change; returns the new settings (INVALID_INPUT naming every field at fault). */
  update(patch: unknown, options: { confirmRemoteHost?: string } = {}): UserSettings {
    const checked = this.check(patch, options);
    if (Object.keys(checked.problems).length > 0)
      throw refuseSettings(checked.problems, remoteHostDetails(checked.remoteHost));
    return this.save(checked);
  }

  /** Saves what `check` found valid. */
  save(checked: SettingsCheck): UserSettings {
    const saved = this.store.get<Partial<UserSettings>>(KEY) ?? {};
    this.store.set(KEY, { ...saved, ...checked.change });
    if (checked.confirmedHost) this.store.set(CONFIRMED_REMOTE_HOST_KEY, checked.confirmedHost);
    this.cached = null;
    return this.get();
  }

  /** Loopback, the configured default, or the one remote host the user confirmed. */
  private allowedHost(host: string): boolean {
    return (
      isLoopbackUrl(host) ||
      host === this.defaults.ollamaHost ||
      host === this.store.get<string>(CONFIRMED_REMOTE_HOST_KEY)
    );
  }
}

export interface SettingsCheck {
  problems: FieldProblems;
  change: Partial<UserSettings>;
  /** A remote host the user confirmed with this change. */
  confirmedHost?: string;
  /** A remote host that still needs the user's confirmation (the refusal's reason). */
  remoteHost: string | null;
}

/** What the form needs to ask for the confirmation naming the host. */
export function remoteHostDetails(host: string | null): Record<string, unknown> {
  return host ? { reason: 'remote-host-unconfirmed', host } : {};
}

function withoutKeys(value: unknown, keys: readonly string[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
