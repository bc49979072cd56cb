// The engine's Ollama client against a real HTTP server that speaks the Ollama API.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MnemoError, type ErrorCode } from '../../../src/shared/errors';
import { OllamaClient, type ChatEvent, type ChatStreamRequest } from '../../../src/main/engine/llm';
import { DEFAULT_MODELS, TestOllamaServer, cosine } from '../../../testkit/ollama-server';

let server: TestOllamaServer;
let client: OllamaClient;

beforeAll(async () => {
  server = new TestOllamaServer();
  client = new OllamaClient({ host: await server.start(), requestTimeoutMs: 2_000, streamIdleTimeoutMs: 2_000 });
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

const chatModel = 'llama3.2:3b';
const embedModel = 'nomic-embed-text';

async function collect(request: Partial<ChatStreamRequest> = {}, using = client): Promise<ChatEvent[]> {
  const events: ChatEvent[] = [];
  for await (const event of using.chatStream({
    model: chatModel,
    messages: [{ role: 'user', content: 'hi' }],
    ...request,
  }))
    events.push(event);
  return events;
}

async function failure(promise: Promise<unknown>): Promise<MnemoError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MnemoError);
  return error as MnemoError;
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<MnemoError> {
  const error = await failure(promise);
  expect(error.code, error.message).toBe(code);
  return error;
}

describe('OllamaClient: models', () => {
  it('reads the version, the model list and model details', async () => {
    expect(await client.version()).toMatch(/^\d+\.\d+\.\d+$/);
    const models = await client.listModels();
    expect(models.find((m) => m.name === chatModel)).toMatchObject({
      family: 'llama',
      sizeBytes: expect.any(Number),
      modifiedAt: expect.any(String),
    });
    expect(await client.showModel(chatModel)).toEqual({
      name: chatModel,
      contextLength: 8192,
      capabilities: ['completion', 'tools'],
      supportsTools: true,
      isEmbedding: false,
    });
    expect(await client.showModel(embedModel)).toMatchObject({ supportsTools: false, isEmbedding: true });
    const noTools = DEFAULT_MODELS.find(
      (m) => m.capabilities.includes('completion') && !m.capabilities.includes('tools'),
    )!;
    expect(await client.showModel(noTools.name)).toMatchObject({ supportsTools: false, isEmbedding: false });
  });

  it('says which model to pull when one is missing', async () => {
    const error = await expectCode(client.showModel('mistral:7b'), 'MODEL_MISSING');
    expect(error.message).toContain('ollama pull mistral:7b');
    expect(error.details).toMatchObject({ model: 'mistral:7b' });
    await expectCode(client.embed('missing-embedder', ['x']), 'MODEL_MISSING');
    await expectCode(collect({ model: 'missing-chat:1b' }), 'MODEL_MISSING');
  });
});

describe('OllamaClient: embeddings', () => {
  it('embeds a batch in one request, deterministically, with signal', async () => {
    const texts = ['my dog is called Rex', "what is my dog's name", 'quarterly tax filing deadline'];
    const vectors = await client.embed(embedModel, texts);
    expect(vectors).toHaveLength(3);
    expect(vectors.every((v) => v.length === 384)).toBe(true);
    expect(await client.embed(embedModel, texts)).toEqual(vectors);
    expect(server.requests.filter((r) => r.path === '/api/embed')).toHaveLength(2);
    const [dog, question, tax] = vectors as [number[], number[], number[]];
    expect(cosine(dog, question)).toBeGreaterThan(cosine(question, tax));
    expect(await client.embed(embedModel, [])).toEqual([]);
  });

  it('turns a failed embed call into OLLAMA_ERROR with its status, then works again', async () => {
    server.scriptEmbedFailure({ status: 503, body: { error: 'server busy' } });
    const error = await expectCode(client.embed(embedModel, ['a']), 'OLLAMA_ERROR');
    expect(error.details).toMatchObject({ status: 503 });
    expect(await client.embed(embedModel, ['a'])).toHaveLength(1);
  });

  it('times out a request that never answers', async () => {
    const quick = new OllamaClient({ host: server.url, requestTimeoutMs: 100, streamIdleTimeoutMs: 100 });
    server.scriptEmbedFailure({ hang: true });
    await expectCode(quick.embed(embedModel, ['a']), 'OLLAMA_TIMEOUT');
  });

  it('rejects a response with the wrong number or shape of vectors', async () => {
    const lying = (body: unknown) => server.scriptEmbedFailure({ status: 200, body });
    lying({ embeddings: [[1, 2]] });
    await expectCode(client.embed(embedModel, ['a', 'b']), 'OLLAMA_BAD_RESPONSE');
    lying({ embeddings: [[1, 2], [1]] });
    await expectCode(client.embed(embedModel, ['a', 'b']), 'OLLAMA_BAD_RESPONSE');
    lying({ vectors: [] });
    await expectCode(client.embed(embedModel, ['a']), 'OLLAMA_BAD_RESPONSE');
    expect(await client.embed(embedModel, ['a'])).toHaveLength(1);
  });

  it('stops an embed call on abort, before or during the request', async () => {
    const before = new AbortController();
    before.abort();
    await expectCode(client.embed(embedModel, ['a'], { signal: before.signal }), 'ABORTED');
    expect(server.requests.filter((r) => r.path === '/api/embed')).toHaveLength(0);
    server.scriptEmbedFailure({ hang: true });
    const during = new AbortController();
    const pending = client.embed(embedModel, ['a'], { signal: during.signal });
    // Aborted once the request is at the server (a fixed delay could fire before it got there on a busy machine).
    await expect.poll(() => server.requests.filter((r) => r.path === '/api/embed').length).toBe(1);
    during.abort();
    await expectCode(pending, 'ABORTED');
    expect(await client.embed(embedModel, ['a'])).toHaveLength(1);
  });
});

describe('OllamaClient: the embedding connection', () => {
  let raw: Server;
  let host: string;
  let answer: (res: ServerResponse) => void;
  const connections = new Set<Socket>();
  beforeAll(async () => {
    raw = createServer((_req, res) => answer(res));
    raw.on('connection', (socket) => connections.add(socket));
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    host = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => raw.close(() => resolve())));
  const vectors = (res: ServerResponse) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ embeddings: [[0.6, 0.8]] }));

  it('keeps one connection for consecutive calls, and makes a new one when the server dropped it', async () => {
    const own = new OllamaClient({ host, requestTimeoutMs: 1_000, streamIdleTimeoutMs: 1_000 });
    answer = vectors;
    connections.clear();
    for (let i = 0; i < 5; i++) expect(await own.embed(embedModel, ['a'])).toEqual([[0.6, 0.8]]);
    expect(connections.size).toBe(1);
    raw.closeIdleConnections();
    expect(await own.embed(embedModel, ['a'])).toEqual([[0.6, 0.8]]);
    expect(connections.size).toBe(2);
    own.close();
  });

  it('says what was wrong with an answer that is not JSON, or cut off', async () => {
    const own = new OllamaClient({ host, requestTimeoutMs: 1_000, streamIdleTimeoutMs: 1_000 });
    answer = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"embeddings": [[0.6,');
    const error = await expectCode(own.embed(embedModel, ['a']), 'OLLAMA_BAD_RESPONSE');
    expect(error.message).toContain('not JSON');
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' }).write('{"embeddings"');
      setTimeout(() => res.socket?.destroy(), 10);
    };
    await expectCode(own.embed(embedModel, ['a']), 'OLLAMA_BAD_RESPONSE');
    answer = (res) => res.socket?.destroy();
    await expectCode(own.embed(embedModel, ['a']), 'OLLAMA_BAD_RESPONSE');
    answer = vectors;
    expect(await own.embed(embedModel, ['a'])).toEqual([[0.6, 0.8]]);
    own.close();
  });
});

