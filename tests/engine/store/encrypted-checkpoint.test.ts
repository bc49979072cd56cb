// An encrypted file is checkpointed every 10,000 WAL pages, not SQLite's 1,000: SQLite3 Multiple
// Ciphers decrypts and re-encrypts every frame it copies, so hot pages copied ten times less often
// cut ingest's cost of encryption at 100k from about a fifth to 8% (docs/BENCHMARKS.md).
// A delete still folds and truncates the WAL at once (privacy tests).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/engine/store';
import { tempDir, TEST_KEY } from '../../support/store';

const PAGE = 4096;

describe('checkpoints of an encrypted database', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it('leaves 3,000 written pages in the WAL, where a plaintext file is checkpointed after 1,000', () => {
    for (const key of [TEST_KEY, null]) {
      const path = join(dir.path, `${key ? 'encrypted' : 'plain'}.sqlite`);
      const { db } = openDatabase(path, { key });
      db.exec('CREATE TABLE filler (b BLOB)');
      const insert = db.prepare('INSERT INTO filler (b) VALUES (randomblob(3000))');
      // One page per row, in small transactions, as chat writes them.
      for (let n = 0; n < 3000; n++) insert.run();
      const mainPages = statSync(path).size / PAGE;
      db.close();
      if (key) expect(mainPages).toBeLessThan(100);
      else expect(mainPages).toBeGreaterThan(900);
    }
  });
});
