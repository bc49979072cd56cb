// The loopback WebSocket binding on a real engine: token and Origin checks, calls, streamed
// chat events, malformed frames, loopback-only listening, and the static renderer with its CSP.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { EngineApi } from '../../src/main/engine/api';
import { rendererCsp } from '../../src/main/web/static-files';
import { startWebBinding, type WebBinding } from '../../src/main/web/ws-server';
import { startEngine, type EngineHarness } from '../support/engine';
import { CONDITION_TIMEOUT_MS } from '../support/waits';

type Frame = {
  id?: unknown;
  result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  event?: string;
  payload?: Record<string, unknown>;
};

/** A test client that keeps every frame and can wait for one matching a predicate. */
class Client {
  readonly frames: Frame[] = [];
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  private nextId = 1;

  constructor(readonly ws: WebSocket) {
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    this.opened.catch(() => undefined);
    ws.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      this.frames.push(frame);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(frame)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(frame);
        }
      }
    });
  }

  waitFor(match: (f: Frame) => boolean, timeoutMs = CONDITION_TIMEOUT_MS): Promise<Frame> {
    const found = this.frames.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a frame')), timeoutMs);
      this.waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  async call(method: string, input: unknown): Promise<Frame['result']> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, method, input }));
    return (await this.waitFor((f) => f.id === id)).result;
  }
}

