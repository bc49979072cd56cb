// Every way a database file is found damaged in the wild, on a real SQLite file (encrypted, as
// every profile is) under a real engine with Chroma and the test Ollama server: a file cut short,
// a destroyed header, a zeroed page in each table that matters, a garbage or torn WAL, a wrong
// shared-memory file, a migration a crash interrupted. Each ends on the start-up problem screen's
// contract or in a clean repair, never a crash or a hang, and keeps every row that can be read.
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineApi } from '../../../src/main/engine/api';
import type { MethodOutputs } from '../../../src/shared/contract';
import type { RecoveryAction } from '../../../src/shared/profile';
import { TestOllamaServer } from '../../../testkit/ollama-server';
import { startEngine } from '../../support/engine';
import { expectAlive, expectOk, turnEnd } from '../../support/faults';
import {
  copyProfile,
  databasePath,
  inspectDatabase,
  middleLeafOf,
  openLikeAHost,
  overwrite,
  pageSizeOf,
  profileWith,
  rootPageOf,
  zeroPage,
  type OpenedLikeAHost,
} from '../../support/profile-faults';

const EXCHANGES = 30;

function withBackup(dir: string): void {
  mkdirSync(join(dir, 'backups'), { recursive: true });
  copyFileSync(databasePath(dir), join(dir, 'backups', 'mnemo-schema9-before.sqlite'));
}

/** The last page holding the list of tables (SQLite's schema): a cut before it leaves nothing readable. */
const lastSchemaPage = (dir: string): number =>
  inspectDatabase(
    dir,
    (db) => db.prepare(`SELECT max(pageno) FROM dbstat WHERE name = 'sqlite_schema'`).pluck().get() as number,
  );
const MESSAGES = EXCHANGES * 2;

