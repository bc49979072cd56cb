// A Chroma sidecar that stops answering (SIGSTOP: its socket stays open, nothing replies),
// through the contract on a real engine: every call has a deadline so turns keep answering from
// keywords and SQLite-kept vectors, a sidecar that misses heartbeats is shown as not
// responding, killed and restarted, and Stop always ends a turn.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import type { AppStatus, MethodOutputs } from '../../../src/shared/contract';
import type { SerializedError } from '../../../src/shared/errors';
import { openDatabase } from '../../../src/main/engine/store';
import { startEngine, type EngineHarness } from '../../support/engine';
import { expectAlive, expectOk, turnEnd, watchUnhandledRejections } from '../../support/faults';
import { TEST_KEY } from '../../support/store';
import { resume, suspend } from '../../support/suspend';

type Sent = MethodOutputs['chat.send'];

describe('a Chroma that stops answering (real engine, real Chroma, test Ollama)', () => {
  let h: EngineHarness | undefined;
  let stoppedPid: number | null = null;
  const rejections = watchUnhandledRejections();
  afterEach(async () => {
    if (stoppedPid !== null) resume(stoppedPid);
    stoppedPid = null;
    await h?.dispose();
    h = undefined;
  });

  const pause = async (pid: number) => {
    stoppedPid = pid;
    await suspend(pid);
  };

  /** A conversation with a fact indexed in Chroma; returns its id. */
  async function withIndexedFact(api: EngineApi): Promise<string> {
    const sent = expectOk(await api.dispatch('chat.send', { content: 'The ferry to Tromsø leaves at seven.' })) as Sent;
    await turnEnd(h!.engine, sent.assistantMessageId);
    await h!.engine.internals.indexer.flush(10);
    return sent.conversationId;
  }

  it('every turn answers while it is stopped, from keywords, however many turns and whatever was cached', async () => {
    // No health check here: only the calls' own deadlines stand between a turn and a wait without end.
    h = await startEngine({
      overrides: { chroma: { queryTimeoutMs: 400, callTimeoutMs: 800, healthCheck: { everyMs: 3_600_000 } } },
    });
    const api = new EngineApi(h.engine);
    const conversationId = await withIndexedFact(api);
    await pause(h.engine.internals.sidecar.pid!);

    for (let i = 0; i < 3; i++) {
      // The second turn on looks the collection up again (the cached one was dropped after the timeout).
      const sent = expectOk(
        await api.dispatch('chat.send', { conversationId, content: `When does the ferry leave? (${i})` }),
      ) as Sent;
      const end = await turnEnd(h.engine, sent.assistantMessageId);
      expect(end.type).toBe('turn-finished');
      const context = expectOk(
        await api.dispatch('chat.lastContext', { conversationId }),
      ) as MethodOutputs['chat.lastContext'];
      // Chroma's answer is missing; keywords and the conversation's vectors kept in SQLite carry the turn.
      expect(context?.items.some((item) => item.text.includes('Tromsø'))).toBe(true);
      await expectAlive(api);
    }
    const other = expectOk(
      await api.dispatch('chat.send', { content: 'A new conversation: when does the ferry to Tromsø leave?' }),
    ) as Sent;
    expect((await turnEnd(h.engine, other.assistantMessageId)).type).toBe('turn-finished');
    const fresh = expectOk(
      await api.dispatch('chat.lastContext', { conversationId: other.conversationId }),
    ) as MethodOutputs['chat.lastContext'];
    expect(fresh?.retrievalMode).toBe('keyword');
    expect(fresh?.items.some((item) => item.section === 'retrieved' && item.text.includes('seven'))).toBe(true);
    expect(await rejections.settled()).toEqual([]);
  });

  it('a sidecar that misses heartbeats is shown "not responding", killed and restarted; vectors answer again after', async () => {
    h = await startEngine({
      overrides: {
        chroma: {
          queryTimeoutMs: 400,
          callTimeoutMs: 800,
          healthCheck: { everyMs: 150, timeoutMs: 300, missesBeforeRestart: 3 },
        },
      },
    });
    const api = new EngineApi(h.engine);
    const conversationId = await withIndexedFact(api);
    const states: string[] = [];
    h.engine.on('chroma-state', (state) => states.push(state));
    const hungPid = h.engine.internals.sidecar.pid!;
    await pause(hungPid);

    const status = async () => (expectOk(await api.dispatch('app.status', {})) as AppStatus).chroma.state;
    await expect.poll(status, { interval: 20 }).toBe('not-responding');
    await expect.poll(() => states.includes('restarting')).toBe(true);
    await expect.poll(status, { timeout: 30_000 }).toBe('ready');
    expect(h.engine.internals.sidecar.pid).not.toBe(hungPid);
    expect(isAlive(hungPid)).toBe(false);
    stoppedPid = null;

    const sent = expectOk(
      await api.dispatch('chat.send', { conversationId, content: 'When does the ferry leave?' }),
    ) as Sent;
    expect((await turnEnd(h.engine, sent.assistantMessageId)).type).toBe('turn-finished');
    const context = expectOk(
      await api.dispatch('chat.lastContext', { conversationId }),
    ) as MethodOutputs['chat.lastContext'];
    expect(context?.retrievalMode).toBe('hybrid');
    await expectAlive(api);
    expect(await rejections.settled()).toEqual([]);
  });

  it('Stop ends a turn stuck on a step that does not answer; the conversation takes new messages and delete-all works', async () => {
    // Deadlines far beyond the test: only Stop can end these turns.
    h = await startEngine({
      overrides: { chroma: { queryTimeoutMs: 600_000, callTimeoutMs: 600_000, healthCheck: { everyMs: 3_600_000 } } },
    });
    const api = new EngineApi(h.engine);
    const conversationId = await withIndexedFact(api);
    await pause(h.engine.internals.sidecar.pid!);
    h.engine.internals.vectors.forgetCollections(); // the next turn looks the collection up: the call that used to hang

    for (let i = 0; i < 2; i++) {
      const sent = expectOk(
        await api.dispatch('chat.send', { conversationId, content: `Is anyone there? (${i})` }),
      ) as Sent;
      const ended = turnEnd(h.engine, sent.assistantMessageId);
      expect(h.engine.internals.chat.isBusy(conversationId)).toBe(true);
      expect(await api.dispatch('chat.stop', { conversationId })).toEqual({ ok: true, value: { stopped: true } });
      expect((await ended).type).toBe('turn-stopped');
      const messages = expectOk(
        await api.dispatch('conversations.messages', { conversationId }),
      ) as MethodOutputs['conversations.messages'];
      expect(messages.at(-1)).toMatchObject({ id: sent.assistantMessageId, status: 'stopped' });
      expect(h.engine.internals.chat.isBusy(conversationId)).toBe(false);
    }
    await expectAlive(api);
    expect(await api.dispatch('data.deleteAll', { confirm: 'DELETE' })).toEqual({ ok: true, value: { deleted: true } });
    stoppedPid = null; // delete-all stopped the sidecar and started a fresh one
    expect(expectOk(await api.dispatch('conversations.list', {}))).toEqual([]);
    expect(await rejections.settled()).toEqual([]);
  });

  it('a restart that ends while the database is closed (closing, starting over) is an index error, never an unhandled rejection', async () => {
    h = await startEngine();
    const { sidecar } = h.engine.internals;
    const indexErrors: SerializedError[] = [];
    h.engine.on('index-error', (error) => indexErrors.push(error));
    const restarting = new Promise<void>((resolve) => sidecar.on('state', (s) => s === 'restarting' && resolve()));
    const restarted = new Promise<void>((resolve) => sidecar.once('restarted', () => resolve()));
    process.kill(sidecar.pid!, 'SIGKILL');
    await restarting;
    // The profile's database goes while Chroma comes back, as when the app closes or Delete all starts over.
    h.engine.internals.store.close();
    await restarted;
    await expect.poll(async () => indexErrors.length + (await rejections.settled()).length).toBeGreaterThan(0);
    expect(await rejections.settled()).toEqual([]);
    expect(indexErrors).toEqual([expect.objectContaining({ code: 'CHROMA_DOWN' })]);
    // The database comes back, as Delete all's fresh profile does, and the app carries on.
    h.engine.internals.store.replaceDatabase(openDatabase(join(h.dataDir, 'mnemo.sqlite'), { key: TEST_KEY }).db);
    await expectAlive(new EngineApi(h.engine));
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
