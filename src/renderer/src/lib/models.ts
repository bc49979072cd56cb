// Words about Ollama models for the pickers and the models list: what a model is for, whether it
// can use tools, and how a download is going.
import type { ModelInfo, ModelPullView } from '../../../shared/contract';
import { i18n, t } from '../i18n';
import { formatBytes as bytesIn, formatPercent } from '../i18n/format';
import { errorMessage } from './errors';

const formatBytes = (bytes: number) => bytesIn(i18n.language, bytes);

export type PickerRole = 'chat' | 'embedding';

/** The installed models a picker offers: chat models for chat, embedding models for embeddings. */
export function modelsFor(role: PickerRole, models: readonly ModelInfo[]): ModelInfo[] {
  // A model whose capabilities Ollama could not tell is offered to both, rather than hidden.
  return models.filter((m) => m.kind === role || m.capabilities.length === 0);
}

/** A picker option's text: the name, and "no tools" where that limits what the chat can do. */
export function optionLabel(model: ModelInfo): string {
  return model.kind === 'chat' && !model.supportsTools ? t('models.noTools', { name: model.name }) : model.name;
}

/** Ollama reads a bare name as its `:latest` tag. */
export function sameModel(a: string, b: string): boolean {
  const canonical = (name: string) => (name.includes(':') ? name : `${name}:latest`);
  return canonical(a.trim()) === canonical(b.trim());
}

/** The chat picker's options: installed chat models, and the configured one even when missing. */
export function chatOptions(
  models: readonly ModelInfo[],
  configured: string | undefined,
): { value: string; label: string }[] {
  const options = modelsFor('chat', models).map((m) => ({ value: m.name, label: optionLabel(m) }));
  if (configured && !options.some((o) => sameModel(o.value, configured)))
    options.push({ value: configured, label: t('models.notInstalled', { name: configured }) });
  return options.sort((a, b) => a.value.localeCompare(b.value));
}

/** Said beside a chat model picker about the chosen model. */
export function toolsNote(name: string, models: readonly ModelInfo[]): string | null {
  const model = models.find((m) => sameModel(m.name, name));
  if (!model || model.kind !== 'chat') return null;
  return model.supportsTools
    ? t('models.canUseTools', { name: model.name })
    : t('models.cannotUseTools', { name: model.name });
}

export function kindText(model: ModelInfo): string {
  if (model.kind === 'embedding') return t('models.kindEmbedding');
  if (model.kind === 'chat') return model.supportsTools ? t('models.kindChatTools') : t('models.kindChatNoTools');
  return model.capabilities.length > 0 ? model.capabilities.join(', ') : t('models.kindUnknown');
}

export function detailsText(model: ModelInfo): string {
  return [
    formatBytes(model.sizeBytes),
    model.family,
    model.parameterSize && t('models.parameters', { size: model.parameterSize }),
    model.quantization,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** "42% · 1.2 GB of 2.0 GB · 35 MB/s", or the step in words before bytes flow. */
export function pullProgressText(pull: ModelPullView): string {
  const shownPercent = formatPercent(i18n.language, percent(pull) / 100);
  if (pull.state === 'done')
    return pull.totalBytes > 0
      ? t('models.downloaded', { size: formatBytes(pull.totalBytes) })
      : t('models.downloadedNoSize');
  if (pull.state === 'cancelled') return t('models.cancelledAt', { percent: shownPercent });
  if (pull.state === 'failed') return pull.error ? errorMessage(pull.error) : t('models.downloadFailed');
  if (pull.step === 'starting') return t('models.starting');
  if (pull.step === 'verifying') return t('models.verifying');
  if (pull.step === 'finishing') return t('models.finishing');
  const progress = t('models.progress', {
    percent: shownPercent,
    done: formatBytes(pull.completedBytes),
    total: formatBytes(pull.totalBytes),
  });
  return pull.bytesPerSecond
    ? `${progress} · ${t('models.speed', { speed: formatBytes(Math.round(pull.bytesPerSecond)) })}`
    : progress;
}

export function percent(pull: ModelPullView): number {
  return pull.totalBytes > 0 ? Math.floor((pull.completedBytes / pull.totalBytes) * 100) : 0;
}
