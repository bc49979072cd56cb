// Faults during a chat turn, through the contract on a real engine (real SQLite file, real
// Chroma, the test Ollama server): none may leave a rejection unhandled (which ends a Node
// process) and after each the app still answers other calls promptly.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import type { MethodOutputs } from '../../../src/shared/contract';
import { startEngine, type EngineHarness } from '../../support/engine';
import { expectAlive, expectOk, firstToken, smallDisk, turnEnd, watchUnhandledRejections } from '../../support/faults';

type Sent = MethodOutputs['chat.send'];

describe('faults during a turn (real engine, Chroma, test Ollama)', () => {
  let h: EngineHarness | undefined;
  let api: EngineApi;
  let rejections: ReturnType<typeof watchUnhandledRejections>;
  beforeEach(() => {
    rejections = watchUnhandledRejections();
  });
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
    rejections.dispose();
  });

  it('deleting a conversation while its reply streams ends that turn quietly and the app stays up', async () => {
    h = await startEngine();
    api = new EngineApi(h.engine);
    h.ollama.onChat(() => ({ text: 'a long and slow reply '.repeat(100), tokenDelayMs: 10 }));
    const sent = expectOk(await api.dispatch('chat.send', { content: 'Tell me a long story.' })) as Sent;
    const ended = turnEnd(h.engine, sent.assistantMessageId);
    await firstToken(h.engine, sent.conversationId);

    expect(await api.dispatch('conversations.delete', { conversationId: sent.conversationId })).toEqual({
      ok: true,
      value: { deleted: true, memoriesDeleted: 0 },
    });
    expect((await ended).type).toBe('turn-stopped');
    await expect.poll(() => h!.engine.internals.chat.isBusy()).toBe(false);

    expect(await rejections.settled()).toEqual([]);
    await expectAlive(api);
    expect(await api.dispatch('conversations.get', { conversationId: sent.conversationId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const next = expectOk(await api.dispatch('chat.send', { content: 'Still there?' })) as Sent;
    expect((await turnEnd(h.engine, next.assistantMessageId)).type).toBe('turn-finished');
  });

  it('a zeroed turn_metrics page costs the turn its figures only: the reply is stored, the error is typed', async () => {
    h = await startEngine();
    api = new EngineApi(h.engine);
    for (let i = 0; i < 3; i++) {
      const sent = expectOk(await api.dispatch('chat.send', { content: `Warm-up message ${i}.` })) as Sent;
      await turnEnd(h.engine, sent.assistantMessageId);
    }
    zeroTablePage(h, 'turn_metrics');

    const sent = expectOk(await api.dispatch('chat.send', { content: 'A turn after the damage.' })) as Sent;
    const end = await turnEnd(h.engine, sent.assistantMessageId);
    expect(end.type).toBe('turn-finished');
    expect(await api.dispatch('metrics.recent', {})).toMatchObject({ ok: false, error: { code: 'DB_CORRUPT' } });
    const messages = expectOk(
      await api.dispatch('conversations.messages', { conversationId: sent.conversationId }),
    ) as MethodOutputs['conversations.messages'];
    expect(messages.map((m) => m.status)).toEqual(['complete', 'complete']);
    expect(await rejections.settled()).toEqual([]);
    await expectAlive(api);
  });

  // A real full disk: the data folder on a tmpfs of its own, filled with a file until ENOSPC.
  const disk = smallDisk(48);
  it.skipIf(disk === null)(
    'a full disk fails the turn with DISK_FULL, reads keep working, and it recovers when space returns',
    async () => {
      disk!.dispose(); // only probed whether mounting works; each run gets a fresh one below
      const small = smallDisk(48)!;
      try {
        h = await startEngine({ dataDir: small.path });
        api = new EngineApi(h.engine);
        const first = expectOk(
          await api.dispatch('chat.send', { content: 'Before the disk fills: remember the word tamarind.' }),
        ) as Sent;
        expect((await turnEnd(h.engine, first.assistantMessageId)).type).toBe('turn-finished');

        small.fill();
        const failures: string[] = [];
        // The WAL reuses space it already holds, so a few writes may still fit; the disk runs out soon after.
        for (let i = 0; i < 40 && failures.length === 0; i++) {
          const result = await api.dispatch('chat.send', {
            conversationId: first.conversationId,
            content: `Message ${i} on a full disk. `.repeat(200),
          });
          if (!result.ok) failures.push(result.error.code);
          else {
            const end = await turnEnd(h.engine, (result.value as Sent).assistantMessageId);
            if (end.type === 'turn-error') failures.push(end.error.code);
          }
        }
        expect(failures).toEqual(['DISK_FULL']);
        expect(await rejections.settled()).toEqual([]);
        await expectAlive(api);
        expect(expectOk(await api.dispatch('search.messages', { query: 'tamarind' }))).not.toEqual([]);
        expect(h.engine.internals.chat.isBusy(first.conversationId)).toBe(false);

        small.free();
        const after = expectOk(
          await api.dispatch('chat.send', { conversationId: first.conversationId, content: 'Space is back.' }),
        ) as Sent;
        expect((await turnEnd(h.engine, after.assistantMessageId)).type).toBe('turn-finished');
        const stored = expectOk(
          await api.dispatch('conversations.messages', { conversationId: first.conversationId }),
        ) as MethodOutputs['conversations.messages'];
        expect(stored.at(-2)?.content).toBe('Space is back.');
        expect(stored[0]?.content).toBe('Before the disk fills: remember the word tamarind.');
      } finally {
        await h?.dispose();
        h = undefined;
        small.dispose();
      }
    },
  );
});

/** Overwrites a table's root page in the database file with zeros, as a disk fault would. */
function zeroTablePage(h: EngineHarness, table: string): void {
  const db = h.engine.internals.store.db;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const { rootpage } = db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = ?`).get(table) as {
    rootpage: number;
  };
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const fd = openSync(join(h.dataDir, 'mnemo.sqlite'), 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize), 0, pageSize, (rootpage - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
  // The connection's page cache still holds the good copy; drop it, as a restart would.
  db.pragma('shrink_memory');
}
