// Helpers for start-up integrity tests: a real profile (engine, Chroma, the test Ollama server)
// closed on disk, ways to damage its files as crashes, disks and copies do, and an opening that
// goes the way the hosts go (the engine, or the start-up problem's contract and then the engine).
import { closeSync, cpSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { EngineApi } from '../../src/main/engine/api';
import { RecoveryApi } from '../../src/main/engine/api/recovery-api';
import { resolveEngineConfig } from '../../src/main/engine/config';
import { dataPaths, Engine } from '../../src/main/engine/engine';
import { fixedKey } from '../../src/main/engine/keys';
import { ProfileUnavailableError } from '../../src/main/engine/profile';
import { applyKey } from '../../src/main/engine/store/cipher';
import type { MethodOutputs } from '../../src/shared/contract';
import type { ProfileProblem } from '../../src/shared/profile';
import type { TestOllamaServer } from '../../testkit/ollama-server';
import { startEngine } from './engine';
import { expectOk, turnEnd } from './faults';
import { TEST_KEY, tempDir } from './store';

type Cleanups = (() => Promise<void> | void)[];
type Sent = MethodOutputs['chat.send'];

const WORDS = ['stapler', 'passport', 'umbrella', 'compass', 'harmonica', 'telescope', 'kettle', 'lantern'];

/** A profile with `count` exchanges in one conversation, indexed, checkpointed and closed. */
export async function profileWith(
  count: number,
  ollama: TestOllamaServer,
  cleanups: Cleanups,
): Promise<{ dir: string; conversationId: string }> {
  const dir = tempDir('mnemo-integrity-');
  cleanups.push(() => dir.remove());
  const h = await startEngine({ dataDir: dir.path, ollama });
  const api = new EngineApi(h.engine);
  let conversationId: string | null = null;
  for (let i = 0; i < count; i++) {
    const sent = expectOk(
      await api.dispatch('chat.send', {
        conversationId,
        content: `Note ${i}: the ${WORDS[i % WORDS.length]} is in drawer ${i}.`,
      }),
    ) as Sent;
    conversationId = sent.conversationId;
    await turnEnd(h.engine, sent.assistantMessageId);
  }
  await h.engine.internals.indexer.flush(10);
  h.engine.internals.store.db.pragma('wal_checkpoint(TRUNCATE)');
  await h.engine.close();
  return { dir: dir.path, conversationId: conversationId! };
}

/** A copy of a closed profile's folder, to damage without touching the original. */
export function copyProfile(dir: string, cleanups: Cleanups): string {
  const copy = tempDir('mnemo-damaged-');
  cleanups.push(() => copy.remove());
  cpSync(dir, copy.path, { recursive: true });
  return copy.path;
}

export interface OpenedLikeAHost {
  api: () => EngineApi | RecoveryApi;
  engine: () => Engine | null;
  problem: ProfileProblem | null;
}

/** Opens like a host does: the engine, or the start-up problem's contract (then the engine after recovery). */
export async function openLikeAHost(
  dir: string,
  ollama: TestOllamaServer,
  cleanups: Cleanups,
): Promise<OpenedLikeAHost> {
  const config = resolveEngineConfig(dir, {
    ollama: { host: ollama.url },
    chroma: { restartBackoffMs: { initial: 100, max: 1_000 }, queryTimeoutMs: 30_000 },
  });
  const open = async () => {
    const engine = await Engine.open({
      config,
      keys: fixedKey(TEST_KEY),
      runIndexer: true,
      indexer: { pollMs: 20, backoffMs: { initial: 20, max: 200 } },
    });
    cleanups.push(() => engine.close());
    await engine.internals.vectorIndex.reconciled();
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

export const databasePath = (dir: string) => join(dir, 'mnemo.sqlite');

/** Reads the (encrypted) database with the test key, to find where something lives before damaging it. */
export function inspectDatabase<T>(dir: string, look: (db: Database.Database) => T): T {
  const db = new Database(databasePath(dir), { readonly: true });
  try {
    applyKey(db, TEST_KEY);
    return look(db);
  } finally {
    db.close();
  }
}

/** A table's or index's root page number. */
export const rootPageOf = (dir: string, name: string): number =>
  inspectDatabase(
    dir,
    (db) =>
      (db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = ?`).get(name) as { rootpage: number }).rootpage,
  );

/** One leaf page in the middle of a table or index (its root stays readable). */
export const middleLeafOf = (dir: string, name: string): number =>
  inspectDatabase(dir, (db) => {
    const pages = db
      .prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno`)
      .all(name) as { pageno: number }[];
    if (pages.length < 3) throw new Error(`${name} has only ${pages.length} leaf pages`);
    return pages[Math.floor(pages.length / 2)]!.pageno;
  });

export const pageSizeOf = (dir: string): number =>
  inspectDatabase(dir, (db) => db.pragma('page_size', { simple: true }) as number);

/** Overwrites `bytes` at `offset` of a file on disk. */
export function overwrite(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

/** Zeroes page `page` (1-based) of the database file. */
export function zeroPage(dir: string, page: number): void {
  const size = pageSizeOf(dir);
  overwrite(databasePath(dir), (page - 1) * size, Buffer.alloc(size));
}
