// The bench's load-independent ingest counts (scripts/lib/write-counters.ts) read what SQLite did:
// pages appended to the WAL and checkpoints, from the WAL-index header, across WAL restarts.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addWriteCounts, WriteCounter } from '../../scripts/lib/write-counters';
import { openDatabase } from '../../src/main/engine/store';
import { tempDir, TEST_KEY } from '../support/store';

const ROWS_PER_COMMIT = 100;
const COMMITS = 30;

describe('WriteCounter', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  /** 3,000 rows of one page each, in 30 commits; what the counter saw, and SQLite's own WAL frame count at the end. */
  function writeRows(key: Buffer | null) {
    const path = join(dir.path, `${key ? 'encrypted' : 'plain'}.sqlite`);
    const { db } = openDatabase(path, { key });
    db.exec('CREATE TABLE filler (b BLOB)');
    const insert = db.prepare('INSERT INTO filler (b) VALUES (randomblob(3000))');
    // An empty WAL to start from, so SQLite's frame count at the end is what these commits appended.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const counter = new WriteCounter(path);
    for (let c = 0; c < COMMITS; c++) {
      db.transaction(() => {
        for (let r = 0; r < ROWS_PER_COMMIT; r++) insert.run();
      })();
      counter.committed();
    }
    const counts = counter.counts();
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)') as [{ log: number }];
    db.close();
    return { counts, walFramesNow: log };
  }

  it('counts every page the commits appended, and each autocheckpoint of a plaintext file (every 1,000 pages)', () => {
    const { counts, walFramesNow } = writeRows(null);
    // One data page per row, a few B-tree pages more; the WAL restarted after each checkpoint.
    expect(counts.wal_pages).toBeGreaterThanOrEqual(COMMITS * ROWS_PER_COMMIT);
    expect(counts.wal_pages).toBeLessThan(COMMITS * ROWS_PER_COMMIT * 1.1);
    expect(counts.checkpoints).toBeGreaterThanOrEqual(2);
    expect(counts.checkpoints).toBeLessThanOrEqual(3);
    expect(walFramesNow).toBeLessThan(counts.wal_pages);
    // The checkpoints copied pages into the file: more bytes written than the WAL alone took.
    expect(counts.bytes_written).toBeGreaterThan(counts.wal_pages * 4096);
    expect(counts.cpu_ms).toBeGreaterThan(0);
  });

  it('sees no checkpoint of an encrypted file before 10,000 pages: every page is still in the WAL', () => {
    const { counts, walFramesNow } = writeRows(TEST_KEY);
    expect(counts.checkpoints).toBe(0);
    expect(counts.wal_pages).toBe(walFramesNow);
    expect(counts.wal_pages).toBeGreaterThanOrEqual(COMMITS * ROWS_PER_COMMIT);
  });

  it('adds stretches up', () => {
    const part = { cpu_ms: 1, bytes_read: 2, bytes_written: 3, wal_pages: 4, checkpoints: 5 };
    expect(addWriteCounts([part, part])).toEqual({
      cpu_ms: 2,
      bytes_read: 4,
      bytes_written: 6,
      wal_pages: 8,
      checkpoints: 10,
    });
  });
});
