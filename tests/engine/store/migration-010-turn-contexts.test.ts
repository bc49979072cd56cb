// Migration 10 (reply contexts): a schema 9 profile is upgraded with a backup taken first; its
// existing replies simply have no record (the inspector says so), new ones get one, and a
// record goes with its reply.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, openDatabase, Store } from '../../../src/main/engine/store';
import { toTurnRecord } from '../../../src/main/engine/chat';
import { storeDeps, tempDir } from '../../support/store';

describe('migration 10: reply contexts', () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    dir = tempDir();
    path = join(dir.path, 'mnemo.sqlite');
  });
  afterEach(() => dir.remove());

  it('upgrades a schema 9 profile after backing it up, and records go with their reply', () => {
    const opened = openDatabase(path, { migrations: MIGRATIONS.slice(0, 9) });
    const old = new Store(opened.db, storeDeps());
    const c = old.conversations.create();
    // Messages as schema 9 wrote them (today's write path names the tree's columns, schema 11).
    const insert = old.db.prepare(
      `INSERT INTO messages (id, conversation_id, seq, role, content, status, token_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'complete', 5, 1, 1)`,
    );
    insert.run('m-old-1', c.id, 1, 'user', 'Hello from schema nine.');
    insert.run('m-old-2', c.id, 2, 'assistant', 'Hi.');
    const oldReply = { id: 'm-old-2' };
    old.close();

    const store = Store.open(path, storeDeps());
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(10);
    const backups = join(dir.path, 'backups');
    expect(existsSync(backups) && readdirSync(backups).some((f) => f.includes('schema9'))).toBe(true);
    expect(store.turnContexts.find(oldReply.id)).toBeUndefined();

    const reply = store.messages.appendTurn({ conversationId: c.id, role: 'assistant', content: 'A new reply.' });
    const budget = { contextLength: 4096, reservedOutput: 1024, available: 3072, used: 20, bySection: { user: 20 } };
    const view = {
      conversationId: c.id,
      items: [
        {
          section: 'user',
          text: 'Hello from schema nine.',
          tokens: 20,
          score: null,
          reason: { code: 'user' as const },
          source: { conversationId: c.id, messageId: reply.id },
        },
      ],
      budget,
      retrievalMode: 'keyword' as const,
      timings: { embedMs: 0, retrieveMs: 0, totalMs: 1 },
    };
    store.turnContexts.save(toTurnRecord(view, { messageId: reply.id, conversationId: c.id, at: 1 }));
    store.turnContexts.addToolUse(reply.id, { name: 'save_to_model_memory', ok: true });
    expect(store.turnContexts.find(reply.id)).toMatchObject({
      items: [{ section: 'user', tokens: 20 }],
      toolUses: [{ name: 'save_to_model_memory', ok: true }],
    });
    expect(JSON.stringify(store.turnContexts.find(reply.id))).not.toContain('schema nine');
    store.deleteMessage(reply.id);
    expect(store.turnContexts.find(reply.id)).toBeUndefined();
    store.close();
  });
});
