// The renderer's WebSocket bridge against the real web binding: calls, typed rejections,
// pushed events, a refused token, and a disconnect that rejects calls in flight then reconnects.
import { describe, expect, it, afterEach } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { EngineApi } from '../../src/main/engine/api';
import { startWebBinding, type WebBinding } from '../../src/main/web/ws-server';
import { WebSocketBridge, isBridgeError } from '../../src/renderer/src/bridge';
import { importExportFile } from '../../src/renderer/src/lib/import-file';
import { MAX_FRAME_BYTES } from '../../src/main/web/ws-server';
import { startEngine, type EngineHarness } from '../support/engine';
import { syntheticExport } from '../support/export-file';

describe('WebSocketBridge (renderer) against the web binding', () => {
  let h: EngineHarness | undefined;
  let web: WebBinding | undefined;
  let bridge: WebSocketBridge | undefined;

  afterEach(async () => {
    bridge?.close();
    await web?.dispose();
    await h?.dispose();
    bridge = web = h = undefined;
  });

  const open = (binding: WebBinding, token = binding.token) =>
    new WebSocketBridge({
      url: `ws://127.0.0.1:${binding.port}/rpc?token=${token}`,
      backoffMs: { initial: 20, max: 100 },
      createSocket: (url) =>
        new NodeWebSocket(url, { headers: { origin: `http://127.0.0.1:${binding.port}` } }) as unknown as WebSocket,
    });

  it('calls, rejects with typed errors, delivers events, and survives a restart of the server', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    web = await startWebBinding({ api, engine: h.engine, staticDir: h.dataDir });
    bridge = open(web);

    const statuses: unknown[] = [];
    bridge.on('status', (s) => statuses.push(s));
    expect(await bridge.call('conversations.list', {})).toEqual([]);
    const failure = await bridge.call('conversations.get', { conversationId: 'missing' }).catch((e: unknown) => e);
    expect(isBridgeError(failure)).toBe(true);
    expect(failure).toMatchObject({ code: 'NOT_FOUND' });
    await expect.poll(() => statuses.length).toBeGreaterThan(0);

    // The server goes away with a call in flight, and comes back on the same port.
    const port = web.port;
    const token = web.token;
    const inFlight = bridge.call('app.status', {});
    // Expected before the close is awaited: the call fails while the server shuts down.
    const refused = expect(inFlight).rejects.toMatchObject({ code: 'INTERNAL', details: { reason: 'disconnected' } });
    await web.dispose();
    await refused;
    web = await startWebBinding({ api, engine: h.engine, staticDir: h.dataDir, port, token });
    await expect
      .poll(() =>
        bridge!.call('conversations.list', {}).then(
          () => true,
          () => false,
        ),
      )
      .toBe(true);
  });

  it('a wrong token is refused for good', async () => {
    h = await startEngine();
    web = await startWebBinding({ api: new EngineApi(h.engine), engine: h.engine, staticDir: h.dataDir });
    bridge = open(web, 'not-the-token');
    await expect(bridge.call('app.status', {})).rejects.toMatchObject({
      code: 'INTERNAL',
      details: { reason: 'unauthorized' },
    });
    await expect(bridge.call('app.status', {})).rejects.toMatchObject({ details: { reason: 'unauthorized' } });
  });

  it('imports an export larger than one WebSocket frame, in parts, as the page reads the file', async () => {
    h = await startEngine();
    web = await startWebBinding({ api: new EngineApi(h.engine), engine: h.engine, staticDir: h.dataDir });
    bridge = open(web);
    // JSON may carry any amount of whitespace: a small export padded past the frame cap.
    const small = syntheticExport(2, 4);
    const padded = `${small.slice(0, -1)}${' '.repeat(MAX_FRAME_BYTES + 1024 * 1024)}}`;
    const file = new Blob([padded], { type: 'application/json' });
    expect(file.size).toBeGreaterThan(MAX_FRAME_BYTES);
    expect(await importExportFile(bridge, file)).toEqual({ conversations: 2, messages: 8, summaries: 0, memories: 0 });
    expect(await bridge.call('conversations.list', {})).toHaveLength(2);
  });
});
