// The test Ollama server speaks the real API shapes, over real HTTP, and misbehaves on cue.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Ollama } from 'ollama';
import { DEFAULT_MODELS, TestOllamaServer, cosine, defaultReply, embedText } from '../../testkit/ollama-server';
import { DEFAULT_SYSTEM_PROMPT } from '../../src/main/engine/context/system-prompt';
import { SUMMARY_INSTRUCTIONS } from '../../src/main/engine/summaries/summarizer';

let server: TestOllamaServer;
let url: string;

beforeAll(async () => {
  server = new TestOllamaServer();
  url = await server.start();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function ndjson(response: Response): Promise<Record<string, unknown>[]> {
  const text = await response.text();
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('TestOllamaServer: models', () => {
  it('answers version, tags and show like Ollama', async () => {
    const ollama = new Ollama({ host: url });
    expect((await ollama.version()).version).toMatch(/^\d+\.\d+\.\d+$/);
    const names = (await ollama.list()).models.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['llama3.2:3b', 'nomic-embed-text:latest']));
    const show = await ollama.show({ model: 'llama3.2:3b' });
    expect(show.capabilities).toEqual(['completion', 'tools']);
    // The key holds a dot: an array path reads it as one name (the client types model_info as a Map; it is an object).
    expect(show.model_info).toHaveProperty(['llama.context_length'], 8192);
    expect((await ollama.show({ model: 'nomic-embed-text' })).capabilities).toEqual(['embedding']);
  });

  it("answers 404 with Ollama's message for an unknown model", async () => {
    for (const path of ['/api/show', '/api/embed', '/api/chat']) {
      const response = await post(path, { model: 'nope:1b', input: 'x', messages: [] });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "model 'nope:1b' not found" });
    }
  });
});

describe('TestOllamaServer: embeddings', () => {
  it('embeds a string or a batch, deterministically, with real signal', async () => {
    const one = (await (await post('/api/embed', { model: 'nomic-embed-text', input: 'hello there' })).json()) as {
      embeddings: number[][];
    };
    expect(one.embeddings).toHaveLength(1);
    expect(one.embeddings[0]).toHaveLength(384);
    const texts = ['my dog is called Rex', "what is my dog's name", 'quarterly tax filing deadline'];
    const batch = (await (await post('/api/embed', { model: 'nomic-embed-text', input: texts })).json()) as {
      embeddings: number[][];
    };
    const [dog, question, tax] = batch.embeddings as [number[], number[], number[]];
    expect(dog).toEqual(embedText(texts[0]!));
    expect(cosine(dog, question)).toBeGreaterThan(cosine(question, tax) + 0.2);
    expect(Math.hypot(...dog)).toBeCloseTo(1, 6);
  });

  it('fails the next embed call as scripted, then recovers', async () => {
    server.scriptEmbedFailure({ status: 500, body: { error: 'out of memory' } });
    const failed = await post('/api/embed', { model: 'nomic-embed-text', input: ['a'] });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: 'out of memory' });
    expect((await post('/api/embed', { model: 'nomic-embed-text', input: ['a'] })).status).toBe(200);
  });

  // Its speed is the bench's business (tests never assert wall-clock times; this one failed on
  // a loaded machine): here, that many texts embed to the same vectors each time.
  it('embeds many short texts, the same way each time', () => {
    const texts = Array.from({ length: 2_000 }, (_, i) => `note ${i}: remember to water the plants on the balcony`);
    const first = texts.map((t) => embedText(t));
    expect(texts.map((t) => embedText(t))).toEqual(first);
    expect(first.every((v) => v.every(Number.isFinite))).toBe(true);
  });
});

