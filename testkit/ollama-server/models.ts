// The models the test Ollama server pretends to have installed, and the /api/tags and
// /api/show payloads built from them in the shapes real Ollama returns, so the engine's
// client meets the same fields it meets on a user's machine.
import { createHash } from 'node:crypto';
import { DEFAULT_EMBEDDING_DIM } from './embedding';

export interface TestModel {
  /** e.g. `llama3.2:3b`; a name without a tag means `:latest`, as in Ollama. */
  name: string;
  /** Ollama capabilities: `completion`, `tools`, `embedding`, … */
  capabilities: readonly string[];
  /** Window in tokens, reported as `<family>.context_length` in model_info. */
  contextLength?: number;
  /** Vector size for embedding models (default 384). */
  embeddingDim?: number;
  /** Architecture family, also the model_info key prefix (default 'llama'). */
  family?: string;
  parameterSize?: string;
}

/** A tool-capable chat model, a chat model without tools, and an embedding model. */
export const DEFAULT_MODELS: readonly TestModel[] = [
  {
    name: 'llama3.2:3b',
    capabilities: ['completion', 'tools'],
    contextLength: 8192,
    family: 'llama',
    parameterSize: '3.2B',
  },
  { name: 'gemma2:2b', capabilities: ['completion'], contextLength: 8192, family: 'gemma2', parameterSize: '2.6B' },
  {
    name: 'nomic-embed-text',
    capabilities: ['embedding'],
    contextLength: 2048,
    family: 'nomic-bert',
    parameterSize: '137M',
  },
];

/**
 * What `/api/pull` can fetch beyond the installed models (the "registry"): a larger embedding
 * model, a small tool-capable chat model and a chat model without tools.
 */
export const REGISTRY_MODELS: readonly TestModel[] = [
  ...DEFAULT_MODELS,
  {
    name: 'mxbai-embed-large',
    capabilities: ['embedding'],
    contextLength: 512,
    embeddingDim: 1024,
    family: 'bert',
    parameterSize: '334M',
  },
  {
    name: 'qwen2.5:0.5b',
    capabilities: ['completion', 'tools'],
    contextLength: 32768,
    family: 'qwen2',
    parameterSize: '494M',
  },
  { name: 'phi3:mini', capabilities: ['completion'], contextLength: 4096, family: 'phi3', parameterSize: '3.8B' },
];

/** Ollama resolves a bare name to its `:latest` tag; so does the test server. */
export function canonicalModelName(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

export function findModel(models: readonly TestModel[], name: unknown): TestModel | undefined {
  if (typeof name !== 'string' || name === '') return undefined;
  const wanted = canonicalModelName(name);
  return models.find((m) => canonicalModelName(m.name) === wanted);
}

export function embeddingLength(model: TestModel): number {
  return model.embeddingDim ?? DEFAULT_EMBEDDING_DIM;
}

function isEmbedding(model: TestModel): boolean {
  return model.capabilities.includes('embedding');
}

function contextLength(model: TestModel): number {
  return model.contextLength ?? (isEmbedding(model) ? 2048 : 8192);
}

// A fixed date keeps every payload deterministic across runs.
const MODIFIED_AT = '2026-01-15T10:00:00.000000000Z';

function details(model: TestModel): Record<string, unknown> {
  const family = model.family ?? 'llama';
  return {
    parent_model: '',
    format: 'gguf',
    family,
    families: [family],
    parameter_size: model.parameterSize ?? '3B',
    quantization_level: isEmbedding(model) ? 'F16' : 'Q4_K_M',
  };
}

/** One entry of /api/tags. */
export function tagsEntry(model: TestModel): Record<string, unknown> {
  const name = canonicalModelName(model.name);
  return {
    name,
    model: name,
    modified_at: MODIFIED_AT,
    size: sizeOf(name),
    digest: digestOf(model),
    details: details(model),
  };
}

/** The /api/show answer. */
export function showResponse(model: TestModel): Record<string, unknown> {
  const arch = model.family ?? 'llama';
  return {
    license: 'test license',
    modelfile: `FROM ${canonicalModelName(model.name)}`,
    parameters: isEmbedding(model) ? '' : 'stop "<|eot_id|>"',
    template: '{{ .Prompt }}',
    details: details(model),
    model_info: {
      'general.architecture': arch,
      'general.parameter_count': sizeOf(model.name) * 2,
      [`${arch}.context_length`]: contextLength(model),
      [`${arch}.embedding_length`]: isEmbedding(model) ? embeddingLength(model) : 3072,
    },
    capabilities: [...model.capabilities],
    modified_at: MODIFIED_AT,
  };
}

/** The model's digest, as /api/tags and /api/pull report it. */
export function digestOf(model: TestModel): string {
  return createHash('sha256').update(canonicalModelName(model.name)).digest('hex');
}

/** Bytes on disk, as /api/tags reports them and /api/pull downloads them. */
export function sizeOf(name: string): number {
  // Derived from the name so sizes differ between models but never between runs.
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return 100_000_000 + (h % 2_000_000_000);
}
