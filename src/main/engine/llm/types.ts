// The engine's view of a language-model server: what it can ask and what it gets back.
// Plain data only, so results can cross IPC and other engine parts never see `ollama` types.

export interface ModelSummary {
  /** As the server lists it, tag included ("llama3.2:3b", "nomic-embed-text:latest"). */
  name: string;
  sizeBytes: number;
  /** ISO timestamp. */
  modifiedAt: string;
  /** Architecture family ("llama", "nomic-bert"); '' when the server does not say. */
  family: string;
  /** Changes when the model is pulled again; '' when the server does not say. */
  digest: string;
  /** "3.2B", "137M"; '' when the server does not say. */
  parameterSize: string;
  /** "Q4_K_M", "F16"; '' when the server does not say. */
  quantization: string;
}

/** One step of a model download, as Ollama streams it. */
export interface PullProgress {
  /** Ollama's words: "pulling manifest", "pulling 1a2b3c…", "verifying sha256 digest", "success". */
  status: string;
  /** Bytes of the layer downloading now (absent between layers). */
  completed?: number;
  total?: number;
  digest?: string;
}

export interface ModelCapabilities {
  name: string;
  /** Trained context window from model_info; null when the server does not report one. */
  contextLength: number | null;
  capabilities: string[];
  supportsTools: boolean;
  isEmbedding: boolean;
}

export interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Calls the assistant made in this turn (sent back so the model sees its own calls). */
  toolCalls?: ToolCall[];
  /** For role 'tool': which tool produced this result. */
  toolName?: string;
}

export interface ChatTool {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

export interface ChatStreamRequest {
  model: string;
  messages: ChatMessage[];
  tools?: ChatTool[];
  /** Ollama model options (temperature, num_ctx, seed, ...). */
  options?: Record<string, unknown>;
  /** Structured output: the JSON Schema the reply must follow (Ollama's `format`). */
  format?: Record<string, unknown>;
  signal?: AbortSignal;
}

export type ChatEvent =
  | { type: 'token'; text: string }
  | { type: 'tool_calls'; calls: ToolCall[] }
  | { type: 'done'; doneReason: string; promptTokens: number; outputTokens: number; totalDurationMs: number };
