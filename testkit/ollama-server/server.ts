// An Ollama-compatible HTTP server for tests, benchmarks and the recall evaluation. It speaks
// the real API shapes (/api/version, /api/tags, /api/show, /api/embed, /api/chat, /api/pull,
// /api/delete) so the
// engine is exercised through the real `ollama` client, with deterministic embeddings and
// scripted or default chat replies. Loopback only; port 0 picks a free port.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeChatAnswer, type ChatScript } from './chat-writer';
import { defaultReply, type ChatMessageBody } from './default-reply';
import { embedText } from './embedding';
import {
  DEFAULT_MODELS,
  REGISTRY_MODELS,
  canonicalModelName,
  embeddingLength,
  findModel,
  showResponse,
  tagsEntry,
  type TestModel,
} from './models';
import { writePull, type PartialPulls, type PullScript } from './pull-writer';

export interface TestOllamaServerOptions {
  /** Installed at start (default DEFAULT_MODELS). */
  models?: readonly TestModel[];
  /** What /api/pull can fetch (default REGISTRY_MODELS plus the installed ones). */
  registry?: readonly TestModel[];
  /** Reported by /api/version. */
  version?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Parsed JSON body (undefined for GET or an unparsable body). */
  body: unknown;
}

export interface ChatRequestBody {
  model: string;
  messages: ChatMessageBody[];
  stream?: boolean;
  tools?: unknown[];
  options?: Record<string, unknown>;
  /** Structured output: "json" or a JSON Schema. */
  format?: unknown;
}

export type ChatHandler = (request: ChatRequestBody) => ChatScript | undefined | Promise<ChatScript | undefined>;

export type EmbedFailure = { status: number; body?: unknown } | { hang: true };

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

export class TestOllamaServer {
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** How each /api/pull ended, in order ('cancelled': the client went away mid-pull). */
  readonly pullOutcomes: { model: string; outcome: 'done' | 'failed' | 'cancelled' }[] = [];
  private readonly initialModels: readonly TestModel[];
  private models: TestModel[];
  private readonly registry: readonly TestModel[];
  private readonly partialPulls: PartialPulls = new Map();
  private pullScript: PullScript = {};
  private readonly versionString: string;
  private readonly chatScripts: ChatScript[] = [];
  private readonly structuredOutputs: unknown[] = [];
  private readonly embedFailures: EmbedFailure[] = [];
  private chatHandler: ChatHandler | null = null;
  private server: Server | null = null;
  private address: string | null = null;

  constructor(options: TestOllamaServerOptions = {}) {
    this.initialModels = options.models ?? DEFAULT_MODELS;
    this.models = [...this.initialModels];
    this.registry = [...(options.registry ?? REGISTRY_MODELS), ...this.initialModels];
    this.versionString = options.version ?? '0.12.6';
  }

  get url(): string {
    if (!this.address) throw new Error('TestOllamaServer is not started');
    return this.address;
  }

  async start(options: { port?: number } = {}): Promise<string> {
    if (this.address) return this.address;
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.address;
  }

  /** Stops listening and cuts every open connection, streams and hung requests included. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.address = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  /** Queues chat replies; each /api/chat request consumes the next one. */
  scriptChat(...scripts: ChatScript[]): void {
    this.chatScripts.push(...scripts);
  }

  /**
   * Queues answers for structured-output requests (those with `format`), consumed in order
   * before any chat script: an object or array is sent as its JSON, a string as it is (so a
   * test can send JSON that is broken).
   */
  scriptStructured(...outputs: unknown[]): void {
    this.structuredOutputs.push(...outputs);
  }

  /** Request-dependent replies, used when no script is queued; undefined → default reply. */
  onChat(handler: ChatHandler | null): void {
    this.chatHandler = handler;
  }

  /** The next /api/embed call fails this way (queued, one per call). */
  scriptEmbedFailure(failure: EmbedFailure): void {
    this.embedFailures.push(failure);
  }

  /** How the next pulls behave (pace, a failure part-way); kept until changed or reset. */
  scriptPulls(script: PullScript): void {
    this.pullScript = { ...script };
  }

  /** Names of the installed models, as /api/tags lists them. */
  installedModels(): string[] {
    return this.models.map((m) => canonicalModelName(m.name));
  }

  /** Removes an installed model behind the app's back (as `ollama rm` in a terminal would). */
  removeModel(name: string): void {
    const model = findModel(this.models, name);
    this.models = this.models.filter((m) => m !== model);
  }

