// How the SQLite file is encrypted: SQLCipher 4's format (through SQLite3MultipleCiphers) with a
// raw random 256-bit key, so opening costs no key stretching. Every page of the file, of its WAL
// and of any copy of it (backups) is encrypted; temporary tables stay in memory.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
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
  if (key.length !== DATABASE_KEY_BYTES)
    throw new MnemoError('INTERNAL', `A database key is ${DATABASE_KEY_BYTES} bytes, not ${key.length}.`);
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
    throw new MnemoError(
      'DB_CORRUPT',
      `${path} is cut short (${size} bytes where its header counts ${pages * pageSize}): it was truncated, by a full disk or an interrupted copy. It was left exactly as it is; put back a backup of it.`,
      { path, size, expected: pages * pageSize },
    );
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
    if (code === 'SQLITE_CORRUPT')
      throw new MnemoError(
        'DB_CORRUPT',
        `${path} is damaged. It was left exactly as it is; put back a backup of it.`,
        { path },
        { cause: error },
      );
    if (code !== 'SQLITE_NOTADB') throw error;
    if (key === null && databaseFileKind(path) === 'encrypted') throw missingKey(path, error);
    if (key === null) {
      throw new MnemoError(
        'DB_KEY_WRONG',
        `${path} is not a readable database: it is damaged. It was left exactly as it is.`,
        { path, damaged: true },
        { cause: error },
      );
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

/** SQLCipher 4's page layout (what `legacy = 4` writes): each page ends with its IV and an HMAC-SHA512. */
const SALT_BYTES = 16;
const HMAC_BYTES = 64;
const FAST_KDF_ITERATIONS = 2;
const HMAC_SALT_MASK = 0x3a;
/** SQLCipher's page size, which Mnemo keeps. */
export const DATABASE_PAGE_BYTES = 4096;
const PAGE_SIZE = DATABASE_PAGE_BYTES;

/**
 * Whether `key` is this file's key, judged by the file's own page checksums rather than by
 * SQLite, which cannot tell a wrong key from a damaged first page (both are "not a database").
 * True when one of the first pages after the first authenticates with the key, false when none
 * does, null when the file has too few pages or no salt to tell. Reads only; changes nothing.
 */
export function keyAuthenticatesPages(path: string, key: DatabaseKey): boolean | null {
  const fd = openSync(path, 'r');
  try {
    const salt = Buffer.alloc(SALT_BYTES);
    readSync(fd, salt, 0, SALT_BYTES, 0);
    if (salt.every((b) => b === 0)) return null;
    const hmacKey = pbkdf2Sync(
      key,
      salt.map((b) => b ^ HMAC_SALT_MASK),
      FAST_KDF_ITERATIONS,
      32,
      'sha512',
    );
    const pages = Math.floor(statSync(path).size / PAGE_SIZE);
    if (pages < 2) return null;
    const page = Buffer.alloc(PAGE_SIZE);
    for (let number = 2; number <= Math.min(pages, 9); number++) {
      readSync(fd, page, 0, PAGE_SIZE, (number - 1) * PAGE_SIZE);
      const signed = page.subarray(0, PAGE_SIZE - HMAC_BYTES);
      const pageNumber = Buffer.alloc(4);
      pageNumber.writeUInt32LE(number);
      const expected = createHmac('sha512', hmacKey).update(signed).update(pageNumber).digest();
      if (timingSafeEqual(expected, page.subarray(PAGE_SIZE - HMAC_BYTES))) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/** The file's salt (its first 16 bytes) is all zeros: its header was wiped, and no key can read it. */
export function saltErased(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const salt = Buffer.alloc(SALT_BYTES);
    return readSync(fd, salt, 0, SALT_BYTES, 0) === SALT_BYTES && salt.every((b) => b === 0);
  } finally {
    closeSync(fd);
  }
}

/**
 * The page count the file's header records (SQLite's "in-header database size"), read without
 * SQLite, which refuses to open a file shorter than that. An encrypted first page is decrypted
 * with the key (SQLCipher 4: AES-256-CBC after the salt, its IV before the HMAC). Null when unreadable.
 */
export function headerPageCount(path: string, key: DatabaseKey | null): number | null {
  const fd = openSync(path, 'r');
  try {
    const page = Buffer.alloc(PAGE_SIZE);
    if (readSync(fd, page, 0, PAGE_SIZE, 0) < 100) return null;
    if (key === null || page.subarray(0, PLAINTEXT_HEADER.length).equals(PLAINTEXT_HEADER))
      return page.readUInt32BE(28);
    const ivAt = PAGE_SIZE - HMAC_BYTES - SALT_BYTES;
    const decipher = createDecipheriv('aes-256-cbc', key, page.subarray(ivAt, ivAt + SALT_BYTES)).setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(page.subarray(SALT_BYTES, ivAt)), decipher.final()]);
    return plain.readUInt32BE(28 - SALT_BYTES);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
