// The engine's only door to Ollama: model listing and details, batch embeddings and streamed
// chat with tool calls. Built on the `ollama` package, with one RequestScope per call so each
// request has its own abort, deadline and typed errors (see request-scope.ts); embeddings,
// the first step of every chat turn, go by a kept-alive node:http connection (json-post.ts).
import { Ollama, type Message, type Tool } from 'ollama';
import type { z } from 'zod';
import { OllamaJsonPost } from './json-post';
import { badResponse } from './ollama-errors';
import { RequestScope, type Fetch } from './request-scope';
import {
  chatChunkSchema,
  embedSchema,
  pullProgressSchema,
  showSchema,
  tagsSchema,
  versionSchema,
  type ChatChunk,
} from './schemas';
import type {
  ChatEvent,
  ChatMessage,
  ChatStreamRequest,
  ChatTool,
  ModelCapabilities,
  ModelSummary,
  PullProgress,
} from './types';

export interface OllamaClientOptions {
  host: string;
  /** Deadline for one non-streaming request (version, tags, show, embed). */
  requestTimeoutMs: number;
  /** Longest silence allowed while waiting on a chat stream, first token included. */
  streamIdleTimeoutMs: number;
  /** Injected for tests or proxies; defaults to the global fetch. Embeddings go by node:http (json-post.ts). */
  fetch?: Fetch;
}

export class OllamaClient {
  readonly host: string;
  private readonly options: OllamaClientOptions;
  /** The embedding call's own path: it starts every chat turn (see json-post.ts). */
  private readonly json: OllamaJsonPost;

  constructor(options: OllamaClientOptions) {
    this.options = options;
    this.host = options.host;
    this.json = new OllamaJsonPost(options.host, options.requestTimeoutMs);
  }

  /** Closes kept-alive connections; the client may still be used afterwards (it reconnects). */
  close(): void {
    this.json.close();
  }

  async version(signal?: AbortSignal): Promise<string> {
    const body = await this.request({ signal }, (ollama) => ollama.version());
    return parse(versionSchema, body, '/api/version').version;
  }

  async listModels(signal?: AbortSignal): Promise<ModelSummary[]> {
    const body = await this.request({ signal }, (ollama) => ollama.list());
    return parse(tagsSchema, body, '/api/tags').models.map((m) => ({
      name: m.name,
      sizeBytes: m.size,
      modifiedAt: m.modified_at,
      family: m.details?.family ?? '',
      digest: m.digest ?? '',
      parameterSize: m.details?.parameter_size ?? '',
      quantization: m.details?.quantization_level ?? '',
    }));
  }

  /**
   * Downloads a model into this Ollama, yielding its progress lines; ends after "success" or
   * throws a typed error (Ollama's error line, a silence longer than the stream deadline, or
   * ABORTED when `signal` fires: the request is cut, which is how Ollama is told to stop).
   */
  async *pull(name: string, signal?: AbortSignal): AsyncGenerator<PullProgress, void, undefined> {
    const scope = this.scope({ signal, model: name, kind: 'stream' });
    try {
      scope.throwIfStopped();
      const ollama = new Ollama({ host: this.host, fetch: scope.fetch });
      const lines = (await ollama.pull({ model: name, stream: true }))[Symbol.asyncIterator]();
      while (true) {
        scope.arm();
        const next = await lines.next();
        scope.disarm();
        if (next.done) throw badResponse('the download stream ended before it was complete', { model: name });
        const line = parse(pullProgressSchema, next.value, '/api/pull');
        yield line;
        if (line.status === 'success') return;
      }
    } catch (error) {
      throw scope.toError(error);
    } finally {
      scope.dispose();
    }
  }

  /** Removes a model from this Ollama (MODEL_MISSING when it is not there). */
  async deleteModel(name: string, signal?: AbortSignal): Promise<void> {
    await this.request({ signal, model: name }, (ollama) => ollama.delete({ model: name }));
  }

  async showModel(name: string, signal?: AbortSignal): Promise<ModelCapabilities> {
    const body = await this.request({ signal, model: name }, (ollama) => ollama.show({ model: name }));
    const show = parse(showSchema, body, '/api/show');
    const info = show.model_info ?? {};
    // Servers before capabilities existed: infer from the template and the embedding metadata.
    const capabilities = show.capabilities ?? inferCapabilities(info, show.template ?? '');
    return {
      name,
      contextLength: contextLengthOf(info),
      capabilities,
      supportsTools: capabilities.includes('tools'),
      isEmbedding: capabilities.includes('embedding'),
    };
  }

