// The models installed in the configured Ollama, each with what it can do (chat, embedding,
// tools), read from /api/tags and /api/show. A model's capabilities are asked once per digest:
// the list is read often (status changes, Settings), the details change only when it is pulled again.
import type { ModelInfo, ModelKind } from '../../../shared/contract';
import type { OllamaClient } from '../llm';
import type { ModelSummary } from '../llm/types';

export class ModelCatalog {
  private readonly capabilities = new Map<string, string[]>();

  /** `ollama` is read at each call: the client is replaced when the host changes. */
  constructor(private readonly ollama: () => OllamaClient) {}

  /** Installed models, sorted by name; throws the client's typed error when Ollama cannot be asked. */
  async list(signal?: AbortSignal): Promise<ModelInfo[]> {
    const client = this.ollama();
    const models = await client.listModels(signal);
    const infos = await Promise.all(models.map(async (m) => toInfo(m, await this.capabilitiesOf(client, m, signal))));
    return infos.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The installed model called `name` (a bare name means its `:latest`), or undefined. */
  async find(name: string, signal?: AbortSignal): Promise<ModelInfo | undefined> {
    const wanted = canonicalName(name);
    return (await this.list(signal)).find((m) => canonicalName(m.name) === wanted);
  }

  /** Removes a model from the configured Ollama. */
  async delete(name: string): Promise<{ deleted: true }> {
    await this.ollama().deleteModel(name);
    return { deleted: true };
  }

  private async capabilitiesOf(client: OllamaClient, model: ModelSummary, signal?: AbortSignal): Promise<string[]> {
    const key = `${client.host} ${model.name} ${model.digest}`;
    const known = this.capabilities.get(key);
    if (known) return known;
    try {
      const { capabilities } = await client.showModel(model.name, signal);
      this.capabilities.set(key, capabilities);
      return capabilities;
    } catch {
      return []; // listed, but its details could not be read now: asked again next time
    }
  }
}

/** Ollama resolves a bare name to its `:latest` tag. */
export function canonicalName(name: string): string {
  const trimmed = name.trim();
  return trimmed.includes(':') ? trimmed : `${trimmed}:latest`;
}

function kindOf(capabilities: readonly string[]): ModelKind {
  if (capabilities.includes('embedding')) return 'embedding';
  if (capabilities.includes('completion')) return 'chat';
  return 'other';
}

function toInfo(model: ModelSummary, capabilities: string[]): ModelInfo {
  return {
    name: model.name,
    sizeBytes: model.sizeBytes,
    modifiedAt: model.modifiedAt,
    family: model.family,
    parameterSize: model.parameterSize,
    quantization: model.quantization,
    capabilities,
    kind: kindOf(capabilities),
    supportsTools: capabilities.includes('tools'),
  };
}
