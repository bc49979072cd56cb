// Words about Ollama models for the pickers and the models list: what a model is for, whether it
// can use tools, and how a download is going.
import type { ModelInfo, ModelPullView } from '../../../shared/contract';
import { formatBytes } from './monitoring';

export type PickerRole = 'chat' | 'embedding';

/** The installed models a picker offers: chat models for chat, embedding models for embeddings. */
export function modelsFor(role: PickerRole, models: readonly ModelInfo[]): ModelInfo[] {
  // A model whose capabilities Ollama could not tell is offered to both, rather than hidden.
  return models.filter((m) => m.kind === role || m.capabilities.length === 0);
}

/** A picker option's text: the name, and "no tools" where that limits what the chat can do. */
export function optionLabel(model: ModelInfo): string {
  return model.kind === 'chat' && !model.supportsTools ? `${model.name} (no tools)` : model.name;
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
    options.push({ value: configured, label: `${configured} (not installed)` });
  return options.sort((a, b) => a.value.localeCompare(b.value));
}

/** Said beside a chat model picker about the chosen model. */
export function toolsNote(name: string, models: readonly ModelInfo[]): string | null {
  const model = models.find((m) => sameModel(m.name, name));
  if (!model || model.kind !== 'chat') return null;
  return model.supportsTools
    ? `${model.name} can use tools: it saves what you tell it to memory and searches your past chats itself.`
    : `${model.name} cannot use tools: it will not save memories or search past chats by itself.`;
}

export function kindText(model: ModelInfo): string {
  if (model.kind === 'embedding') return 'Embeddings (search)';
  if (model.kind === 'chat') return model.supportsTools ? 'Chat, tools' : 'Chat, no tools';
  return model.capabilities.length > 0 ? model.capabilities.join(', ') : 'Unknown use';
}

export function detailsText(model: ModelInfo): string {
  return [
    formatBytes(model.sizeBytes),
    model.family,
    model.parameterSize && `${model.parameterSize} parameters`,
    model.quantization,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** "42% · 1.2 GB of 2.0 GB · 35 MB/s", or the step in words before bytes flow. */
export function pullProgressText(pull: ModelPullView): string {
  if (pull.state === 'done')
    return `Downloaded ${pull.totalBytes > 0 ? formatBytes(pull.totalBytes) : ''}. It is ready to pick above.`.replace(
      ' .',
      '.',
    );
  if (pull.state === 'cancelled') return `Cancelled at ${percent(pull)}%. Retry continues where it stopped.`;
  if (pull.state === 'failed') return pull.error?.message ?? 'The download failed.';
  if (pull.step === 'starting') return 'Starting…';
  if (pull.step === 'verifying') return 'Checking the download…';
  if (pull.step === 'finishing') return 'Finishing…';
  const speed = pull.bytesPerSecond ? ` · ${formatBytes(Math.round(pull.bytesPerSecond))}/s` : '';
  return `${percent(pull)}% · ${formatBytes(pull.completedBytes)} of ${formatBytes(pull.totalBytes)}${speed}`;
}

export function percent(pull: ModelPullView): number {
  return pull.totalBytes > 0 ? Math.floor((pull.completedBytes / pull.totalBytes) * 100) : 0;
}