  /** One vector per text, in order, from a single request. */
  async embed(model: string, texts: string[], options: { signal?: AbortSignal } = {}): Promise<number[][]> {
    if (texts.length === 0) return [];
    const body = await this.json.post('/api/embed', { model, input: texts }, { signal: options.signal, model });
    const { embeddings } = parse(embedSchema, body, '/api/embed');
    if (embeddings.length !== texts.length) {
      throw badResponse(`asked for ${texts.length} embeddings, got ${embeddings.length}`, {
        model,
        expected: texts.length,
        received: embeddings.length,
      });
    }
    const dim = embeddings[0]?.length ?? 0;
    if (dim === 0 || embeddings.some((v) => v.length !== dim)) {
      throw badResponse('embeddings of different or zero length', {
        model,
        lengths: [...new Set(embeddings.map((v) => v.length))],
      });
    }
    return embeddings;
  }

  /** Streams a chat reply: tokens, tool calls, then exactly one done event (or a typed error). */
  async *chatStream(request: ChatStreamRequest): AsyncGenerator<ChatEvent, void, undefined> {
    const scope = this.scope({ signal: request.signal, model: request.model, kind: 'stream' });
    try {
      scope.throwIfStopped();
      const ollama = new Ollama({ host: this.host, fetch: scope.fetch });
      const stream = await ollama.chat({
        model: request.model,
        messages: request.messages.map(toWireMessage),
        ...(request.tools?.length ? { tools: request.tools.map(toWireTool) } : {}),
        ...(request.options ? { options: request.options } : {}),
        ...(request.format ? { format: request.format } : {}),
        stream: true,
      });
      const chunks = stream[Symbol.asyncIterator]();
      while (true) {
        // The idle deadline only runs while we wait on Ollama, not while the caller is busy.
        scope.arm();
        const next = await chunks.next();
        scope.disarm();
        if (next.done) throw badResponse('the reply stream ended before it was complete');
        const chunk = parse(chatChunkSchema, next.value, '/api/chat');
        yield* eventsOf(chunk);
        if (chunk.done) return;
      }
    } catch (error) {
      throw scope.toError(error);
    } finally {
      scope.dispose();
    }
  }

  private scope(options: { signal?: AbortSignal; model?: string; kind: 'request' | 'stream' }): RequestScope {
    return new RequestScope({
      host: this.host,
      baseFetch: this.options.fetch ?? fetch,
      signal: options.signal,
      kind: options.kind,
      timeoutMs: options.kind === 'stream' ? this.options.streamIdleTimeoutMs : this.options.requestTimeoutMs,
      model: options.model,
    });
  }

  /** Runs one non-streaming call on a fresh package instance bound to its own scope. */
  private async request<T>(
    options: { signal?: AbortSignal; model?: string },
    call: (ollama: Ollama) => Promise<T>,
  ): Promise<unknown> {
    const scope = this.scope({ ...options, kind: 'request' });
    try {
      scope.throwIfStopped();
      return await call(new Ollama({ host: this.host, fetch: scope.fetch }));
    } catch (error) {
      throw scope.toError(error);
    } finally {
      scope.dispose();
    }
  }
}

function* eventsOf(chunk: ChatChunk): Generator<ChatEvent> {
  const content = chunk.message?.content ?? '';
  if (content !== '') yield { type: 'token', text: content };
  const calls = chunk.message?.tool_calls ?? [];
  if (calls.length > 0)
    yield { type: 'tool_calls', calls: calls.map((c) => ({ name: c.function.name, arguments: c.function.arguments })) };
  if (chunk.done) {
    yield {
      type: 'done',
      doneReason: chunk.done_reason ?? 'stop',
      promptTokens: chunk.prompt_eval_count ?? 0,
      outputTokens: chunk.eval_count ?? 0,
      totalDurationMs: (chunk.total_duration ?? 0) / 1e6,
    };
  }
}

function parse<T extends z.ZodType>(schema: T, body: unknown, endpoint: string): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw badResponse(`unexpected shape from ${endpoint}`, { endpoint, issues });
}

function contextLengthOf(info: Record<string, unknown>): number | null {
  const arch = info['general.architecture'];
  const preferred = typeof arch === 'string' ? info[`${arch}.context_length`] : undefined;
  const value = preferred ?? Object.entries(info).find(([key]) => key.endsWith('.context_length'))?.[1];
  return typeof value === 'number' && value > 0 ? value : null;
}

function inferCapabilities(info: Record<string, unknown>, template: string): string[] {
  if (Object.keys(info).some((key) => key.endsWith('.pooling_type'))) return ['embedding'];
  return template.includes('.Tools') ? ['completion', 'tools'] : ['completion'];
}

function toWireMessage(message: ChatMessage): Message {
  return {
    role: message.role,
    content: message.content,
    ...(message.toolCalls?.length
      ? { tool_calls: message.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.arguments } })) }
      : {}),
    ...(message.toolName ? { tool_name: message.toolName } : {}),
  };
}

function toWireTool(tool: ChatTool): Tool {
  // The package types `parameters` narrowly; a JSON Schema object is what Ollama accepts.
  return {
    type: 'function',
    function: {
      name: tool.name,
      description: tool.description,
      parameters: tool.parameters as Tool['function']['parameters'],
    },
  };
}
