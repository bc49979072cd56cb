// A client that sends calls and never reads the answers, against the real web binding and a
// real engine: the server stops answering it once its queue is full (so it never holds more
// than a bounded amount for it), other clients are answered promptly meanwhile, and the slow
// client gets every answer once it reads again.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { EngineApi } from '../../src/main/engine/api';
import {
  MAX_CALLS_IN_FLIGHT,
  PAUSE_QUEUED_BYTES,
  startWebBinding,
  type WebBinding,
} from '../../src/main/web/ws-server';
import { startEngine, type EngineHarness } from '../support/engine';
import { syntheticExport } from '../support/export-file';

const LIVENESS_MS = 2_000;
const BIG_ANSWER_CHARS = 900_000;
const CALLS = 200;

function connect(web: WebBinding): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${web.port}/rpc?token=${web.token}`, {
    headers: { origin: `http://127.0.0.1:${web.port}` },
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('WebSocket back-pressure (real engine)', () => {
  let h: EngineHarness | undefined;
  let web: WebBinding | undefined;
  afterEach(async () => {
    await web?.dispose();
    await h?.dispose();
    h = web = undefined;
  });

  it('stops answering a client that does not read, keeps answering others, and catches the slow one up later', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    // One conversation whose single message makes every answer ~0.9 MB.
    const file = JSON.parse(syntheticExport(1, 1)) as { messages: { content: string }[] };
    file.messages[0]!.content = 'tide '.repeat(BIG_ANSWER_CHARS / 5);
    expect(await api.dispatch('data.importAll', { json: JSON.stringify(file) })).toMatchObject({ ok: true });

    let dispatched = 0;
    const counting = Object.assign(Object.create(api) as EngineApi, {
      dispatch: (method: unknown, input: unknown) => {
        if (method === 'conversations.messages') dispatched += 1;
        return api.dispatch(method, input);
      },
    });
    web = await startWebBinding({ api: counting, engine: h.engine, staticDir: h.dataDir });

    const slow = await connect(web);
    let answers = 0;
    slow.on('message', (data) => {
      if ((JSON.parse(String(data)) as { id?: unknown }).id !== undefined) answers += 1;
    });
    slow.pause(); // reads nothing from here on
    for (let id = 1; id <= CALLS; id++)
      slow.send(JSON.stringify({ id, method: 'conversations.messages', input: { conversationId: 'c0' } }));

    // The server works for the slow client until its queue is full, then waits.
    const bound = Math.ceil(PAUSE_QUEUED_BYTES / BIG_ANSWER_CHARS) + MAX_CALLS_IN_FLIGHT + 8;
    await expect.poll(() => dispatched, { timeout: 30_000 }).toBeGreaterThan(5);
    const other = await connect(web);
    const answered = new Promise<unknown>((resolve) =>
      other.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { id?: number; result?: unknown };
        if (frame.id === 1) resolve(frame.result);
      }),
    );
    other.send(JSON.stringify({ id: 1, method: 'conversations.list', input: {} }));
    const timeout = new Promise((_, reject) =>
      setTimeout(() => reject(new Error('the other client got no answer within 2 s')), LIVENESS_MS).unref(),
    );
    expect(await Promise.race([answered, timeout])).toMatchObject({ ok: true, value: [{ id: 'c0' }] });
    // Before: all 200 answers (180 MB) were built and queued for a client that read none of them.
    expect(dispatched).toBeLessThanOrEqual(bound);
    other.close();

    slow.resume();
    await expect.poll(() => answers, { timeout: 120_000, interval: 50 }).toBe(CALLS);
    expect(dispatched).toBe(CALLS);
    slow.close();
  });
});
