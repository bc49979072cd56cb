// How the SQLite file is encrypted: SQLCipher 4's format (through SQLite3MultipleCiphers) with a
// raw random 256-bit key, so opening costs no key stretching. Every page of the file, of its WAL
// and of any copy of it (backups) is encrypted; temporary tables stay in memory.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { MnemoError } from '../../../shared/errors';

/** A profile's database key: 32 random bytes. null means the profile is kept in plaintext. */
export type DatabaseKey = Buffer;
export const DATABASE_KEY_BYTES = 32;

export const newDatabaseKey = (): DatabaseKey => randomBytes(DATABASE_KEY_BYTES);

/** What a database file on disk is, from its first bytes (an SQLCipher file starts with its random salt). */
export type DatabaseFileKind = 'missing' | 'empty' | 'plaintext' | 'encrypted';

const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export function databaseFileKind(path: string): DatabaseFileKind {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return 'missing';
  }
  if (size === 0) return 'empty';
  const header = Buffer.alloc(PLAINTEXT_HEADER.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  return header.equals(PLAINTEXT_HEADER) ? 'plaintext' : 'encrypted';
}

/** The key statement for `key` (raw key: SQLCipher's `x'…'` form). */
export const keyLiteral = (key: DatabaseKey): string => {
  if (key.length !== DATABASE_KEY_BYTES) throw new MnemoError('INTERNAL', `A database key is ${DATABASE_KEY_BYTES} bytes, not ${key.length}.`);
  return `"x'${key.toString('hex')}'"`;
};

/** Keys a just-opened connection; must run before anything reads the file. */
export function applyKey(db: BetterSqlite3.Database, key: DatabaseKey | null): void {
  if (!key) return;
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = ${keyLiteral(key)}`);
}

/** A file shorter than the pages its header counts was cut short (a WAL may hold pages not yet in it). */
function assertWhole(db: BetterSqlite3.Database, path: string): void {
  if (path === ':memory:' || databaseFileKind(`${path}-wal`) !== 'missing') return;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const size = statSync(path).size;
  if (size < pages * pageSize) {
    throw new MnemoError('DB_CORRUPT', `${path} is cut short (${size} bytes where its header counts ${pages * pageSize}): it was truncated, by a full disk or an interrupted copy. It was left exactly as it is; put back a backup of it.`, { path, size, expected: pages * pageSize });
  }
}

/**
 * Reads the schema once, so a wrong key or a damaged file fails here, before any pragma or
 * migration could write to it, with an error that says which.
 */
export function assertReadable(db: BetterSqlite3.Database, path: string, key: DatabaseKey | null): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
    assertWhole(db, path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_CORRUPT') throw new MnemoError('DB_CORRUPT', `${path} is damaged. It was left exactly as it is; put back a backup of it.`, { path }, { cause: error });
    if (code !== 'SQLITE_NOTADB') throw error;
    if (key === null && databaseFileKind(path) === 'encrypted') throw missingKey(path, error);
    if (key === null) {
      throw new MnemoError('DB_KEY_WRONG', `${path} is not a readable database: it is damaged. It was left exactly as it is.`, { path, damaged: true }, { cause: error });
    }
    throw new MnemoError(
      'DB_KEY_WRONG',
      `${path} cannot be decrypted with this profile's key: the file belongs to another key, or it is damaged. It was left exactly as it is; restore the right key (or a backup of the file) and start Mnemo again.`,
      { path },
      { cause: error },
    );
  }
}

export const missingKey = (path: string, cause?: unknown): MnemoError =>
  new MnemoError(
    'DB_KEY_MISSING',
    `${path} is encrypted, but its key was not found (the key file beside it or its keychain entry is gone). Nothing was changed; put the key file back, or start Mnemo with a new data folder.`,
    { path },
    cause === undefined ? undefined : { cause },
  );