describe('web binding (loopback WebSocket + static renderer)', () => {
  let h: EngineHarness;
  let web: WebBinding;
  let staticDir: string;
  const csp = "default-src 'self'; script-src 'self'; object-src 'none'";
  const clients: Client[] = [];

  const origin = () => `http://127.0.0.1:${web.port}`;
  const connect = (query = `?token=${web.token}`, headers: Record<string, string> = { origin: origin() }) => {
    const client = new Client(new WebSocket(`ws://127.0.0.1:${web.port}/rpc${query}`, { headers }));
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    staticDir = join(tmpdir(), `mnemo-static-${process.pid}-${Date.now()}`);
    mkdirSync(join(staticDir, 'assets'), { recursive: true });
    writeFileSync(
      join(staticDir, 'index.html'),
      `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${csp}" /></head><body></body></html>`,
    );
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1);');
    h = await startEngine();
    web = await startWebBinding({ api: new EngineApi(h.engine), engine: h.engine, staticDir });
  });

  afterAll(async () => {
    for (const c of clients) if (c.ws.readyState === WebSocket.OPEN) c.ws.terminate();
    await web?.dispose();
    await h?.dispose();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only and prints a URL carrying a 48-hex-digit token', () => {
    const address = web.server.address() as AddressInfo;
    expect(address.address).toBe('127.0.0.1');
    expect(address.family).toBe('IPv4');
    expect(web.token).toMatch(/^[0-9a-f]{48}$/);
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/#token=${web.token}`);
  });

  it('serves the renderer with the page own CSP, and nothing outside its folder', async () => {
    const page = await fetch(`http://127.0.0.1:${web.port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(`${csp}; frame-ancestors 'none'`);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<!doctype html>');
    const script = await fetch(`http://127.0.0.1:${web.port}/assets/app.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`http://127.0.0.1:${web.port}/..%2f..%2fetc%2fpasswd.txt`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${web.port}/assets/missing.js`)).status).toBe(404);
  });

  it('a client with the token calls app.status and conversations.list', async () => {
    const client = connect();
    await client.opened;
    const status = await client.call('app.status', {});
    expect(status).toMatchObject({ ok: true, value: { dataDir: h.dataDir, ollama: { reachable: true } } });
    expect(await client.call('conversations.list', {})).toEqual({ ok: true, value: expect.any(Array) });
    // The status is pushed on connect, too.
    await client.waitFor((f) => f.event === 'status');
  });

  it('the token may come as the first frame instead of the query', async () => {
    const client = connect('');
    await client.opened;
    client.ws.send(JSON.stringify({ token: web.token }));
    expect(await client.call('conversations.list', {})).toMatchObject({ ok: true });
  });

  it('chat.send streams chat events over the socket', async () => {
    h.ollama.onChat(() => ({ text: 'Hello from the loopback socket.' }));
    const client = connect();
    await client.opened;
    const sent = await client.call('chat.send', { content: 'Hi over the web binding' });
    expect(sent).toMatchObject({
      ok: true,
      value: { conversationId: expect.any(String), assistantMessageId: expect.any(String) },
    });
    const { conversationId } = (sent as { value: { conversationId: string } }).value;
    const finished = await client.waitFor(
      (f) =>
        f.event === 'chat' && f.payload?.['type'] === 'turn-finished' && f.payload['conversationId'] === conversationId,
    );
    expect(finished.payload).toMatchObject({
      message: { content: 'Hello from the loopback socket.', status: 'complete' },
    });
    const tokens = client.frames.filter(
      (f) => f.event === 'chat' && f.payload?.['type'] === 'token' && f.payload['conversationId'] === conversationId,
    );
    expect(tokens.map((f) => f.payload?.['text']).join('')).toBe('Hello from the loopback socket.');
    expect(client.frames.some((f) => f.event === 'chat' && f.payload?.['type'] === 'turn-started')).toBe(true);
    h.ollama.onChat(null);
  });

  it('a wrong token, a missing token and a token frame with the wrong value are refused with 1008', async () => {
    const wrong = connect('?token=' + 'ab'.repeat(24));
    expect((await wrong.closed).code).toBe(1008);
    const wrongFrame = connect('');
    await wrongFrame.opened;
    wrongFrame.ws.send(JSON.stringify({ id: 1, method: 'app.status', input: {} }));
    expect((await wrongFrame.closed).code).toBe(1008);
    expect(wrongFrame.frames).toEqual([]);
  });

  it('a foreign or missing Origin is refused before the upgrade', async () => {
    for (const headers of [
      { origin: 'http://evil.example' },
      { origin: `http://127.0.0.1:${web.port + 1}` },
      {},
    ] as Record<string, string>[]) {
      const client = connect(`?token=${web.token}`, headers);
      const status = await new Promise<number>((resolve) => {
        client.ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        client.ws.once('error', () => resolve(-1));
      });
      expect(status).toBe(403);
    }
  });

  it('malformed frames get INVALID_INPUT replies and the connection stays usable', async () => {
    const client = connect();
    await client.opened;
    client.ws.send('this is not json');
    expect((await client.waitFor((f) => f.id === null)).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    client.frames.length = 0;
    client.ws.send(JSON.stringify([1, 2, 3]));
    client.ws.send(JSON.stringify({ id: 'x1' }));
    client.ws.send(JSON.stringify({ id: 'x2', method: 'no.such.method', input: {} }));
    client.ws.send(
      JSON.stringify({
        id: 'x3',
        method: 'conversations.list',
        input: { limit: 'ten', __proto__: { polluted: true } },
      }),
    );
    client.ws.send(JSON.stringify({ id: 'x4', method: 'search.messages', input: { query: 'x'.repeat(1_000_000) } }));
    client.ws.send(Buffer.from([0xff, 0x00, 0x01]), { binary: true });
    for (const id of ['x1', 'x2', 'x3', 'x4']) {
      expect((await client.waitFor((f) => f.id === id)).result).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
    await client.waitFor((f) => f.id === null);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(await client.call('conversations.list', { limit: 5 })).toMatchObject({ ok: true });
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('uses the CSP of src/renderer/index.html, and its built-in copy is the same policy', () => {
    const declared = rendererCsp(join(process.cwd(), 'src', 'renderer'));
    expect(declared).toContain("default-src 'self'");
    expect(declared).toContain("object-src 'none'");
    expect(declared).not.toContain('frame-ancestors'); // ignored in <meta>; the header adds it
    expect(rendererCsp(join(staticDir, 'no-such-folder'))).toBe(declared);
  });
});
