// "Delete all data" on a running engine: every file the engine made in the data folder goes
// (database with its journals, Chroma's folder, backups, the vector cache inside the
// database), files it did not make stay, and the same Engine carries on as an empty profile
// that chats, indexes and answers the calls the shell makes.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import type { MethodOutputs } from '../../../src/shared/contract';
import { indexCounts, startEngine, type EngineHarness } from '../../support/engine';

const MARKER = 'quetzal-7731-zeppelin';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('delete all data (real engine)', () => {
  let h: EngineHarness;
  let api: EngineApi;
  const call = async <T>(method: string, input: unknown = {}) => {
    const result = await api.dispatch(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };

  beforeAll(async () => {
    h = await startEngine({
      engine: { runIndexer: true, indexer: { pollMs: 20, backoffMs: { initial: 20, max: 200 } } },
    });
    api = new EngineApi(h.engine);
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it('refuses anything but the exact confirmation word', async () => {
    for (const input of [
      {},
      { confirm: 'delete' },
      { confirm: 'DELETE ' },
      { confirm: true },
      { confirm: 'DELETE', extra: 1 },
      'DELETE',
    ]) {
      expect(await api.dispatch('data.deleteAll', input)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
  });

  it('removes every file it made, keeps the rest, and leaves a working empty profile', async () => {
    const first = await call<MethodOutputs['chat.send']>('chat.send', {
      content: `Remember the word ${MARKER}, please.`,
    });
    await expect.poll(() => h.engine.internals.chat.isBusy(first.conversationId)).toBe(false);
    expect(h.engine.internals.chat.lastContext(first.conversationId)).toBeDefined();
    await call('memory.add', { content: `My locker code is ${MARKER}`, category: 'facts', importance: 4 });
    await call('settings.update', { systemPrompt: 'Custom prompt', reservedOutputTokens: 900 });
    await h.engine.internals.indexer.flush();
    expect((await indexCounts(h.engine)).chroma.chunk).toBeGreaterThan(0);
    // A pre-migration backup as an upgrade leaves it, and a file the Electron shell keeps in the same folder.
    mkdirSync(join(h.dataDir, 'backups'), { recursive: true });
    h.engine.internals.store.db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(join(h.dataDir, 'mnemo.sqlite'), join(h.dataDir, 'backups', 'mnemo-schema1-old.sqlite'));
    writeFileSync(join(h.dataDir, 'Preferences'), '{"shell":"keeps this"}');

    // A reply still being written when the user deletes everything is stopped first.
    h.ollama.onChat(() => ({ text: 'a slow reply '.repeat(200), tokenDelayMs: 20 }));
    const streaming = await call<MethodOutputs['chat.send']>('chat.send', {
      content: 'Write me something long.',
      conversationId: first.conversationId,
    });
    expect(h.engine.internals.chat.isBusy(streaming.conversationId)).toBe(true);

    const before = filesUnder(h.dataDir);
    expect(before).toEqual(
      expect.arrayContaining([
        'mnemo.sqlite',
        'Preferences',
        join('backups', 'mnemo-schema1-old.sqlite'),
        join('chroma', 'chroma.sqlite3'),
      ]),
    );
    expect(before.some((f) => f.startsWith('chroma') && f !== join('chroma', 'chroma.sqlite3'))).toBe(true);

    expect(await call('data.deleteAll', { confirm: 'DELETE' })).toEqual({ deleted: true });

    const after = filesUnder(h.dataDir);
    // What a fresh profile creates may carry an old name; nothing else from before is there.
    const fresh = new Set([
      'mnemo.sqlite',
      'mnemo.sqlite-wal',
      'mnemo.sqlite-shm',
      join('chroma', 'chroma.sqlite3'),
      join('chroma', 'mnemo-sidecar.yaml'),
    ]);
    expect(before.filter((f) => after.includes(f) && !fresh.has(f))).toEqual(['Preferences']);
    expect(existsSync(join(h.dataDir, 'backups'))).toBe(false);
    expect(readFileSync(join(h.dataDir, 'Preferences'), 'utf8')).toBe('{"shell":"keeps this"}');
    // No byte of the old data survives in any file the engine now has.
    for (const file of after) {
      const bytes = readFileSync(join(h.dataDir, file));
      expect(bytes.includes(MARKER), file).toBe(false);
      expect(bytes.includes(first.conversationId), file).toBe(false);
    }

    // The same engine, as the shell holds it, is an empty profile now.
    expect(h.engine.internals.chat.isBusy()).toBe(false);
    // Nor in memory: the inspector has nothing left to show of the old conversations.
    expect(h.engine.internals.chat.lastContext(first.conversationId)).toBeUndefined();
    expect(await call('conversations.list', { includeArchived: true })).toEqual([]);
    expect(await call('memory.list', {})).toEqual([]);
    expect(await call('search.messages', { query: MARKER })).toEqual([]);
    const status = await call<MethodOutputs['app.status']>('app.status');
    expect(status).toMatchObject({ chroma: { state: 'ready' }, indexing: { pending: 0 } });
    expect(await call<MethodOutputs['settings.get']>('settings.get')).toMatchObject({
      systemPrompt: h.engine.internals.settings.get().systemPrompt,
      reservedOutputTokens: h.engine.config.context.reservedOutputTokens,
    });
    expect(h.engine.internals.settings.get().systemPrompt).not.toBe('Custom prompt');
    expect(await indexCounts(h.engine)).toEqual({ chroma: { chunk: 0, memory: 0 }, sqlite: { chunk: 0, memory: 0 } });

    // And it chats, stores and indexes as before.
    h.ollama.onChat(() => ({ text: 'Fresh start.' }));
    const next = await call<MethodOutputs['chat.send']>('chat.send', { content: 'Hello again.' });
    await expect.poll(() => h.engine.internals.chat.isBusy(next.conversationId)).toBe(false);
    expect(
      (
        await call<MethodOutputs['conversations.messages']>('conversations.messages', {
          conversationId: next.conversationId,
        })
      ).map((m) => m.content),
    ).toEqual(['Hello again.', 'Fresh start.']);
    await expect
      .poll(async () => {
        const c = await indexCounts(h.engine);
        return c.chroma.chunk > 0 && c.chroma.chunk === c.sqlite.chunk;
      })
      .toBe(true);
  });
});
