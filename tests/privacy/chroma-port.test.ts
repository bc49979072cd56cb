// What any other local process can read from Chroma's port. The shipped server (chromadb-js-
// bindings 1.0.5, server 1.0.0) has no authentication to turn on (its Rust frontend's auth is
// a no-op), so this is a stated limit, not a lock: the port is loopback-only and random, and
// it serves ids, vectors and filter metadata, never the text of a message or a memory.
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../src/main/engine/api';
import type { MethodOutputs } from '../../src/shared/contract';
import { startEngine, type EngineHarness } from '../support/engine';

const BASE = '/api/v2/tenants/default_tenant/databases/default_database';

describe("Chroma's port, as another local process sees it (real sidecar)", () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('answers without a token on 127.0.0.1 only, and holds no message or memory text', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const result = await api.dispatch('chat.send', { content: 'My locker combination is zebra-quartz-1187' });
    if (!result.ok) throw new Error(result.error.message);
    const sent = { value: result.value as MethodOutputs['chat.send'] };
    await api.dispatch('memory.add', { content: 'Keeps the spare key under the heron statue', category: 'home' });
    await expect.poll(() => h!.engine.internals.chat.isBusy(sent.value.conversationId)).toBe(false);
    await h.engine.internals.indexer.flush();

    const url = new URL(h.engine.internals.sidecar.url!);
    expect(url.hostname).toBe('127.0.0.1');
    const collections = (await (await fetch(`${url.origin}${BASE}/collections`)).json()) as {
      id: string;
      name: string;
    }[];
    expect(collections.length).toBeGreaterThan(0);
    let everything = JSON.stringify(collections);
    for (const c of collections) {
      const got = await fetch(`${url.origin}${BASE}/collections/${c.id}/get`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ include: ['documents', 'metadatas'] }),
      });
      expect(got.status).toBe(200);
      everything += await got.text();
    }
    expect(everything).toContain(sent.value.conversationId);
    for (const secret of ['zebra-quartz', 'locker', 'heron', 'spare key']) expect(everything).not.toContain(secret);
  });
});
