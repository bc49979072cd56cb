// The numbers a person types in Settings: what each is called in words and the range it must
// fall in, written once for the engine's validation and the form's own check, so both say the
// same thing beside the field. Also the rule no single field shows (the reply's reserve must
// leave room for a prompt in the window), as problem codes each side words (shared/problems.ts).
import type { Problem } from './problems';

export interface NumberRule {
  /** The field's name in the form's words. */
  label: string;
  min: number;
  max: number;
  /** What a person types: the stored value divided by `scale` (seconds for milliseconds). */
  unit: string;
  scale: number;
}

export const NUMBER_RULES = {
  contextLength: { label: 'Context length', min: 512, max: 2_000_000, unit: 'tokens', scale: 1 },
  reservedOutputTokens: { label: 'Reserved for the reply', min: 64, max: 100_000, unit: 'tokens', scale: 1 },
  chunkTokens: { label: 'Chunk size', min: 50, max: 4000, unit: 'tokens', scale: 1 },
  idleSummaryMs: {
    label: 'Summarise idle conversations after',
    min: 10_000,
    max: 7 * 24 * 3600_000,
    unit: 'seconds',
    scale: 1000,
  },
  metricsRetentionDays: { label: 'Keep turn figures for', min: 1, max: 3650, unit: 'days', scale: 1 },
  metricsMaxTurns: { label: 'Keep at most', min: 1000, max: 1_000_000, unit: 'turns', scale: 1 },
} as const satisfies Record<string, NumberRule>;

export type NumberField = keyof typeof NUMBER_RULES;

/** The other fields' names in words, for messages that name them. */
export const FIELD_LABELS = {
  ollamaHost: 'Ollama host',
  chatModel: 'Chat model',
  embeddingModel: 'Embedding model',
  systemPrompt: 'System prompt',
  memorySaveMode: 'Memories the model saves',
  crossConversationDefault: 'Use other conversations by default',
  ...Object.fromEntries(Object.entries(NUMBER_RULES).map(([field, rule]) => [field, rule.label])),
} as Record<
  | NumberField
  | 'ollamaHost'
  | 'chatModel'
  | 'embeddingModel'
  | 'systemPrompt'
  | 'memorySaveMode'
  | 'crossConversationDefault',
  string
>;

export const MAX_SYSTEM_PROMPT_CHARS = 20_000;
/** The least a prompt needs beside the reply's reserve: system prompt, the message, a little context. */
export const MIN_PROMPT_TOKENS = 256;

/** Why a stored value is out of its field's range, or null when it is fine. */
export function numberProblem(field: NumberField, value: number): Problem | null {
  const rule: NumberRule = NUMBER_RULES[field];
  return Number.isInteger(value) && value >= rule.min && value <= rule.max ? null : { code: 'numberRange', field };
}

export interface BudgetFields {
  contextLength: number | null;
  reservedOutputTokens: number;
  chunkTokens: number;
}

/** What no single field shows: the window, the reply's reserve and a chunk together. */
export function budgetProblems(s: BudgetFields): Partial<Record<'reservedOutputTokens' | 'chunkTokens', Problem>> {
  if (s.contextLength === null) return {};
  const room = s.contextLength - MIN_PROMPT_TOKENS;
  if (s.reservedOutputTokens > room)
    return {
      reservedOutputTokens: {
        code: 'reserveTooLarge',
        reserve: s.reservedOutputTokens,
        window: s.contextLength,
        max: room,
      },
    };
  if (s.chunkTokens > s.contextLength - s.reservedOutputTokens)
    return {
      chunkTokens: {
        code: 'chunkTooLarge',
        chunk: s.chunkTokens,
        window: s.contextLength,
        max: s.contextLength - s.reservedOutputTokens,
      },
    };
  return {};
}
