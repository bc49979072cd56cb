// Start-up integrity, through the contract on a real engine (real SQLite file, real Chroma,
// the test Ollama server): a damaged or lost database is never opened silently; the engine
// reports why (a typed start-up error), the start-up problem screen's contract offers the ways
// out, and each leads to a working profile whose vector index matches SQLite by id.
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import { RecoveryApi } from '../../../src/main/engine/api/recovery-api';
import { resolveEngineConfig } from '../../../src/main/engine/config';
import { dataPaths, Engine } from '../../../src/main/engine/engine';
import { fixedKey } from '../../../src/main/engine/keys';
import { applyKey } from '../../../src/main/engine/store/cipher';
import { ProfileUnavailableError } from '../../../src/main/engine/profile';
import type { MethodOutputs } from '../../../src/shared/contract';
import type { ProfileProblem } from '../../../src/shared/profile';
import { TestOllamaServer } from '../../../testkit/ollama-server';
import { startEngine, type EngineHarness } from '../../support/engine';
import { expectAlive, expectOk, turnEnd } from '../../support/faults';
import { TEST_KEY, tempDir } from '../../support/store';

type Sent = MethodOutputs['chat.send'];

describe('start-up integrity (real engine, Chroma, test Ollama)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A profile with `count` exchanges in one conversation, indexed, closed; returns its folder and ids. */
  async function profileWith(count: number): Promise<{ dir: string; ollama: TestOllamaServer; conversationId: string }> {
    const dir = tempDir('mnemo-integrity-');
    const ollama = new TestOllamaServer();
    cleanups.push(() => dir.remove());
    const h: EngineHarness = await startEngine({ dataDir: dir.path, ollama });
    const api = new EngineApi(h.engine);
    let conversationId: string | null = null;
    for (let i = 0; i < count; i++) {
      const sent = expectOk(await api.dispatch('chat.send', { conversationId, content: `Note ${i}: the ${WORDS[i % WORDS.length]} is in drawer ${i}.` })) as Sent;
      conversationId = sent.conversationId;
      await turnEnd(h.engine, sent.assistantMessageId);
    }
    await h.engine.indexer.flush(10);
    h.engine.store.db.pragma('wal_checkpoint(TRUNCATE)');
    await h.engine.close();
    cleanups.push(() => ollama.stop());
    return { dir: dir.path, ollama, conversationId: conversationId! };
  }

  /** Opens like a host does: the engine, or the start-up problem's contract (then the engine after recovery). */
  async function openLikeAHost(dir: string, ollama: TestOllamaServer): Promise<{ api: () => EngineApi | RecoveryApi; engine: () => Engine | null; problem: ProfileProblem | null }> {
    const config = resolveEngineConfig(dir, { ollama: { host: ollama.url }, chroma: { restartBackoffMs: { initial: 100, max: 1_000 } } });
    const open = async () => {
      const engine = await Engine.open({ config, keys: fixedKey(TEST_KEY), runIndexer: true, indexer: { pollMs: 20, backoffMs: { initial: 20, max: 200 } } });
      cleanups.push(() => engine.close());
      return engine;
    };
    let engine: Engine | null = null;
    let api: EngineApi | RecoveryApi;
    try {
      engine = await open();
      api = new EngineApi(engine);
      return { api: () => api, engine: () => engine, problem: null };
    } catch (error) {
      if (!(error instanceof ProfileUnavailableError)) throw error;
      api = new RecoveryApi({
        paths: dataPaths(dir),
        problem: error.problem,
        keys: fixedKey(TEST_KEY),
        onRecovered: async () => {
          engine = await open();
          api = new EngineApi(engine);
        },
      });
      return { api: () => api, engine: () => engine, problem: error.problem };
    }
  }

  it('a damaged database is reported, not opened: typed error, plain words, every other call refused the same way', async () => {
    const { dir, ollama } = await profileWith(3);
    zeroPageOf(dir, 'messages');
    const host = await openLikeAHost(dir, ollama);
    expect(host.problem).toMatchObject({ reason: 'damaged', actions: ['recover-readable', 'start-fresh'] });
    expect(host.problem!.message).not.toMatch(/malformed|SQLITE/i);
    expect(expectOk(await host.api().dispatch('profile.problem', {}))).toEqual(host.problem);
    for (const method of ['conversations.list', 'app.status', 'chat.send']) {
      expect(await host.api().dispatch(method, {})).toMatchObject({ ok: false, error: { code: 'PROFILE_UNAVAILABLE' } });
    }
    expect(await host.api().dispatch('profile.recover', { action: 'restore-backup' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('"recover what can be read" copies the readable rows into a new file, keeps the damaged one aside, and the app works', async () => {
    const { dir, ollama, conversationId } = await profileWith(40);
    zeroLeafPageOf(dir, 'messages');
    const host = await openLikeAHost(dir, ollama);
    expect(host.problem?.reason).toBe('damaged');

    const outcome = expectOk(await host.api().dispatch('profile.recover', { action: 'recover-readable' })) as MethodOutputs['profile.recover'];
    expect(outcome.rows!.copied).toBeGreaterThan(0);
    expect(outcome.setAsidePath && existsSync(outcome.setAsidePath)).toBe(true);
    const api = host.api();
    await expectAlive(api as EngineApi);
    const messages = expectOk(await api.dispatch('conversations.messages', { conversationId, limit: 1000 })) as MethodOutputs['conversations.messages'];
    expect(messages.length).toBeGreaterThan(10);
    expect(messages.length).toBeLessThan(80); // a page of them sat on the zeroed page
    const hits = expectOk(await api.dispatch('search.messages', { query: messages.at(-1)!.content.split(' ').slice(0, 4).join(' ') })) as MethodOutputs['search.messages'];
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
    const messages = expectOk(await host.api().dispatch('conversations.messages', { conversationId })) as MethodOutputs['conversations.messages'];
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
      const model = engine.embeddingModel();
      expect(await engine.vectors.count('chunk', model)).toBe(0);
      expect(readdirSync(join(dir, 'damaged')).length).toBe(variant === 'empty' ? 1 : 0);
      await expectAlive(host.api() as EngineApi);
    });
  }

  it('the vector index is reconciled by id at start: equal counts with different items are caught', async () => {
    const { dir, ollama } = await profileWith(2);
    const host = await openLikeAHost(dir, ollama);
    const engine = host.engine()!;
    const model = engine.embeddingModel();
    const [first] = engine.store.chunks.idsAfter(0, 1);
    const vector = engine.store.embeddings.find('chunk', first!.id, model)!.vector;
    // Swap one real vector for a foreign one: Chroma's count stays what SQLite expects.
    await engine.vectors.delete('chunk', model, [first!.id]);
    await engine.vectors.upsert('chunk', model, [{ id: 'chunk-from-another-profile', embedding: vector, metadata: { conversation_id: 'gone' } }]);
    expect(await engine.vectors.count('chunk', model)).toBe(engine.store.chunks.count());

    await engine.close();
    const reopened = await openLikeAHost(dir, ollama);
    await expectIndexMatchesStore(reopened.engine()!);
  });
});

const WORDS = ['stapler', 'passport', 'umbrella', 'compass', 'harmonica', 'telescope', 'kettle', 'lantern'];

async function expectIndexMatchesStore(engine: Engine): Promise<void> {
  await engine.indexer.flush(10);
  const model = engine.embeddingModel();
  const sqlite = new Set<string>();
  for (let after = 0; ; ) {
    const page = engine.store.chunks.idsAfter(after, 500);
    if (page.length === 0) break;
    for (const row of page) sqlite.add(row.id);
    after = page.at(-1)!.rowid;
  }
  expect([...(await engine.vectors.allIds('chunk', model))].sort()).toEqual([...sqlite].sort());
}

/** Zeroes a table's root page in the (checkpointed, closed) database file. */
function zeroPageOf(dir: string, table: string): void {
  zeroPage(dir, (db) => (db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = ?`).get(table) as { rootpage: number }).rootpage);
}

/** Zeroes one leaf page in the middle of a table (its root stays readable). */
function zeroLeafPageOf(dir: string, table: string): void {
  zeroPage(dir, (db) => {
    const pages = db.prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno`).all(table) as { pageno: number }[];
    if (pages.length < 3) throw new Error(`${table} has only ${pages.length} leaf pages`);
    return pages[Math.floor(pages.length / 2)]!.pageno;
  });
}

function zeroPage(dir: string, pick: (db: Database.Database) => number): void {
  const path = join(dir, 'mnemo.sqlite');
  const db = new Database(path, { readonly: true });
  applyKey(db, TEST_KEY); // the profile is encrypted: pages are found through the key, then zeroed on disk
  const page = pick(db);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize), 0, pageSize, (page - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}
