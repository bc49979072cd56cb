// "Deletes delete": a deleted conversation, message or memory leaves none of its text in the
// closed data folder: not in the SQLite file or its WAL, not in FTS5's shadow tables, the
// embedding cache, memory history, a pre-migration backup, nor Chroma's folder. Checked on the
// bytes of every file, after the same data was first shown to be findable there.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import { MIGRATIONS } from '../../../src/main/engine/store';
import type { MethodOutputs } from '../../../src/shared/contract';
import { fixedKey } from '../../../src/main/engine/keys';
import { startEngine, type EngineHarness } from '../../support/engine';
import { openTestStore, tempDir } from '../../support/store';

// Words no stemmer changes and no other stored word starts like, so FTS5's prefix-compressed
// terms still show their tail; `traces` looks for the tail too.
const MARK = {
  backup: 'qzvbackup4417xk',
  message: 'wbjmessage8823tq',
  reply: 'ykfreply5530pz',
  summary: 'hdxsummary2291mv',
  memory: 'plmmemory7364cw',
  edited: 'rctedited1902nb',
  kept: 'gwukept6648sd',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** A file's bytes, or null when it went away after it was listed (Chroma's journal comes and goes while it runs). */
function readIfThere(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Each file under `dir` that holds `marker` (or its last nine characters), by relative path. */
function traces(dir: string, marker: string): string[] {
  return filesUnder(dir)
    .filter((file) => {
      const bytes = readIfThere(file);
      return bytes !== null && (bytes.includes(marker) || bytes.includes(marker.slice(-9)));
    })
    .map((file) => relative(dir, file))
    .sort();
}

describe('deletes delete (real engine, real Chroma, bytes on disk)', () => {
  let h: EngineHarness | undefined;
  let dir: ReturnType<typeof tempDir> | undefined;
  afterEach(async () => {
    await h?.dispose();
    if (!process.env.KEEP_DIR) dir?.remove();
    h = undefined;
    dir = undefined;
  });

  async function open(
    dataDir: string,
    undoWindowMs = 60_000,
  ): Promise<{ h: EngineHarness; call: <T>(method: string, input?: unknown) => Promise<T> }> {
    // Plaintext on purpose: these checks read the text itself on disk, which proves what secure_delete
    // and the WAL/backup policy leave behind; with the key (the default) the bytes hold no text anyway.
    h = await startEngine({
      dataDir,
      overrides: { privacy: { undoWindowMs } },
      engine: { keys: fixedKey(null), runIndexer: true, indexer: { pollMs: 20, backoffMs: { initial: 20, max: 200 } } },
    });
    const api = new EngineApi(h.engine);
    const call = async <T>(method: string, input: unknown = {}) => {
      const result = await api.dispatch(method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
      return result.value as T;
    };
    return { h, call };
  }

  it('a conversation, a message, a summary and a memory: none of their text is left in the closed folder', async () => {
    dir = tempDir('mnemo-deletes-');
    // A profile from the previous schema, so opening it takes a pre-migration backup holding a conversation.
    const old = openTestStore(dir.path, {}, { key: null, migrations: MIGRATIONS.slice(0, -1) });
    const oldConversation = old.conversations.create({ title: 'old' });
    // Written as that schema's rows (today's write path names columns it does not have yet).
    old.db
      .prepare(
        `INSERT INTO messages (id, conversation_id, seq, role, content, status, token_count, created_at, updated_at) VALUES ('old-1', ?, 1, 'user', ?, 'complete', 8, 1, 1)`,
      )
      .run(oldConversation.id, `From before the upgrade: ${MARK.backup}`);
    old.close();

    const { h, call } = await open(dir.path);
    expect(traces(join(dir.path, 'backups'), MARK.backup)).toHaveLength(1);

    h.ollama.onChat(() => ({ text: `A reply that told ${MARK.reply}.` }));
    const turn = await call<MethodOutputs['chat.send']>('chat.send', {
      content: `I wrote ${MARK.message} and ${MARK.kept} stays.`,
    });
    await expect.poll(() => h.engine.internals.chat.isBusy(turn.conversationId)).toBe(false);
    // A summary that restates the message, as the summariser would write it.
    const summary = h.engine.internals.store.summaries.create({
      conversationId: turn.conversationId,
      content: `They wrote ${MARK.summary}.`,
      firstSeq: 1,
      lastSeq: 1,
      trigger: 'idle',
    });
    const memory = await call<MethodOutputs['memory.add']>('memory.add', {
      content: `The locker code I chose is ${MARK.memory}`,
    });
    await call('memory.edit', {
      memoryId: memory.memory.id,
      content: `The locker code I chose is ${MARK.memory}, ${MARK.edited}`,
    });
    await h.engine.internals.indexer.flush();

    // Everything is on disk now (so the checks below can fail), each text twice: the past forms
    // (wrote, told, chose) give the keyword index a copy of it beside the text (language/base-forms.ts).
    const { db } = h.engine.internals.store;
    for (const marker of [MARK.message, MARK.reply, MARK.summary])
      expect(db.prepare(`SELECT count(*) FROM chunks WHERE index_text LIKE ?`).pluck().get(`%${marker}%`), marker).toBe(
        1,
      );
    expect(db.prepare(`SELECT count(*) FROM memories WHERE index_content LIKE ?`).pluck().get(`%${MARK.edited}%`)).toBe(
      1,
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const marker of [MARK.message, MARK.reply, MARK.summary, MARK.memory, MARK.edited])
      expect(traces(dir.path, marker), marker).toContain('mnemo.sqlite');

    // Delete the reply, the user's message (and the summary restating it), the memory, the old conversation.
    const [userMessage, reply] = await call<MethodOutputs['conversations.messages']>('conversations.messages', {
      conversationId: turn.conversationId,
    });
    expect(await call('messages.delete', { messageId: reply!.id })).toEqual({ deleted: true });
    h.engine.internals.store.messages.appendTurn({
      conversationId: turn.conversationId,
      role: 'user',
      content: `Another note: ${MARK.kept}`,
    });
    await call('messages.delete', { messageId: userMessage!.id });
    expect(h.engine.internals.store.summaries.get(summary.id)).toBeUndefined();
    await call('memory.delete', { memoryId: memory.memory.id });
    await call('conversations.delete', { conversationId: oldConversation.id });
    await h.engine.internals.indexer.flush();
    expect(await call('search.messages', { query: MARK.message })).toEqual([]);
    expect(await call('search.messages', { query: MARK.kept })).toHaveLength(1);

    await h.dispose({ keepData: true });
    if (process.env.KEEP_DIR) console.log('DIR', dir.path);
    for (const marker of [MARK.backup, MARK.message, MARK.reply, MARK.summary, MARK.memory, MARK.edited])
      expect(traces(dir.path, marker), marker).toEqual([]);
    // What was not deleted is still there.
    expect(traces(dir.path, MARK.kept)).toContain('mnemo.sqlite');
    // Chroma holds ids and vectors, never text.
    expect(traces(join(dir.path, 'chroma'), MARK.kept)).toEqual([]);
  }, 90_000);

  it('a deleted memory can be undone during its window, and is gone for good after it', async () => {
    dir = tempDir('mnemo-undo-');
    const { h, call } = await open(dir.path, 400);
    const saved = await call<MethodOutputs['memory.add']>('memory.add', { content: `Gate code ${MARK.memory}` });
    await call('memory.delete', { memoryId: saved.memory.id });
    expect(
      (await call<MethodOutputs['memory.undoDelete']>('memory.undoDelete', { memoryId: saved.memory.id })).content,
    ).toBe(`Gate code ${MARK.memory}`);

    await call('memory.delete', { memoryId: saved.memory.id });
    await expect.poll(() => h.engine.internals.store.memories.rowCount()).toBe(0);
    const late = await new EngineApi(h.engine).dispatch('memory.undoDelete', { memoryId: saved.memory.id });
    expect(late).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'That memory can no longer be restored.' },
    });
    h.engine.internals.store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(traces(dir.path, MARK.memory)).toEqual([]);
  }, 60_000);

  it('closing the app ends the undo window', async () => {
    dir = tempDir('mnemo-undo-close-');
    const { h, call } = await open(dir.path);
    const saved = await call<MethodOutputs['memory.add']>('memory.add', { content: `Bike lock ${MARK.memory}` });
    await call('memory.delete', { memoryId: saved.memory.id });
    await h.dispose({ keepData: true });
    expect(traces(dir.path, MARK.memory)).toEqual([]);
  }, 60_000);

  it('deleting what is already gone says so and changes nothing', async () => {
    dir = tempDir('mnemo-gone-');
    const { h, call } = await open(dir.path);
    const api = new EngineApi(h.engine);
    const turn = await call<MethodOutputs['chat.send']>('chat.send', { content: 'Hello there.' });
    await expect.poll(() => h.engine.internals.chat.isBusy(turn.conversationId)).toBe(false);
    const [message] = await call<MethodOutputs['conversations.messages']>('conversations.messages', {
      conversationId: turn.conversationId,
    });
    await call('messages.delete', { messageId: message!.id });
    expect(await api.dispatch('messages.delete', { messageId: message!.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'That message no longer exists.' },
    });
    const saved = await call<MethodOutputs['memory.add']>('memory.add', { content: 'Likes tea' });
    await call('memory.delete', { memoryId: saved.memory.id });
    expect(await api.dispatch('memory.delete', { memoryId: saved.memory.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    await call('conversations.delete', { conversationId: turn.conversationId });
    expect(await api.dispatch('conversations.delete', { conversationId: turn.conversationId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'That conversation no longer exists.' },
    });
    expect(h.engine.internals.store.isEmpty()).toBe(false); // the deleted memory is still restorable
    expect(await call('memory.undoDelete', { memoryId: saved.memory.id })).toMatchObject({ content: 'Likes tea' });
  }, 60_000);
});