  /** Forgets scripts, the chat handler and recorded requests, for a server shared by tests. */
  reset(): void {
    this.models = [...this.initialModels];
    this.partialPulls.clear();
    this.pullScript = {};
    this.pullOutcomes.length = 0;
    this.chatScripts.length = 0;
    this.structuredOutputs.length = 0;
    this.embedFailures.length = 0;
    this.requests.length = 0;
    this.chatHandler = null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A client that goes away mid-answer must never take the server down.
    res.on('error', () => undefined);
    req.on('error', () => undefined);
    try {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const method = req.method ?? 'GET';
      const raw = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
      const body = parseJson(raw);
      this.requests.push({ method, path, body });
      if (raw !== '' && body === undefined) return sendJson(res, 400, { error: 'invalid character in request body' });
      await this.route(method, path, body, res);
    } catch (error) {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: String(error) });
      else res.destroy();
    }
  }

  private async route(method: string, path: string, body: unknown, res: ServerResponse): Promise<void> {
    const key = `${method} ${path}`;
    if (key === 'GET /' || key === 'HEAD /')
      return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('Ollama is running');
    if (key === 'GET /api/version') return sendJson(res, 200, { version: this.versionString });
    if (key === 'GET /api/tags') return sendJson(res, 200, { models: this.models.map(tagsEntry) });
    if (key === 'POST /api/show') return this.show(asRecord(body), res);
    if (key === 'POST /api/embed') return this.embed(asRecord(body), res);
    if (key === 'POST /api/embeddings') return this.legacyEmbeddings(asRecord(body), res);
    if (key === 'POST /api/chat') return this.chat(asRecord(body), res);
    if (key === 'POST /api/pull') return this.pull(asRecord(body), res);
    if (key === 'DELETE /api/delete') return this.delete(asRecord(body), res);
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found');
  }

  private show(body: Record<string, unknown>, res: ServerResponse): void {
    const name = body.model ?? body.name;
    const model = findModel(this.models, name);
    if (!model) return modelNotFound(res, name);
    sendJson(res, 200, showResponse(model));
  }

  private async pull(body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    const name = String(body.model ?? body.name ?? '');
    const stream = body.stream !== false;
    const model = findModel(this.registry, name);
    if (!stream) return this.pullWhole(model, name, res);
    const outcome = await writePull(res, {
      model,
      script: this.pullScript,
      partial: this.partialPulls,
      onInstalled: (installed) => this.install(installed),
    });
    this.pullOutcomes.push({ model: name, outcome });
  }

  /** `stream: false`: one answer once the model is there, as Ollama does. */
  private pullWhole(model: TestModel | undefined, name: string, res: ServerResponse): void {
    if (!model) return sendJson(res, 500, { error: 'pull model manifest: file does not exist' });
    this.install(model);
    this.pullOutcomes.push({ model: name, outcome: 'done' });
    sendJson(res, 200, { status: 'success' });
  }

  private install(model: TestModel): void {
    if (!findModel(this.models, model.name)) this.models.push(model);
  }

  private delete(body: Record<string, unknown>, res: ServerResponse): void {
    const name = body.model ?? body.name;
    const model = findModel(this.models, name);
    if (!model) return modelNotFound(res, name);
    this.models = this.models.filter((m) => m !== model);
    res.writeHead(200).end();
  }

  private embed(body: Record<string, unknown>, res: ServerResponse): void {
    const model = findModel(this.models, body.model);
    if (!model) return modelNotFound(res, body.model);
    const failure = this.embedFailures.shift();
    if (failure && 'hang' in failure) return; // left open until the client or stop() ends it
    if (failure)
      return sendJson(res, failure.status, failure.body ?? { error: `scripted embed failure (${failure.status})` });
    const input = typeof body.input === 'string' ? [body.input] : body.input;
    if (!Array.isArray(input) || !input.every((t) => typeof t === 'string'))
      return sendJson(res, 400, { error: 'invalid input type' });
    const started = process.hrtime.bigint();
    const embeddings = input.map((text) => embedText(text, embeddingLength(model)));
    sendJson(res, 200, {
      model: String(body.model),
      embeddings,
      total_duration: Number(process.hrtime.bigint() - started),
      load_duration: 0,
      prompt_eval_count: input.reduce((sum, text) => sum + approxTokens(text), 0),
    });
  }

  private legacyEmbeddings(body: Record<string, unknown>, res: ServerResponse): void {
    const model = findModel(this.models, body.model);
    if (!model) return modelNotFound(res, body.model);
    sendJson(res, 200, { embedding: embedText(String(body.prompt ?? ''), embeddingLength(model)) });
  }

  private async chat(body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    const model = findModel(this.models, body.model);
    if (!model) return modelNotFound(res, body.model);
    const request = body as unknown as ChatRequestBody;
    const messages = Array.isArray(request.messages) ? request.messages : [];
    if (!model.capabilities.includes('completion'))
      return sendJson(res, 400, { error: `"${request.model}" does not support chat` });
    if (request.tools?.length && !model.capabilities.includes('tools')) {
      return sendJson(res, 400, { error: `registry.ollama.ai/library/${request.model} does not support tools` });
    }
    const structured =
      request.format !== undefined && this.structuredOutputs.length > 0 ? this.structuredOutputs.shift() : undefined;
    const script = (structured !== undefined
      ? { text: typeof structured === 'string' ? structured : JSON.stringify(structured) }
      : undefined) ??
      this.chatScripts.shift() ??
      (await this.chatHandler?.({ ...request, messages })) ?? { text: defaultReply(messages) };
    await writeChatAnswer(res, script, {
      model: request.model,
      stream: request.stream !== false, // Ollama streams unless told otherwise
      promptTokens: messages.reduce((sum, m) => sum + approxTokens(m.content ?? ''), 0),
      startedAt: process.hrtime.bigint(),
    });
  }
}

function modelNotFound(res: ServerResponse, name: unknown): void {
  sendJson(res, 404, { error: `model '${String(name)}' not found` });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, JSON_HEADERS).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Roughly four characters per token, enough for usage counters. */
function approxTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