describe('TestOllamaServer: chat', () => {
  it('streams scripted text in several NDJSON pieces and a done line with counters', async () => {
    server.scriptChat({ text: 'Rex is a very good dog.' });
    const response = await post('/api/chat', {
      model: 'llama3.2:3b',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = await ndjson(response);
    const content = lines.map((l) => (l.message as { content: string }).content).join('');
    expect(content).toBe('Rex is a very good dog.');
    expect(lines.length).toBeGreaterThan(3);
    const last = lines.at(-1)!;
    expect(last).toMatchObject({ done: true, done_reason: 'stop', eval_count: 6 });
    expect(last.prompt_eval_count).toBeGreaterThan(0);
    expect(last.total_duration).toBeGreaterThan(0);
  });

  it('answers with one JSON object when not streaming, tool calls included', async () => {
    server.scriptChat({ toolCalls: [{ name: 'save_to_model_memory', arguments: { content: 'dog is Rex' } }] });
    const body = (await (
      await post('/api/chat', { model: 'llama3.2:3b', messages: [], stream: false })
    ).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      done: true,
      message: {
        role: 'assistant',
        tool_calls: [{ function: { name: 'save_to_model_memory', arguments: { content: 'dog is Rex' } } }],
      },
    });
  });

  it('refuses tools for a model without them, and chat for an embedding model', async () => {
    const tiny = DEFAULT_MODELS.find(
      (m) => m.capabilities.includes('completion') && !m.capabilities.includes('tools'),
    )!;
    const withTools = await post('/api/chat', {
      model: tiny.name,
      messages: [],
      tools: [{ type: 'function', function: { name: 'x' } }],
    });
    expect(withTools.status).toBe(400);
    expect((await post('/api/chat', { model: 'nomic-embed-text', messages: [] })).status).toBe(400);
  });

  it('uses scripts in order, then the handler, then the default reply', async () => {
    server.scriptChat({ text: 'first' }, { text: 'second' });
    server.onChat((request) => (request.messages.at(-1)?.content === 'ping' ? { text: 'pong' } : undefined));
    const reply = async (content: string) => {
      const lines = await ndjson(
        await post('/api/chat', { model: 'llama3.2:3b', messages: [{ role: 'user', content }] }),
      );
      return lines.map((l) => (l.message as { content: string }).content).join('');
    };
    expect([await reply('a'), await reply('b'), await reply('ping')]).toEqual(['first', 'second', 'pong']);
    expect(await reply('My dog Rex loves the beach')).toContain('Rex');
    expect(server.requests.filter((r) => r.path === '/api/chat')).toHaveLength(4);
    expect(server.requests[0]?.body).toMatchObject({
      model: 'llama3.2:3b',
      messages: [{ role: 'user', content: 'a' }],
    });
  });

  it('sends scripted errors, garbage lines and dropped streams', async () => {
    server.scriptChat(
      { error: { status: 500, body: { error: 'boom' } }, text: 'x' },
      { text: 'one two three', garbage: true },
      { text: 'one two three four', dropAfter: 2 },
    );
    const failed = await post('/api/chat', { model: 'llama3.2:3b', messages: [] });
    expect([failed.status, await failed.json()]).toEqual([500, { error: 'boom' }]);
    const garbled = await (await post('/api/chat', { model: 'llama3.2:3b', messages: [] })).text();
    expect(garbled.split('\n')[1]).toBe('{"model": this is not json');
    const dropped = await post('/api/chat', { model: 'llama3.2:3b', messages: [] });
    await expect(dropped.text()).rejects.toThrow();
  });

  it('survives a client that aborts mid-stream, and stop() ends hung requests', async () => {
    server.scriptChat({ text: 'a b c d e f g h', tokenDelayMs: 30 });
    const controller = new AbortController();
    const response = await fetch(`${url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'llama3.2:3b', messages: [] }),
      signal: controller.signal,
    });
    await response.body!.getReader().read();
    controller.abort();
    expect((await fetch(`${url}/api/version`)).ok).toBe(true);

    const other = new TestOllamaServer();
    const otherUrl = await other.start();
    other.scriptChat({ hang: true });
    const hung = fetch(`${otherUrl}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'llama3.2:3b', messages: [] }),
    });
    await expect.poll(() => other.requests.length).toBe(1); // the request is open at the server
    await other.stop();
    await expect(hung).rejects.toThrow();
  });
});

