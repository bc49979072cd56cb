// The settings form's text fields and what of them changed, as a patch for 'settings.update'.
import type { MethodInput, SettingsView } from '../../../shared/contract';

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
    embeddingModel: s.embeddingModel,
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

/** Only what changed goes to the engine; numbers are sent as typed, the engine judges them. */
export function settingsPatch(form: SettingsForm, current: SettingsView): MethodInput<'settings.update'> {
  const patch: MethodInput<'settings.update'> = {};
  const num = (text: string) => (text.trim() === '' ? NaN : Number(text));
  if (form.ollamaHost !== current.ollamaHost) patch.ollamaHost = form.ollamaHost.trim();
  if (form.chatModel !== current.chatModel) patch.chatModel = form.chatModel.trim();
  if (form.embeddingModel !== current.embeddingModel) patch.embeddingModel = form.embeddingModel.trim();
  const contextLength = form.contextLength.trim() === '' ? null : Math.round(num(form.contextLength));
  if (contextLength !== current.contextLength) patch.contextLength = contextLength;
  if (num(form.reservedOutputTokens) !== current.reservedOutputTokens) patch.reservedOutputTokens = Math.round(num(form.reservedOutputTokens));
  if (num(form.chunkTokens) !== current.chunkTokens) patch.chunkTokens = Math.round(num(form.chunkTokens));
  if (num(form.idleSummarySeconds) * 1000 !== current.idleSummaryMs) patch.idleSummaryMs = Math.round(num(form.idleSummarySeconds) * 1000);
  if (form.crossConversationDefault !== current.crossConversationDefault) patch.crossConversationDefault = form.crossConversationDefault;
  if (form.systemPrompt !== current.systemPrompt) patch.systemPrompt = form.systemPrompt;
  if (form.memorySaveMode !== current.memorySaveMode) patch.memorySaveMode = form.memorySaveMode;
  if (num(form.metricsRetentionDays) !== current.metricsRetentionDays) patch.metricsRetentionDays = Math.round(num(form.metricsRetentionDays));
  if (num(form.metricsMaxTurns) !== current.metricsMaxTurns) patch.metricsMaxTurns = Math.round(num(form.metricsMaxTurns));
  return patch;
}
