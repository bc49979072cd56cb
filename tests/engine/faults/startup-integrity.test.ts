// Start-up integrity, through the contract on a real engine (real SQLite file, real Chroma,
// the test Ollama server): a damaged or lost database is never opened silently; the engine
// reports why (a typed start-up error), the start-up problem screen's contract offers the ways
// out, and each leads to a working profile whose vector index matches SQLite by id.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import { resolveEngineConfig } from '../../../src/main/engine/config';
import { fixedKey } from '../../../src/main/engine/keys';
import { dataPaths, Engine } from '../../../src/main/engine/engine';
import { startupCheckKind } from '../../../src/main/engine/profile';
import type { MethodOutputs } from '../../../src/shared/contract';
import { TestOllamaServer } from '../../../testkit/ollama-server';
import { expectAlive, expectOk } from '../../support/faults';
import { TEST_KEY } from '../../support/store';
import {
  profileWith as buildProfile,
  middleLeafOf,
  openLikeAHost as openHost,
  rootPageOf,
  zeroPage,
} from '../../support/profile-faults';

describe('start-up integrity (real engine, Chroma, test Ollama)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A profile with `count` exchanges in one conversation, indexed, closed, with its own test Ollama server. */
  async function profileWith(
    count: number,
  ): Promise<{ dir: string; ollama: TestOllamaServer; conversationId: string }> {
    const ollama = new TestOllamaServer();
    cleanups.push(() => ollama.stop());
    return { ollama, ...(await buildProfile(count, ollama, cleanups)) };
  }

  const openLikeAHost = (dir: string, ollama: TestOllamaServer) => openHost(dir, ollama, cleanups);

  it('a damaged database is reported, not opened: typed error, plain words, every other call refused the same way', async () => {
    const { dir, ollama } = await profileWith(3);
    zeroPageOf(dir, 'messages');
    const host = await openLikeAHost(dir, ollama);
    expect(host.problem).toMatchObject({ reason: 'damaged', actions: ['recover-readable', 'start-fresh'] });
    expect(host.problem!.message).not.toMatch(/malformed|SQLITE/i);
    expect(expectOk(await host.api().dispatch('profile.problem', {}))).toEqual(host.problem);
    for (const method of ['conversations.list', 'app.status', 'chat.send']) {
      expect(await host.api().dispatch(method, {})).toMatchObject({
        ok: false,
        error: { code: 'PROFILE_UNAVAILABLE' },
      });
    }
    expect(await host.api().dispatch('profile.recover', { action: 'restore-backup' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('"recover what can be read" copies the readable rows into a new file, keeps the damaged one aside, and the app works', async () => {
    const { dir, ollama, conversationId } = await profileWith(40);
    zeroLeafPageOf(dir, 'messages');
    const host = await openLikeAHost(dir, ollama);
    expect(host.problem?.reason).toBe('damaged');

    const outcome = expectOk(
      await host.api().dispatch('profile.recover', { action: 'recover-readable' }),
    ) as MethodOutputs['profile.recover'];
    expect(outcome.rows!.copied).toBeGreaterThan(0);
    expect(outcome.setAsidePath && existsSync(outcome.setAsidePath)).toBe(true);
    const api = host.api();
    await expectAlive(api as EngineApi);
    const messages = expectOk(
      await api.dispatch('conversations.messages', { conversationId, limit: 1000 }),
    ) as MethodOutputs['conversations.messages'];
    // A page of them sat on the zeroed page; their chunks still held their text, so they are rebuilt.
    expect(messages.length).toBe(80);
    expect(outcome.rows!.lost).toBeGreaterThan(0);
    const hits = expectOk(
      await api.dispatch('search.messages', { query: messages.at(-1)!.content.split(' ').slice(0, 4).join(' ') }),
    ) as MethodOutputs['search.messages'];
    expect(hits.length).toBeGreaterThan(0);
    await expectIndexMatchesStore(host.engine()!);
  });

  it('"restore a backup" puts the newest backup back', async () => {
    const { dir, ollama, conversationId } = await profileWith(2);
    mkdirSync(join(dir, 'backups'), { recursive: true });
    copyFileSync(join(dir, 'mnemo.sqlite'), join(dir, 'backups', 'mnemo-schema5-before.sqlite'));
    zeroPageOf(dir, 'conversations');
    const host = await openLikeAHost(dir, ollama);
    expect(host.problem?.actions).toEqual(['restore-backup', 'recover-readable', 'start-fresh']);
    expect(host.problem?.backups.map((b) => b.name)).toEqual(['mnemo-schema5-before.sqlite']);

    expectOk(await host.api().dispatch('profile.recover', { action: 'restore-backup' }));
    const messages = expectOk(
      await host.api().dispatch('conversations.messages', { conversationId }),
    ) as MethodOutputs['conversations.messages'];
    expect(messages).toHaveLength(4);
    await expectAlive(host.api() as EngineApi);
  });

  for (const variant of ['missing', 'empty'] as const) {
    it(`the database ${variant} while chroma/ holds old vectors is reported; "start fresh" clears those vectors`, async () => {
      const { dir, ollama } = await profileWith(2);
      if (variant === 'missing') rmSync(join(dir, 'mnemo.sqlite'));
      else writeFileSync(join(dir, 'mnemo.sqlite'), '');
      const host = await openLikeAHost(dir, ollama);
      expect(host.problem).toMatchObject({ reason: 'missing', actions: ['start-fresh'] });

      expectOk(await host.api().dispatch('profile.recover', { action: 'start-fresh' }));
      const engine = host.engine()!;
      expect(expectOk(await host.api().dispatch('conversations.list', {}))).toEqual([]);
      const model = engine.services.settings.embeddingModel();
      expect(await engine.internals.vectors.count('chunk', model)).toBe(0);
      expect(readdirSync(join(dir, 'damaged')).length).toBe(variant === 'empty' ? 1 : 0);
      await expectAlive(host.api() as EngineApi);
    });
  }

  it('reads every page at start unless the file is exactly as a clean close left it (a crash, any write, damage seen: every page)', async () => {
    const { dir, ollama } = await profileWith(2);
    const paths = dataPaths(dir);
    expect(startupCheckKind(paths)).toBe('light');
    const host = await openLikeAHost(dir, ollama);
    expect(host.problem).toBeNull();
    // Open (a crash from here leaves no clean close), then closed: light again.
    expect(startupCheckKind(paths)).toBe('every-page');
    await host.engine()!.close();
    expect(startupCheckKind(paths)).toBe('light');
    // Damage met during a session is remembered past its close.
    const again = await openLikeAHost(dir, ollama);
    again.engine()!.emit('index-error', { code: 'DB_CORRUPT', message: 'Part of the database file is damaged.' });
    await again.engine()!.close();
    expect(startupCheckKind(paths)).toBe('every-page');
    const third = await openLikeAHost(dir, ollama);
    await third.engine()!.close();
    expect(startupCheckKind(paths)).toBe('light');
    // Any write after the close (here a zeroed page, in place) and the whole file is read: the damage is found.
    zeroPageOf(dir, 'turn_metrics');
    expect(startupCheckKind(paths)).toBe('every-page');
    expect((await openLikeAHost(dir, ollama)).problem?.reason).toBe('damaged');
  });

  it('the first window does not wait for the reconciliation: the engine opens and answers, the index is reconciled after', async () => {
    const { dir, ollama } = await profileWith(2);
    const config = resolveEngineConfig(dir, { ollama: { host: ollama.url } });
    const engine = await Engine.open({ config, keys: fixedKey(TEST_KEY), runIndexer: true });
    cleanups.push(() => engine.close());
    let reconciled = false;
    void engine.internals.vectorIndex.reconciled().then(() => (reconciled = true));
    // Answered while the reconciliation still waits on Chroma (it cannot finish without a round trip).
    expect(expectOk(await new EngineApi(engine).dispatch('conversations.list', {}))).toHaveLength(1);
    expect(reconciled).toBe(false);
    await engine.internals.vectorIndex.reconciled();
    expect(reconciled).toBe(true);
    await expectIndexMatchesStore(engine);
  });

  it('the vector index is reconciled by id at start: equal counts with different items are caught', async () => {
    const { dir, ollama } = await profileWith(2);
    const host = await openLikeAHost(dir, ollama);
    const engine = host.engine()!;
    const model = engine.services.settings.embeddingModel();
    const [first] = engine.internals.store.chunks.idsAfter(0, 1);
    const vector = engine.internals.store.embeddings.find('chunk', first!.id, model)!.vector;
    // Swap one real vector for a foreign one: Chroma's count stays what SQLite expects.
    await engine.internals.vectors.delete('chunk', model, [first!.id]);
    await engine.internals.vectors.upsert('chunk', model, [
      { id: 'chunk-from-another-profile', embedding: vector, metadata: { conversation_id: 'gone' } },
    ]);
    expect(await engine.internals.vectors.count('chunk', model)).toBe(engine.internals.store.chunks.count());

    await engine.close();
    const reopened = await openLikeAHost(dir, ollama);
    await expectIndexMatchesStore(reopened.engine()!);
  });
});

async function expectIndexMatchesStore(engine: Engine): Promise<void> {
  await engine.internals.indexer.flush(10);
  const model = engine.services.settings.embeddingModel();
  const sqlite = new Set<string>();
  for (let after = 0; ;) {
    const page = engine.internals.store.chunks.idsAfter(after, 500);
    if (page.length === 0) break;
    for (const row of page) sqlite.add(row.id);
    after = page.at(-1)!.rowid;
  }
  expect([...(await engine.internals.vectors.allIds('chunk', model))].sort()).toEqual([...sqlite].sort());
}

function zeroPageOf(dir: string, table: string): void {
  zeroPage(dir, rootPageOf(dir, table));
}

function zeroLeafPageOf(dir: string, table: string): void {
  zeroPage(dir, middleLeafOf(dir, table));
}
