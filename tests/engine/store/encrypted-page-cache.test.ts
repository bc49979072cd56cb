// An encrypted file cannot be memory-mapped, so SQLite's page cache stands in for the map: pages read
// once stay decrypted in memory, and a second pass over the same rows reads (and decrypts) nothing from
// the file again. Measured with the kernel's count of bytes this process read (/proc/self/io, Linux).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/engine/store';
import { tempDir, TEST_KEY } from '../../support/store';

const ROWS = 4200;
const TABLE_BYTES = ROWS * 2000; // about four times SQLite's default 2 MiB cache

function bytesReadSoFar(): number {
  const line = readFileSync('/proc/self/io', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('rchar:'));
  return Number(line!.split(':')[1]);
}

describe.skipIf(!existsSync('/proc/self/io'))('the page cache of an encrypted database', () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    dir = tempDir();
    path = join(dir.path, 'mnemo.sqlite');
    const { db } = openDatabase(path, { key: TEST_KEY });
    db.exec('CREATE TABLE filler (b BLOB)');
    const insert = db.prepare('INSERT INTO filler (b) VALUES (randomblob(?))');
    db.transaction(() => {
      for (let n = 0; n < ROWS; n++) insert.run(2000);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  });
  afterEach(() => dir.remove());

  it('keeps pages it read: a second pass over 8 MB reads almost nothing from the file', () => {
    const { db } = openDatabase(path, { key: TEST_KEY });
    const scan = db.prepare('SELECT sum(length(b)) FROM filler').pluck();
    const before = bytesReadSoFar();
    expect(scan.get()).toBe(TABLE_BYTES);
    const first = bytesReadSoFar() - before;
    scan.get();
    const second = bytesReadSoFar() - before - first;
    db.close();
    expect(first).toBeGreaterThan(TABLE_BYTES / 2); // the first pass did read the file
    expect(second).toBeLessThan(first / 10);
  });
});
