// A ChatGPT export imported as downloaded, a ZIP (issue 22): the page takes conversations.json
// out of it as it streams and sends it to the engine like the bare file. ZIPs are made here, by
// hand; the engine is real (SQLite, Chroma, the web binding the page talks to).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { EngineApi } from '../../src/main/engine/api';
import { startWebBinding, type WebBinding } from '../../src/main/web/ws-server';
import { WebSocketBridge } from '../../src/renderer/src/bridge';
import { importExportFile } from '../../src/renderer/src/lib/import-file';
import { conversationsFromZip } from '../../src/renderer/src/lib/import-zip';
import { startEngine, type EngineHarness } from '../support/engine';

const sample = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'chatgpt-conversations.json'));
const zipOf = (files: Record<string, Uint8Array>, level: 0 | 6 = 6) =>
  new Blob([zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { level }]])))]);

async function readAll(parts: AsyncGenerator<string>): Promise<string> {
  let text = '';
  for await (const part of parts) text += part;
  return text;
}

describe('importing a ChatGPT export ZIP', () => {
  let h: EngineHarness | undefined;
  let web: WebBinding | undefined;
  let bridge: WebSocketBridge | undefined;
  afterEach(async () => {
    bridge?.close();
    await web?.dispose();
    await h?.dispose();
    bridge = web = h = undefined;
  });

  async function connect(): Promise<WebSocketBridge> {
    h = await startEngine();
    web = await startWebBinding({ api: new EngineApi(h.engine), engine: h.engine, staticDir: h.dataDir });
    const binding = web;
    bridge = new WebSocketBridge({
      url: `ws://127.0.0.1:${binding.port}/rpc?token=${binding.token}`,
      backoffMs: { initial: 20, max: 100 },
      createSocket: (url) =>
        new NodeWebSocket(url, { headers: { origin: `http://127.0.0.1:${binding.port}` } }) as unknown as WebSocket,
    });
    return bridge;
  }

  it('imports the conversations.json inside, whatever else the ZIP holds, as the bare file would', async () => {
    const page = await connect();
    const zip = zipOf({
      'chat.html': strToU8('<html>'.repeat(50_000)),
      'user-abc/file-picture.png': new Uint8Array(200_000).map((_, i) => (i * 31) % 251),
      'conversations.json': sample,
      'message_feedback.json': strToU8('[]'),
    });
    expect(await importExportFile(page, zip)).toMatchObject({ conversations: 2, messages: 5 });
    const titles = (await page.call('conversations.list', {})).map((c) => c.title).sort();
    expect(titles).toContain('Sourdough starter help');
    // Again: the same chats, nothing added.
    expect(await importExportFile(page, zip)).toMatchObject({ conversations: 0, messages: 0 });
  });

  it('reads a stored (uncompressed) entry the same as a deflated one', async () => {
    const text = await readAll(conversationsFromZip(zipOf({ 'conversations.json': sample }, 0)));
    expect(text).toBe(sample.toString('utf8'));
  });

  it('refuses a ZIP without conversations.json, and imports nothing', async () => {
    const page = await connect();
    const zip = zipOf({ 'chat.html': strToU8('<html></html>'), 'notes/conversations.json.bak': sample });
    await expect(importExportFile(page, zip)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'That ZIP has no conversations.json, so it is not a ChatGPT data export. Nothing was imported.',
    });
    expect(await page.call('conversations.list', {})).toEqual([]);
  });

  it('stops inflating past the cap (a ZIP bomb), having read no more than the cap', async () => {
    // 64 MB of blanks inside a valid array: it compresses to about 64 KB.
    const bomb = new Uint8Array(64 * 1024 * 1024).fill(0x20);
    bomb[0] = 0x5b; // [
    bomb[bomb.length - 1] = 0x5d; // ]
    const zip = zipOf({ 'conversations.json': bomb });
    expect(zip.size).toBeLessThan(1024 * 1024);
    let read = 0;
    const parts = conversationsFromZip(zip, { maxBytes: 4 * 1024 * 1024 });
    await expect(
      (async () => {
        for await (const part of parts) read += part.length;
      })(),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('too large to import') });
    expect(read).toBeLessThanOrEqual(4 * 1024 * 1024);
  });
});
