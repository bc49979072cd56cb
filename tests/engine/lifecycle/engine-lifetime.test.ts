// The engine's lifetimes on the real parts (SQLite file, Chroma sidecar, the test Ollama over
// HTTP): close releases everything in reverse order of creation, once, past a part that fails;
// closing while work runs (a reply streaming, the indexer draining, an idle summary being
// written) ends cleanly with nothing lost; starting over tears the profile down and brings a
// new one up in the same Engine.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dataPaths } from '../../../src/main/engine/engine';
import { DisposalError } from '../../../src/main/engine/lifecycle';
import { closedCleanly } from '../../../src/main/engine/profile/clean-close';
import type { SerializedError } from '../../../src/shared/errors';
import { indexCounts, startEngine, type EngineHarness } from '../../support/engine';
import { watchUnhandledRejections } from '../../support/faults';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('engine lifetimes (real SQLite, Chroma, test Ollama)', () => {
  let h: EngineHarness | null = null;
  afterEach(async () => {
    await h?.dispose().catch(() => undefined);
    h = null;
  });

  function errorsDuringClose(): SerializedError[] {
    const errors: SerializedError[] = [];
    h!.engine.on('index-error', (e) => errors.push(e));
    h!.engine.on('chat', (e) => e.type === 'turn-error' && errors.push(e.error));
    return errors;
  }

  it('releases its parts in reverse order of creation, once, however often close is called', async () => {
    h = await startEngine({ engine: { runIndexer: true } });
    const { store, indexer, sidecar, idleSummaries, extraction, monitoring } = h.engine.internals;
    const released: string[] = [];
    const record = <T extends object>(name: string, part: T, method: keyof T & string) => {
      const original = (part[method] as (...args: unknown[]) => unknown).bind(part);
      vi.spyOn(part as Record<string, (...args: unknown[]) => unknown>, method).mockImplementation((...args) => {
        released.push(name);
        return original(...args);
      });
    };
    record('database', store, 'close');
    record('chroma', sidecar, 'dispose');
    record('indexer', indexer, 'dispose');
    record('idle summaries', idleSummaries, 'dispose');
    record('extraction', extraction, 'dispose');
    record('pruner', monitoring.pruner, 'dispose');
    const pid = sidecar.pid!;

    await Promise.all([h.engine.close(), h.engine.close()]);
    await h.engine.close();

    // Created database → Chroma → indexer → summaries → extraction → pruner; released backwards.
    // The end-of-session step disposes the (already stopped) idle summaries a second time.
    expect(released.filter((name, i) => released.indexOf(name) === i)).toEqual([
      'pruner',
      'extraction',
      'idle summaries',
      'indexer',
      'chroma',
      'database',
    ]);
    expect(released.filter((name) => name !== 'idle summaries')).toHaveLength(5);
    expect(alive(pid)).toBe(false);
    expect(store.db.open).toBe(false);
    expect(closedCleanly(dataPaths(h.dataDir))).toBe(true);
  });

  it('releases every other part when one fails, reports the failure, and does not call the close clean', async () => {
    h = await startEngine({ engine: { runIndexer: true } });
    const { store, indexer, sidecar } = h.engine.internals;
    const pid = sidecar.pid!;
    const stopChroma = sidecar.dispose.bind(sidecar);
    vi.spyOn(sidecar, 'dispose').mockRejectedValueOnce(new Error('Chroma would not stop'));
    const indexerReleased = vi.spyOn(indexer, 'dispose');

    const failure = await h.engine.close().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DisposalError);
    expect((failure as DisposalError).errors.map((e: Error) => e.message)).toEqual(['Chroma would not stop']);
    // Released before it (the indexer) and after it (the database) all the same.
    expect(indexerReleased).toHaveBeenCalled();
    expect(store.db.open).toBe(false);
    expect(closedCleanly(dataPaths(h.dataDir))).toBe(false);
    await stopChroma();
    expect(alive(pid)).toBe(false);
  });

  it('closing while a reply streams keeps the partial reply and closes cleanly', async () => {
    h = await startEngine();
    const errors = errorsDuringClose();
    h.ollama.scriptChat({ text: 'one two three four five six seven eight nine ten', tokenDelayMs: 80 });
    const turn = await h.engine.internals.chat.send({ content: 'Count slowly.' });
    await new Promise<void>((resolve) => h!.engine.on('chat', (e) => e.type === 'token' && resolve()));
    await h.engine.close();
    const result = await turn.done;
    expect(result.assistantMessage.status).toBe('stopped');
    expect(errors).toEqual([]);
    expect(closedCleanly(dataPaths(h.dataDir))).toBe(true);
    const stored = (await h.reopen()).internals.store.messages.find(result.assistantMessage.id)!;
    expect(stored).toMatchObject({ status: 'stopped', content: result.assistantMessage.content });
  });

  it('closing while the indexer drains ends cleanly, and the next start indexes what was left', async () => {
    h = await startEngine({ engine: { runIndexer: true, indexer: { batchSize: 2, embedBatchSize: 2 } } });
    const rejections = watchUnhandledRejections();
    try {
      const errors = errorsDuringClose();
      const { store } = h.engine.internals;
      const conversation = store.conversations.create({ title: 'Many notes' });
      const firstBatch = new Promise<void>((resolve) => h!.engine.internals.indexer.once('progress', () => resolve()));
      for (let i = 0; i < 40; i++)
        store.messages.appendTurn({ conversationId: conversation.id, role: 'user', content: `Note ${i} on tents.` });
      await firstBatch;
      await h.engine.close();
      expect(errors).toEqual([]);
      expect(await rejections.settled()).toEqual([]);
      expect(closedCleanly(dataPaths(h.dataDir))).toBe(true);

      const reopened = await h.reopen({ runIndexer: false });
      await reopened.internals.indexer.flush();
      const counts = await indexCounts(reopened);
      expect(counts.sqlite.chunk).toBeGreaterThanOrEqual(40);
      expect(counts.chroma.chunk).toBe(counts.sqlite.chunk);
    } finally {
      rejections.dispose();
    }
  });

  it('closing while an idle summary is being written lets it finish and keeps it', async () => {
    h = await startEngine({ engine: { runBackgroundSummaries: false } });
    const errors = errorsDuringClose();
    let conversationId: string | null = null;
    for (let i = 0; i < 12; i++) {
      const turn = await h.engine.internals.chat.send({
        conversationId,
        content: `Planning detail ${i}: ` + 'we need tents, stoves and maps for the trip to the lakes. '.repeat(4),
      });
      conversationId = turn.conversationId;
      await turn.done;
    }
    const { store, idleSummaries } = h.engine.internals;
    store.db.prepare('UPDATE conversations SET updated_at = updated_at - 3600000').run();
    const summaryAsked = new Promise<void>((resolve) =>
      h!.ollama.onChat(() => {
        resolve();
        return { text: 'They planned a lake trip with tents, stoves and maps.', delayMs: 200, tokenDelayMs: 20 };
      }),
    );
    const pass = idleSummaries.runOnce();
    await summaryAsked;
    await h.engine.close();
    await pass;
    expect(errors).toEqual([]);
    expect(closedCleanly(dataPaths(h.dataDir))).toBe(true);
    const reopened = await h.reopen();
    expect(reopened.internals.store.summaries.all(conversationId!)).toMatchObject([
      { trigger: 'idle', content: 'They planned a lake trip with tents, stoves and maps.' },
    ]);
  });

  it('starting over tears the profile down and brings a new one up: new Chroma, running indexer', async () => {
    h = await startEngine({ engine: { runIndexer: true, indexer: { pollMs: 20 } } });
    const { sidecar, indexer, store } = h.engine.internals;
    const before = sidecar.pid!;
    const first = await h.engine.internals.chat.send({ content: 'My kayak is red.' });
    await first.done;

    await h.engine.services.data.deleteAll();

    expect(alive(before)).toBe(false);
    expect(sidecar.pid).not.toBe(before);
    expect(sidecar.state).toBe('ready');
    expect(indexer.status().running).toBe(true);
    expect(store.conversations.list({ includeArchived: true })).toEqual([]);
    // The new profile indexes on its own, through the new Chroma.
    const next = await h.engine.internals.chat.send({ content: 'My canoe is blue.' });
    await next.done;
    expect(store.chunks.count()).toBeGreaterThan(0);
    await expect.poll(async () => (await indexCounts(h!.engine)).chroma.chunk).toBe(store.chunks.count());
    // And it closes as any engine does.
    await h.engine.close();
    expect(closedCleanly(dataPaths(h.dataDir))).toBe(true);
  });
});
