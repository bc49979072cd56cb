// The settings form's text fields, their own check (in the words shown beside each field, all
// at once), and what of them changed, as a patch for 'settings.update'.
import type { MethodInput, SettingsView } from '../../../shared/contract';
import { MIN_PROMPT_TOKENS, NUMBER_RULES, budgetProblems, type NumberField } from '../../../shared/settings-fields';
import { t } from '../i18n';
import { numberRuleText } from './problem-text';

export interface SettingsForm {
  ollamaHost: string;
  chatModel: string;
  embeddingModel: string;
  contextLength: string;
  reservedOutputTokens: string;
  chunkTokens: string;
  idleSummarySeconds: string;
  crossConversationDefault: boolean;
  systemPrompt: string;
  memorySaveMode: SettingsView['memorySaveMode'];
  metricsRetentionDays: string;
  metricsMaxTurns: string;
}

export function toForm(s: SettingsView): SettingsForm {
  return {
    ollamaHost: s.ollamaHost,
    chatModel: s.chatModel,
    // The model being switched to is the one chosen; the old one serves only until the index is built.
    embeddingModel: s.pendingEmbeddingModel ?? s.embeddingModel,
    contextLength: s.contextLength === null ? '' : String(s.contextLength),
    reservedOutputTokens: String(s.reservedOutputTokens),
    chunkTokens: String(s.chunkTokens),
    idleSummarySeconds: String(s.idleSummaryMs / 1000),
    crossConversationDefault: s.crossConversationDefault,
    systemPrompt: s.systemPrompt,
    memorySaveMode: s.memorySaveMode,
    metricsRetentionDays: String(s.metricsRetentionDays),
    metricsMaxTurns: String(s.metricsMaxTurns),
  };
}

export type FormField = keyof SettingsForm;
export type FormProblems = Partial<Record<FormField, string>>;

/** The form's text fields holding each engine number (seconds for the milliseconds it keeps). */
const NUMBER_FIELDS: readonly [FormField, NumberField][] = [
  ['contextLength', 'contextLength'],
  ['reservedOutputTokens', 'reservedOutputTokens'],
  ['chunkTokens', 'chunkTokens'],
  ['idleSummarySeconds', 'idleSummaryMs'],
  ['metricsRetentionDays', 'metricsRetentionDays'],
  ['metricsMaxTurns', 'metricsMaxTurns'],
];

/** The form field showing an engine field's reason. */
export function formFieldOf(engineField: string): FormField | null {
  if (engineField === 'idleSummaryMs') return 'idleSummarySeconds';
  return engineField in EMPTY_FORM_KEYS ? (engineField as FormField) : null;
}

const EMPTY_FORM_KEYS: Record<FormField, true> = {
  ollamaHost: true,
  chatModel: true,
  embeddingModel: true,
  contextLength: true,
  reservedOutputTokens: true,
  chunkTokens: true,
  idleSummarySeconds: true,
  crossConversationDefault: true,
  systemPrompt: true,
  memorySaveMode: true,
  metricsRetentionDays: true,
  metricsMaxTurns: true,
};

/** The form's fields in the order they appear, for focusing the first with a problem. */
export const FORM_ORDER = Object.keys(EMPTY_FORM_KEYS) as FormField[];

/**
 * Every problem the form can see without the engine: numbers that are not whole numbers in
 * their range, an empty model or host, the window too small for the reply's reserve.
 */
export function formProblems(form: SettingsForm): FormProblems {
  const problems: FormProblems = {};
  const values: Partial<Record<NumberField, number | null>> = {};
  for (const [formField, field] of NUMBER_FIELDS) {
    const text = form[formField] as string;
    if (field === 'contextLength' && text.trim() === '') {
      values[field] = null;
      continue;
    }
    const typed = text.trim() === '' ? NaN : Number(text.trim());
    const value = typed * NUMBER_RULES[field].scale;
    if (
      !Number.isFinite(typed) ||
      !Number.isInteger(value) ||
      value < NUMBER_RULES[field].min ||
      value > NUMBER_RULES[field].max
    )
      problems[formField] = numberRuleText(field);
    else values[field] = value;
  }
  if (form.ollamaHost.trim() === '') problems.ollamaHost = t('settings.problem.host');
  if (form.chatModel.trim() === '') problems.chatModel = t('settings.problem.chatModel');
  if (form.embeddingModel.trim() === '') problems.embeddingModel = t('settings.problem.embeddingModel');
  const { contextLength, reservedOutputTokens, chunkTokens } = values;
  if (
    typeof contextLength === 'number' &&
    typeof reservedOutputTokens === 'number' &&
    typeof chunkTokens === 'number'
  ) {
    const budget = budgetProblems({ contextLength, reservedOutputTokens, chunkTokens });
    // The shared rule decides; its reason is said here in the UI's language.
    if (budget.reservedOutputTokens)
      problems.reservedOutputTokens ??= t('settings.problem.reserve', {
        reserve: reservedOutputTokens,
        window: contextLength,
        max: contextLength - MIN_PROMPT_TOKENS,
      });
    if (budget.chunkTokens)
      problems.chunkTokens ??= t('settings.problem.chunk', {
        chunk: chunkTokens,
        window: contextLength,
        max: contextLength - reservedOutputTokens,
      });
  }
  return problems;
}

/** Only what changed goes to the engine; numbers are sent as typed, the engine judges them. */
export function settingsPatch(form: SettingsForm, current: SettingsView): MethodInput<'settings.update'> {
  const patch: MethodInput<'settings.update'> = {};
  const num = (text: string) => (text.trim() === '' ? NaN : Number(text));
  if (form.ollamaHost !== current.ollamaHost) patch.ollamaHost = form.ollamaHost.trim();
  if (form.chatModel !== current.chatModel) patch.chatModel = form.chatModel.trim();
  if (form.embeddingModel !== current.embeddingModel) patch.embeddingModel = form.embeddingModel.trim();
  const contextLength = form.contextLength.trim() === '' ? null : Math.round(num(form.contextLength));
  if (contextLength !== current.contextLength) patch.contextLength = contextLength;
  if (num(form.reservedOutputTokens) !== current.reservedOutputTokens)
    patch.reservedOutputTokens = Math.round(num(form.reservedOutputTokens));
  if (num(form.chunkTokens) !== current.chunkTokens) patch.chunkTokens = Math.round(num(form.chunkTokens));
  if (num(form.idleSummarySeconds) * 1000 !== current.idleSummaryMs)
    patch.idleSummaryMs = Math.round(num(form.idleSummarySeconds) * 1000);
  if (form.crossConversationDefault !== current.crossConversationDefault)
    patch.crossConversationDefault = form.crossConversationDefault;
  if (form.systemPrompt !== current.systemPrompt) patch.systemPrompt = form.systemPrompt;
  if (form.memorySaveMode !== current.memorySaveMode) patch.memorySaveMode = form.memorySaveMode;
  if (num(form.metricsRetentionDays) !== current.metricsRetentionDays)
    patch.metricsRetentionDays = Math.round(num(form.metricsRetentionDays));
  if (num(form.metricsMaxTurns) !== current.metricsMaxTurns)
    patch.metricsMaxTurns = Math.round(num(form.metricsMaxTurns));
  return patch;
}
