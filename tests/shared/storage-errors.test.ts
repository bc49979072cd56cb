// SQLite's failures reach the user in words, never as SQLite's own text ("attempt to write a
// readonly database", "FOREIGN KEY constraint failed"): real errors from a real database file,
// through the one conversion every dispatch uses.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toMnemoError } from '../../src/shared/errors';
import { tempDir } from '../support/store';

function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('storage errors in words', () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    dir = tempDir();
    path = join(dir.path, 'words.sqlite');
    const db = new BetterSqlite3(path);
    db.exec(
      `CREATE TABLE parents (id TEXT PRIMARY KEY); CREATE TABLE kids (parent TEXT NOT NULL REFERENCES parents (id))`,
    );
    db.close();
  });
  afterEach(() => dir.remove());

  it('a read-only database and a broken constraint: a sentence for people, SQLite’s text only in the details', () => {
    const readOnly = new BetterSqlite3(path, { readonly: true });
    const writable = new BetterSqlite3(path);
    writable.pragma('foreign_keys = ON');
    try {
      const failures = [
        thrownBy(() => readOnly.prepare(`INSERT INTO parents VALUES ('a')`).run()),
        thrownBy(() => writable.prepare(`INSERT INTO kids VALUES ('nobody')`).run()),
      ].map((error) => toMnemoError(error));
      expect(failures.map((f) => [f.code, f.details?.sqliteCode])).toEqual([
        ['INTERNAL', 'SQLITE_READONLY'],
        ['INTERNAL', 'SQLITE_CONSTRAINT_FOREIGNKEY'],
      ]);
      expect(failures[0]!.message).toMatch(/data folder cannot be written to/);
      expect(failures[1]!.message).toMatch(/database refused this/);
      for (const f of failures) {
        expect(f.message).not.toMatch(/readonly|constraint|SQLITE/i);
        expect(f.details?.reason).toMatch(/readonly|constraint/i);
      }
    } finally {
      readOnly.close();
      writable.close();
    }
  });
});