describe('OllamaClient: chat streams', () => {
  it('streams several tokens, then one done event', async () => {
    server.scriptChat({ text: 'Your dog is called Rex.' });
    const events = await collect();
    const tokens = events.filter((e) => e.type === 'token');
    expect(tokens.length).toBeGreaterThan(2);
    expect(tokens.map((e) => e.text).join('')).toBe('Your dog is called Rex.');
    expect(events.at(-1)).toMatchObject({ type: 'done', doneReason: 'stop', outputTokens: 5, promptTokens: 1 });
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
  });

  it('passes tools and messages through and reports tool calls', async () => {
    server.scriptChat({
      toolCalls: [{ name: 'save_to_model_memory', arguments: { content: 'Dog is Rex', importance: 3 } }],
    });
    const events = await collect({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'assistant', content: '', toolCalls: [{ name: 'retrieve_user_info', arguments: {} }] },
        { role: 'tool', content: 'nothing yet', toolName: 'retrieve_user_info' },
      ],
      tools: [
        {
          name: 'save_to_model_memory',
          description: 'Save a fact',
          parameters: { type: 'object', properties: { content: { type: 'string' } } },
        },
      ],
      options: { temperature: 0 },
    });
    expect(events).toContainEqual({
      type: 'tool_calls',
      calls: [{ name: 'save_to_model_memory', arguments: { content: 'Dog is Rex', importance: 3 } }],
    });
    expect(server.requests.at(-1)?.body).toMatchObject({
      tools: [{ type: 'function', function: { name: 'save_to_model_memory' } }],
      options: { temperature: 0 },
      messages: [
        { role: 'system' },
        { role: 'assistant', tool_calls: [{ function: { name: 'retrieve_user_info' } }] },
        { role: 'tool', tool_name: 'retrieve_user_info' },
      ],
    });
  });

  it('stops one stream on abort with ABORTED, leaving others and the server working', async () => {
    server.scriptChat(
      { text: 'one two three four five six seven eight', tokenDelayMs: 40 },
      { text: 'other stream reply', tokenDelayMs: 40 },
    );
    const controller = new AbortController();
    const aborted = (async () => {
      for await (const event of client.chatStream({ model: chatModel, messages: [], signal: controller.signal })) {
        if (event.type === 'token') controller.abort();
      }
    })();
    const other = collect();
    await expectCode(aborted, 'ABORTED');
    expect((await other).at(-1)?.type).toBe('done');
    expect((await collect()).at(-1)?.type).toBe('done');
    await expectCode(collect({ signal: AbortSignal.abort() }), 'ABORTED');
  });

  it('times out a stream that goes silent', async () => {
    const quick = new OllamaClient({ host: server.url, requestTimeoutMs: 5_000, streamIdleTimeoutMs: 100 });
    server.scriptChat({ hang: true }, { text: 'a b c', tokenDelayMs: 300 });
    await expectCode(collect({}, quick), 'OLLAMA_TIMEOUT');
    await expectCode(collect({}, quick), 'OLLAMA_TIMEOUT');
  });

  it('rejects a garbage line and a stream that ends before done', async () => {
    server.scriptChat({ text: 'one two three', garbage: true }, { text: 'one two three four', dropAfter: 2 });
    expect((await expectCode(collect(), 'OLLAMA_BAD_RESPONSE')).message).toContain('not JSON');
    const dropped = await expectCode(collect(), 'OLLAMA_BAD_RESPONSE');
    expect(dropped.message).toContain('ended before');
  });

  it('maps HTTP failures to OLLAMA_ERROR with the status', async () => {
    server.scriptChat(
      { error: { status: 500, body: { error: 'CUDA out of memory' } } },
      { error: { status: 502, body: 'Bad Gateway' } },
    );
    const error = await expectCode(collect(), 'OLLAMA_ERROR');
    expect(error.details).toMatchObject({ status: 500 });
    expect(error.message).toContain('CUDA out of memory');
    expect((await expectCode(collect(), 'OLLAMA_ERROR')).details).toMatchObject({ status: 502 });
  });
});

describe('OllamaClient: unreachable server', () => {
  it('says Ollama is not reachable and how to start it', async () => {
    const gone = new TestOllamaServer();
    const host = await gone.start();
    await gone.stop();
    const offline = new OllamaClient({ host, requestTimeoutMs: 1_000, streamIdleTimeoutMs: 1_000 });
    const error = await expectCode(offline.version(), 'OLLAMA_UNREACHABLE');
    expect(error.message).toBe(`Ollama is not reachable at ${host}. Is it running? Start it with \`ollama serve\`.`);
    await expectCode(offline.embed(embedModel, ['a']), 'OLLAMA_UNREACHABLE');
    await expectCode(collect({}, offline), 'OLLAMA_UNREACHABLE');
  });
});