describe('defaultReply (demo mode)', () => {
  const summariserRequest = (previous: string, turns: string) => [
    { role: 'system', content: SUMMARY_INSTRUCTIONS(100) },
    { role: 'user', content: `Current summary:\n${previous}\n\nNew turns:\n${turns}\n\nWrite the updated summary.` },
  ];

  it('summarises extractively what the summariser sends, keeping the previous summary', () => {
    expect(
      defaultReply(
        summariserRequest(
          '(none yet)',
          'User: My dog is called Rex. He is three.\n\nAssistant: Rex sounds lovely! What breed?',
        ),
      ),
    ).toBe('My dog is called Rex. Rex sounds lovely!');
    expect(defaultReply(summariserRequest('The user lives in Oslo.', 'User: I moved to Lisbon. It is sunny.'))).toBe(
      'The user lives in Oslo. I moved to Lisbon.',
    );
  });

  it('answers a chat whose prompt mentions summaries as an assistant, not with a summary', () => {
    const system = `${DEFAULT_SYSTEM_PROMPT}\n\n## Summary of the earlier part of this conversation\nThe user summarised their trip plans.`;
    const reply = defaultReply([
      { role: 'system', content: system },
      { role: 'user', content: 'Can you summarize the plot of Hamlet for me?' },
    ]);
    expect(reply).not.toMatch(/^Summary/);
    expect(reply).toContain('Hamlet');
    expect(
      defaultReply([{ role: 'user', content: 'Please summarize:\nUser: I moved to Lisbon.\nAssistant: Welcome.' }]),
    ).not.toMatch(/^Summary/);
  });

  it('greets, acknowledges facts, and answers questions from what the prompt holds', () => {
    expect(defaultReply([{ role: 'user', content: 'Hello!' }])).toBe('Hello! How can I help you today?');
    expect(defaultReply([{ role: 'user', content: 'My sister Ana lives in Porto.' }])).toMatch(
      /^Thanks for telling me\. I will keep that in mind about sister, Ana and Porto\./,
    );
    const system = `${DEFAULT_SYSTEM_PROMPT}\n\n## Memories that may be relevant now\n- The user's dog is called Rex.\n- The user likes green tea.\n`;
    expect(
      defaultReply([
        { role: 'system', content: system },
        { role: 'user', content: "What is my dog's name?" },
      ]),
    ).toBe(
      "From what you have told me: The user's dog is called Rex. Is there anything else you would like to know about it?",
    );
    expect(
      defaultReply([
        { role: 'system', content: DEFAULT_SYSTEM_PROMPT },
        { role: 'user', content: 'Which language should I learn?' },
      ]),
    ).toMatch(/^Good question\. I do not have anything about language and learn/);
  });

  it('titles a conversation from the title request', () => {
    expect(
      defaultReply([
        {
          role: 'system',
          content: 'Give this conversation a short title of at most six words. Reply with the title only, no quotes.',
        },
        { role: 'user', content: 'I am planning a trip to Lisbon in May' },
      ]),
    ).toBe('Planning trip Lisbon May');
  });
});

describe('TestOllamaServer: structured output', () => {
  it('answers requests with `format` from the structured queue, as JSON or as a broken string, and leaves others alone', async () => {
    const ollama = new Ollama({ host: url });
    server.scriptStructured({ fact: 'I am 40.' }, '{"fact": ');
    const plain = await ollama.chat({
      model: 'llama3.2:3b',
      messages: [{ role: 'user', content: 'hello' }],
      stream: false,
    });
    expect(plain.message.content).not.toContain('fact');
    const schema = { type: 'object', properties: { fact: { type: 'string' } }, required: ['fact'] };
    const first = await ollama.chat({
      model: 'llama3.2:3b',
      messages: [{ role: 'user', content: 'x' }],
      format: schema,
      stream: false,
    });
    expect(JSON.parse(first.message.content)).toEqual({ fact: 'I am 40.' });
    const second = await ollama.chat({
      model: 'gemma2:2b',
      messages: [{ role: 'user', content: 'x' }],
      format: schema,
      stream: false,
    });
    expect(second.message.content).toBe('{"fact": ');
    expect(
      server.requests.filter((r) => r.path === '/api/chat').map((r) => (r.body as { format?: unknown }).format),
    ).toEqual([undefined, schema, schema]);
  });
});

