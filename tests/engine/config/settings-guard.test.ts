// Settings through the contract on a real engine: checked as a whole (a reply reserve larger
// than the window is refused, naming the field and why), an Ollama host off this machine only
// with a confirmation naming it (and never from an old unconfirmed save), and NUL dropped
// from a memory's category as from its content. The engine keeps answering throughout.
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import type { Result } from '../../../src/shared/contract';
import { TestOllamaServer } from '../../../testkit/ollama-server';
import { startEngine, type EngineHarness } from '../../support/engine';
import { answersPromptly } from '../../support/faults';

describe('settings guarded as a whole (real engine)', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('refuses a reply reserve that leaves no room in the window, naming the field, and chat keeps working', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const before = await api.dispatch('settings.get', {});
    const refused = await api.dispatch('settings.update', { reservedOutputTokens: 100_000, contextLength: 512 });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        details: {
          issues: ['reservedOutputTokens'],
          fields: {
            reservedOutputTokens: expect.stringMatching(/no room for a prompt in a 512-token window: at most 256/),
          },
        },
      },
    });
    // A change that makes an existing value wrong is judged against it, too.
    await expect(api.dispatch('settings.update', { reservedOutputTokens: 900 })).resolves.toMatchObject({ ok: true });
    expect(await api.dispatch('settings.update', { contextLength: 1024 })).toMatchObject({
      ok: false,
      error: { details: { fields: { reservedOutputTokens: expect.any(String) } } },
    });
    expect(await api.dispatch('settings.update', { contextLength: 4096, chunkTokens: 3500 })).toMatchObject({
      ok: false,
      error: { details: { fields: { chunkTokens: expect.stringMatching(/cannot fit/) } } },
    });
    const after = (await api.dispatch('settings.get', {})) as Result<Record<string, unknown>>;
    expect(after).toMatchObject({
      ok: true,
      value: { ...(before as { value: object }).value, reservedOutputTokens: 900 },
    });

    const turn = (await answersPromptly(api.dispatch('chat.send', { content: 'Still there?' }))) as Result<{
      conversationId: string;
    }>;
    expect(turn.ok).toBe(true);
    await expect.poll(() => h!.engine.internals.store.messages.count()).toBe(2);
    await expect
      .poll(() => h!.engine.internals.store.messages.list(turn.ok ? turn.value.conversationId : '').at(-1)?.status)
      .toBe('complete');
  });

  it('sends messages off this machine only after a confirmation naming the host', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const local = h.engine.internals.settings.get().ollamaHost;
    for (const host of ['http://10.0.0.5:11434', 'http://169.254.169.254/', 'http://evil.example:11434']) {
      const refused = await api.dispatch('settings.update', { ollamaHost: host });
      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          details: {
            reason: 'remote-host-unconfirmed',
            host,
            fields: { ollamaHost: expect.stringContaining(`will be sent to ${new URL(host).host}`) },
          },
        },
      });
      // Confirming another host does not count.
      expect(
        await api.dispatch('settings.update', { ollamaHost: host, confirmRemoteHost: 'http://10.9.9.9:11434' }),
      ).toMatchObject({ ok: false });
    }
    expect(h.engine.internals.settings.get().ollamaHost).toBe(local);
    expect(h.engine.internals.ollama.host).toBe(local);
    // Loopback needs no confirmation.
    await expect(api.dispatch('settings.update', { ollamaHost: 'http://127.0.0.2:11434' })).resolves.toMatchObject({
      ok: true,
      value: { ollamaHost: 'http://127.0.0.2:11434' },
    });
    await expect(
      api.dispatch('settings.update', {
        ollamaHost: 'http://10.0.0.5:11434',
        confirmRemoteHost: 'http://10.0.0.5:11434',
      }),
    ).resolves.toMatchObject({ ok: true, value: { ollamaHost: 'http://10.0.0.5:11434' } });
    await expect(answersPromptly(api.dispatch('conversations.list', {}))).resolves.toMatchObject({ ok: true });

    // A remote host saved without that confirmation (an older version, an edited database) is not used.
    h.engine.internals.store.settings.set('user-settings', { ollamaHost: 'http://evil.example:11434' });
    h.engine.internals.store.settings.set('ollama.confirmedRemoteHost', 'http://10.0.0.5:11434');
    const reopened = await h.reopen();
    expect(reopened.internals.settings.get().ollamaHost).toBe(local);
    expect(reopened.internals.ollama.host).toBe(local);
  });

  it('a new Ollama host is used from the next turn on: its replies, its model windows', async () => {
    h = await startEngine();
    const other = new TestOllamaServer();
    const otherHost = await other.start();
    const api = new EngineApi(h.engine);
    const replied = async (content: string, conversationId?: string) => {
      const turn = (await api.dispatch('chat.send', {
        content,
        ...(conversationId ? { conversationId } : {}),
      })) as Result<{ conversationId: string }>;
      if (!turn.ok) throw new Error(turn.error.message);
      const id = turn.value.conversationId;
      await expect
        .poll(() => h!.engine.internals.store.messages.list(id).at(-1)?.status, { timeout: 10_000 })
        .toBe('complete');
      return id;
    };
    try {
      // A first turn on the old host: its model's window is known (and kept) from then on.
      const conversationId = await replied('Which server answers?');
      expect(h.ollama.requests.some((r) => r.path === '/api/show')).toBe(true);
      // The first turn's title is asked in the background: let it reach the old host first.
      const asksTitle = (r: { body: unknown }) => JSON.stringify(r.body).includes('short title');
      await expect.poll(() => h!.ollama.requests.some(asksTitle), { timeout: 10_000 }).toBe(true);
      const saved = await api.dispatch('settings.update', { ollamaHost: otherHost });
      expect(saved).toMatchObject({ ok: true, value: { ollamaHost: otherHost } });
      h.ollama.reset();
      await replied('And now?', conversationId);
      // The reply streamed from the new host, whose window for the model was asked afresh.
      expect(other.requests.some((r) => r.path === '/api/chat')).toBe(true);
      expect(other.requests.some((r) => r.path === '/api/show')).toBe(true);
      expect(h.ollama.requests.filter((r) => r.path === '/api/chat' || r.path === '/api/show')).toEqual([]);
    } finally {
      await other.stop();
    }
  });

  it('drops NUL from a memory category as from its content', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    const added = await api.dispatch('memory.add', { content: 'Likes\u0000 tea', category: 'dri\u0000nks' });
    expect(added).toMatchObject({ ok: true, value: { memory: { content: 'Likes tea', category: 'drinks' } } });
    expect(await api.dispatch('memory.categories', {})).toEqual({ ok: true, value: ['drinks'] });
  });
});
