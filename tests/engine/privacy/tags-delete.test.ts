// A tag's text leaves the closed data folder with it: after its conversation is deleted (the tag
// goes with its last conversation), after it is deleted everywhere, and its old name after a
// rename. Checked on the bytes of every file, after the text was first shown to be there.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedKey } from '../../../src/main/engine/keys';
import { contract } from '../../support/contract';
import { startEngine, type EngineHarness } from '../../support/engine';
import { tempDir } from '../../support/store';

// Words nothing else stored starts like; `traces` looks for their tail too.
const MARK = {
  withConversation: 'qxtagconv5531wd',
  deleted: 'zptagdel7720hk',
  renamed: 'vbtagold3391mq',
  kept: 'jrtagkept8814ns',
};

function traces(dir: string, marker: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        return false; // gone after it was listed (Chroma's journal comes and goes)
      }
      return bytes.includes(marker) || bytes.includes(marker.slice(-9));
    })
    .map((file) => relative(dir, file))
    .sort();
}

describe('deleted tags leave no text on disk (real engine, bytes on disk)', () => {
  let h: EngineHarness | undefined;
  let dir: ReturnType<typeof tempDir> | undefined;
  afterEach(async () => {
    await h?.dispose();
    dir?.remove();
    h = undefined;
    dir = undefined;
  });

  it('a deleted conversation with its tag, a deleted tag and a renamed tag: none of their names is left', async () => {
    dir = tempDir('mnemo-tags-delete-');
    // Plaintext on purpose: with the key (the default) the bytes hold no text at all.
    h = await startEngine({ dataDir: dir.path, engine: { keys: fixedKey(null) } });
    const api = contract(h.engine);
    const gone = h.engine.internals.store.conversations.create({ title: 'to delete' });
    const stays = h.engine.internals.store.conversations.create({ title: 'stays' });
    await api.call('tags.add', { conversationId: gone.id, name: MARK.withConversation });
    const deleted = await api.call('tags.add', { conversationId: stays.id, name: MARK.deleted });
    const renamed = await api.call('tags.add', { conversationId: stays.id, name: MARK.renamed });
    await api.call('tags.add', { conversationId: stays.id, name: MARK.kept });
    h.engine.internals.store.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const marker of Object.values(MARK)) expect(traces(dir.path, marker), marker).toContain('mnemo.sqlite');

    await api.call('conversations.delete', { conversationId: gone.id });
    await api.call('tags.delete', { tagId: deleted.tag.id });
    await api.call('tags.rename', { tagId: renamed.tag.id, name: 'new name' });
    expect((await api.call('tags.list', {})).tags.map((t) => t.name)).toEqual([MARK.kept, 'new name']);

    await h.dispose({ keepData: true });
    h = undefined;
    for (const marker of [MARK.withConversation, MARK.deleted, MARK.renamed])
      expect(traces(dir.path, marker), marker).toEqual([]);
    expect(traces(dir.path, MARK.kept)).toContain('mnemo.sqlite');
  }, 60_000);
});