describe('TestOllamaServer: pull and delete', () => {
  it('pulls a registry model with streamed progress like Ollama, then lists it', async () => {
    const ollama = new Ollama({ host: url });
    const lines: { status: string; total?: number; completed?: number }[] = [];
    for await (const part of await ollama.pull({ model: 'mxbai-embed-large', stream: true })) lines.push(part);
    expect(lines[0]!.status).toBe('pulling manifest');
    const layer = lines.filter(
      (l) => l.total !== undefined && l.status.startsWith('pulling ') && l.status !== 'pulling params',
    );
    expect(layer.length).toBeGreaterThan(5);
    expect(layer.map((l) => l.completed)).toEqual([...layer.map((l) => l.completed!)].sort((a, b) => a - b));
    expect(layer.at(-1)!.completed).toBe(layer.at(-1)!.total);
    expect(lines.slice(-3).map((l) => l.status)).toEqual(['verifying sha256 digest', 'writing manifest', 'success']);
    expect((await ollama.list()).models.map((m) => m.name)).toContain('mxbai-embed-large:latest');
    expect((await ollama.show({ model: 'mxbai-embed-large' })).capabilities).toEqual(['embedding']);
    expect(server.pullOutcomes).toEqual([{ model: 'mxbai-embed-large', outcome: 'done' }]);
  });

  it('ends a pull when the client goes away, keeps the bytes, and resumes from them', async () => {
    server.scriptPulls({ stepMs: 20, steps: 50 });
    const ollama = new Ollama({ host: url });
    const stream = await ollama.pull({ model: 'qwen2.5:0.5b', stream: true });
    let reached = 0;
    for await (const part of stream) {
      reached = part.completed ?? reached;
      if (reached > 0) break;
    }
    stream.abort();
    await expect.poll(() => server.pullOutcomes).toEqual([{ model: 'qwen2.5:0.5b', outcome: 'cancelled' }]);
    expect(server.installedModels()).not.toContain('qwen2.5:0.5b');
    server.scriptPulls({});
    const again: number[] = [];
    for await (const part of await ollama.pull({ model: 'qwen2.5:0.5b', stream: true }))
      if (part.completed) again.push(part.completed);
    expect(again[0]).toBeGreaterThan(reached);
    expect(server.installedModels()).toContain('qwen2.5:0.5b');
  });

  it("reports an unknown model and a failure part-way as Ollama's error line", async () => {
    const unknown = await ndjson(await post('/api/pull', { model: 'no-such-model:7b' }));
    expect(unknown.at(-1)).toEqual({ error: 'pull model manifest: file does not exist' });
    server.scriptPulls({ failAfter: 2 });
    const failed = await ndjson(await post('/api/pull', { model: 'phi3:mini' }));
    expect(failed.at(-1)).toEqual({ error: 'max retries exceeded: connection reset by peer' });
    expect(server.installedModels()).not.toContain('phi3:mini');
  });

  it('deletes an installed model, and answers 404 for one that is not', async () => {
    const ollama = new Ollama({ host: url });
    await ollama.delete({ model: 'gemma2:2b' });
    expect(server.installedModels()).not.toContain('gemma2:2b');
    const missing = await fetch(`${url}/api/delete`, {
      method: 'DELETE',
      body: JSON.stringify({ model: 'gemma2:2b' }),
    });
    expect(missing.status).toBe(404);
    server.reset();
    expect(server.installedModels()).toContain('gemma2:2b');
  });
});
