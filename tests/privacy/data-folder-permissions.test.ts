// The data folder is readable by its owner only, checked on the files themselves: a folder an
// older version left open (0755, files 0644, a backup among them) is closed up at start, and
// everything written afterwards (the database and its WAL, Chroma's files) is created private.
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../src/main/engine/api';
import { startEngine, type EngineHarness } from '../support/engine';
import { tempDir } from '../support/store';

function everything(dir: string): string[] {
  return [dir, ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((p) => join(dir, p))];
}

/** Paths that any other account could read, enter or write. */
const openToOthers = (dir: string) => everything(dir).filter((p) => (statSync(p).mode & 0o077) !== 0);

describe('data folder permissions (real engine, bytes on disk)', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it.skipIf(process.platform === 'win32')(
    'closes up an open folder at start and creates every new file owner-only',
    async () => {
      const dir = tempDir('mnemo-perms-');
      const oldUmask = process.umask(0o022);
      try {
        // As an older version left it: a world-readable folder, database and backup.
        h = await startEngine({ dataDir: dir.path });
        await new EngineApi(h.engine).dispatch('memory.add', { content: 'The door code is 4711' });
        await h.engine.close();
        mkdirSync(join(dir.path, 'backups'), { recursive: true });
        writeFileSync(join(dir.path, 'backups', 'mnemo-schema1-old.sqlite'), 'old backup');
        for (const p of everything(dir.path)) chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
        expect(openToOthers(dir.path).length).toBeGreaterThan(3);

        await h.reopen();
        const api = new EngineApi(h.engine);
        const sent = await api.dispatch('chat.send', { content: 'Remember the blue door' });
        expect(sent.ok).toBe(true);
        await expect
          .poll(() =>
            h!.engine.internals.chat.isBusy((sent as { value: { conversationId: string } }).value.conversationId),
          )
          .toBe(false);
        await h.engine.internals.indexer.flush();

        expect(statSync(dir.path).mode & 0o777).toBe(0o700);
        expect(everything(dir.path).some((p) => p.endsWith('-wal'))).toBe(true);
        expect(everything(dir.path).some((p) => p.includes('chroma'))).toBe(true);
        expect(openToOthers(dir.path)).toEqual([]);
        expect(statSync(join(dir.path, 'backups', 'mnemo-schema1-old.sqlite')).mode & 0o777).toBe(0o600);
      } finally {
        process.umask(oldUmask);
        await h?.dispose();
        h = undefined;
        dir.remove();
      }
    },
  );
});