describe('start-up integrity: every kind of damage ends on the problem screen or in a clean repair', () => {
  const ollama = new TestOllamaServer();
  const suiteCleanups: (() => Promise<void> | void)[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  let base: { dir: string; conversationId: string };

  beforeAll(async () => {
    base = await profileWith(EXCHANGES, ollama, suiteCleanups);
  }, 300_000);
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    for (const cleanup of suiteCleanups.splice(0).reverse()) await cleanup();
    await ollama.stop();
  });

  /** Damages a copy of the profile, opens it like a host; returns the host and the copy's folder. */
  async function damaged(damage: (dir: string) => void): Promise<{ host: OpenedLikeAHost; dir: string }> {
    const dir = copyProfile(base.dir, cleanups);
    damage(dir);
    return { host: await openLikeAHost(dir, ollama, cleanups), dir };
  }

  /** Takes the way out the screen offers first among `preferred`, then checks the app works with what it kept. */
  async function recoverWith(host: OpenedLikeAHost, action: RecoveryAction): Promise<number> {
    expect(host.problem!.actions).toContain(action);
    expect(host.problem!.message).not.toMatch(/malformed|SQLITE|disk image/i);
    expectOk(await host.api().dispatch('profile.recover', { action }));
    return keptMessages(host.api() as EngineApi);
  }

  async function keptMessages(api: EngineApi): Promise<number> {
    await expectAlive(api);
    const list = expectOk(await api.dispatch('conversations.list', {})) as MethodOutputs['conversations.list'];
    let kept = 0;
    for (const conversation of list) {
      kept += (
        expectOk(
          await api.dispatch('conversations.messages', { conversationId: conversation.id, limit: 1000 }),
        ) as MethodOutputs['conversations.messages']
      ).length;
    }
    return kept;
  }

  it('a file cut short after its list of tables (a full disk, an interrupted copy): the screen; recovery keeps the rows before the cut', async () => {
    const { host } = await damaged((dir) => {
      const pages = statSync(databasePath(dir)).size / pageSizeOf(dir);
      // The last fifth goes (rows written last), never the table list.
      truncateSync(databasePath(dir), Math.max(lastSchemaPage(dir) + 2, Math.floor(pages * 0.8)) * pageSizeOf(dir));
    });
    expect(host.problem?.reason).toBe('damaged');
    const kept = await recoverWith(host, 'recover-readable');
    expect(kept).toBeGreaterThan(0);
  });

  it('a file cut short through its list of tables: the screen offers only what can work, and restoring the backup keeps everything', async () => {
    const { host } = await damaged((dir) => {
      withBackup(dir);
      truncateSync(databasePath(dir), (lastSchemaPage(dir) - 1) * pageSizeOf(dir));
    });
    expect(host.problem).toMatchObject({ reason: 'damaged', actions: ['restore-backup', 'start-fresh'] });
    // Asked anyway, recovering rows is refused and the screen stays.
    expect(await host.api().dispatch('profile.recover', { action: 'recover-readable' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(expectOk(await host.api().dispatch('profile.problem', {}))).toEqual(host.problem);
    expect(await recoverWith(host, 'restore-backup')).toBe(MESSAGES);
  });

  it('a file cut inside its last page: the screen; recovery keeps the rows before the cut', async () => {
    const { host } = await damaged((dir) => truncateSync(databasePath(dir), statSync(databasePath(dir)).size - 1000));
    expect(host.problem?.reason).toBe('damaged');
    expect(await recoverWith(host, 'recover-readable')).toBeGreaterThan(0);
  });

  it('a zeroed file header: the screen says the file is damaged (not that the key is wrong), and restoring the backup keeps everything', async () => {
    const { host } = await damaged((dir) => {
      withBackup(dir);
      overwrite(databasePath(dir), 0, Buffer.alloc(100));
    });
    expect(host.problem).toMatchObject({ reason: 'damaged', actions: ['restore-backup', 'start-fresh'] });
    expect(await recoverWith(host, 'restore-backup')).toBe(MESSAGES);
  });

  // Small tables live on their root page; the large ones are damaged in the middle (a leaf), as
  // a bad sector would. Indexes and FTS are rebuilt by the recovery, so damage there costs nothing.
  const PAGE_DAMAGE: { table: string; page: 'root' | 'leaf'; kept: (n: number) => void }[] = [
    // Its messages are kept, under a conversation rebuilt for them.
    { table: 'conversations', page: 'root', kept: (n) => expect(n).toBe(MESSAGES) },
    // Its lost rows are rebuilt from their chunks, which hold their whole text.
    { table: 'messages', page: 'leaf', kept: (n) => expect(n).toBe(MESSAGES) },
    { table: 'chunks', page: 'leaf', kept: (n) => expect(n).toBe(MESSAGES) },
    { table: 'embeddings', page: 'leaf', kept: (n) => expect(n).toBe(MESSAGES) },
    { table: 'settings', page: 'root', kept: (n) => expect(n).toBe(MESSAGES) },
    { table: 'outbox', page: 'root', kept: (n) => expect(n).toBe(MESSAGES) },
    { table: 'turn_metrics', page: 'root', kept: (n) => expect(n).toBe(MESSAGES) },
    { table: 'chunks_fts_data', page: 'root', kept: (n) => expect(n).toBe(MESSAGES) },
    { table: 'sqlite_autoindex_messages_1', page: 'root', kept: (n) => expect(n).toBe(MESSAGES) },
  ];
  for (const { table, page, kept } of PAGE_DAMAGE) {
    it(`a zeroed ${page} page of ${table}: the screen; recovery keeps every row that can be read`, async () => {
      const { host } = await damaged((dir) =>
        zeroPage(dir, page === 'root' ? rootPageOf(dir, table) : middleLeafOf(dir, table)),
      );
      expect(host.problem?.reason).toBe('damaged');
      kept(await recoverWith(host, 'recover-readable'));
    });
  }

  it('a WAL full of garbage (no valid header) is ignored: the profile opens with everything checkpointed', async () => {
    const { host } = await damaged((dir) => writeFileSync(`${databasePath(dir)}-wal`, randomBytes(64 * 1024)));
    expect(host.problem).toBeNull();
    expect(await keptMessages(host.api() as EngineApi)).toBe(MESSAGES);
  });

  it('a WAL torn after its last commit (a crash mid-write), with a wrong shared-memory file: opens and keeps every commit', async () => {
    // A running profile's files copied as they are (what a power cut leaves), with turns only in the WAL.
    const h = await startEngine({ dataDir: copyProfile(base.dir, cleanups), ollama });
    const api = h.engine;
    for (let i = 0; i < 3; i++) {
      const sent = await api.internals.chat.send({
        conversationId: base.conversationId,
        content: `After the checkpoint ${i}`,
      });
      await turnEnd(api, sent.assistantMessageId);
    }
    const snapshot = copyProfile(h.dataDir, cleanups);
    await h.engine.close();
    expect(existsSync(`${databasePath(snapshot)}-wal`)).toBe(true);
    appendFileSync(`${databasePath(snapshot)}-wal`, randomBytes(10_000));
    writeFileSync(`${databasePath(snapshot)}-shm`, randomBytes(32 * 1024));
    const host = await openLikeAHost(snapshot, ollama, cleanups);
    expect(host.problem).toBeNull();
    expect(await keptMessages(host.api() as EngineApi)).toBe(MESSAGES + 6);
  });

  it('a migration a crash interrupted half-way (its marker left, the file half-written): the backup is put back, nothing lost', async () => {
    const { host, dir } = await damaged((dir) => {
      mkdirSync(join(dir, 'backups'), { recursive: true });
      const backup = join(dir, 'backups', 'mnemo-schema9-2026-12-06T00-00-00-000Z.sqlite');
      copyFileSync(databasePath(dir), backup);
      writeFileSync(`${databasePath(dir)}.migrating`, JSON.stringify({ backupPath: backup, fromVersion: 9 }));
      // The half a crash left: some pages written, some not.
      const size = pageSizeOf(dir);
      for (const p of [2, 5, 9]) overwrite(databasePath(dir), (p - 1) * size, randomBytes(size));
    });
    expect(host.problem).toBeNull();
    expect(existsSync(`${databasePath(dir)}.migrating`)).toBe(false);
    expect(await keptMessages(host.api() as EngineApi)).toBe(MESSAGES);
    expect(readdirSync(join(dir, 'backups')).length).toBeGreaterThan(0);
  });
});
