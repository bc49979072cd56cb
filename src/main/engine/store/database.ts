// Opens Mnemo's SQLite file: encrypted with the profile's key (a plaintext file from before is
// encrypted in place first), WAL, foreign keys, and the numbered migrations run at start-up in
// one transaction after a backup of the file. A failed (or crashed) migration puts that backup
// back byte for byte. A file written by a newer Mnemo is refused rather than guessed at, and a
// file the key does not open is refused before anything is written to it.
// What a delete leaves on disk is decided here too (secure_delete, the WAL, backups), so the
// policy holds whichever SQLite build opens the file; it is set after the key is applied.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { MnemoError } from '../../../shared/errors';
import { applyKey, assertReadable, databaseFileKind, missingKey, type DatabaseKey } from './cipher';
import { encryptProfileInPlace, type EncryptionStep } from './encrypt-in-place';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

export type SqliteDatabase = BetterSqlite3.Database;

export interface OpenDatabaseOptions {
  /** The profile's key (see cipher.ts); null or absent opens a plaintext file. */
  key?: DatabaseKey | null;
  /** Progress of encrypting a plaintext profile in place (tests kill the process there). */
  onEncryptionStep?: (step: EncryptionStep, file: string) => void;
  /** Where pre-migration backups go; defaults to `backups/` beside the database file. */
  backupDir?: string;
  /** Path of a better-sqlite3 addon built for this runtime (Electron and Node differ in ABI). */
  nativeBinding?: string;
  /** Migrations to apply; tests pass a prefix to build an older schema. */
  migrations?: readonly Migration[];
  now?: () => number;
}

export interface OpenedDatabase {
  db: SqliteDatabase;
  /** Schema version before this open ran migrations (0 for a new file). */
  previousVersion: number;
  /** Path of the backup taken before migrating, if one was needed. */
  backupPath: string | null;
  /** Where this file's pre-migration backups live (null for an in-memory database). */
  backupDir: string | null;
}

/**
 * How long the newest pre-migration backup is kept after a successful upgrade: long enough to
 * notice a problem with the new version. Older backups go at once, and every backup goes as
 * soon as the user deletes something (`eraseTraces`), since it would still hold the deleted text.
 */
export const BACKUP_KEEP_MS = 7 * 24 * 60 * 60 * 1000;
const BACKUP_NAME = /^mnemo-schema\d+-.+\.sqlite$/;

/** How much of the database file reads may map: the first GiB (about 230k messages). */
const MMAP_BYTES = 1024 * 1024 * 1024;
/**
 * SQLite's page cache for an encrypted file, in KiB (SQLite's default is 2 MiB): what the memory
 * map is for a plaintext one. Filled only as pages are read, so a small profile uses little. At 100k
 * messages (~470 MB), 64 MiB left a reply's context 37% slower to build than plaintext, 256 MiB 9%
 * (interleaved A/B, docs/BENCHMARKS.md).
 */
const ENCRYPTED_PAGE_CACHE_KIB = 256 * 1024;
/**
 * WAL pages before SQLite copies them into an encrypted file (its default is 1,000). SQLite3 Multiple
 * Ciphers decrypts each WAL frame and encrypts it again on the way into the file, so checkpointing
 * the same hot pages (FTS5 segments, B-tree interiors) ten times less often cut ingest's cost of
 * encryption from about a fifth to 8% at 100k. Deletes still fold and truncate the WAL at once (`eraseTraces`).
 */
const ENCRYPTED_WAL_AUTOCHECKPOINT_PAGES = 10_000;

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.at(-1)?.version ?? 0;
  const key = options.key ?? null;
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true });
    recoverInterruptedMigration(path);
    prepareEncryption(path, key, options);
  }
  const existed = path !== ':memory:' && existsSync(path);
  if (existed) verifyKeyReadOnly(path, key, options);

  const db = new BetterSqlite3(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  const backupDir = path === ':memory:' ? null : backupDirOf(path, options);
  let backupPath: string | null = null;
  try {
    applyKey(db, key);
    assertReadable(db, path, key);
    // Sorts and temporary indexes stay in memory: a temporary file would hold plaintext.
    db.pragma('temp_store = MEMORY');
    db.pragma('journal_mode = WAL');
    // Deleted rows are overwritten with zeros in the file, not left on free pages (issue 18).
    db.pragma('secure_delete = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Reads through a memory map instead of a read() per page: a chat turn looks up a few
    // hundred rows scattered over the file, and this makes each about a third cheaper (issue 6).
    // The mapped pages are the OS's file cache, shared and reclaimable, not the app's heap.
    db.pragma(`mmap_size = ${MMAP_BYTES}`);
    // An encrypted file is never memory-mapped (the cipher decrypts page by page through SQLite's own
    // reads, and SQLite3 Multiple Ciphers ignores mmap_size for it), so SQLite's page cache stands in for
    // the map: decrypted pages stay in this process's memory, never on disk, instead of being read and
    // decrypted again by every search. Without it, History search at 100k was 4x slower encrypted.
    if (key) db.pragma(`cache_size = -${ENCRYPTED_PAGE_CACHE_KIB}`);
    if (key) db.pragma(`wal_autocheckpoint = ${ENCRYPTED_WAL_AUTOCHECKPOINT_PAGES}`);

    const previousVersion = db.pragma('user_version', { simple: true }) as number;
    if (previousVersion > latest) {
      throw new MnemoError(
        'DB_TOO_NEW',
        `This data was written by a newer version of Mnemo (schema ${previousVersion}; this version knows up to ${latest}). Update Mnemo to open it; nothing was changed.`,
        { schemaVersion: previousVersion, supportedVersion: latest, path },
      );
    }

    if (previousVersion < latest) {
      if (existed && previousVersion > 0 && backupDir) {
        backupPath = backupBeforeMigration(db, path, previousVersion, backupDir, options);
        // Until the migrations are done, the next open puts the backup back (a crash mid-way).
        writeFileSync(markerPath(path), JSON.stringify({ backupPath, fromVersion: previousVersion }));
      }
      runMigrations(
        db,
        migrations.filter((m) => m.version > previousVersion),
      );
      if (backupPath) rmSync(markerPath(path), { force: true });
    }
    if (backupDir) pruneBackups(backupDir, (options.now ?? Date.now)());
    return { db, previousVersion, backupPath, backupDir };
  } catch (error) {
    db.close();
    if (backupPath) throw restoreAfterFailure(path, backupPath, error);
    throw error;
  }
}

/** With a key, a plaintext profile is encrypted first; without one, an encrypted file is refused untouched. */
function prepareEncryption(path: string, key: DatabaseKey | null, options: OpenDatabaseOptions): void {
  if (key) {
    encryptProfileInPlace(path, backupDirOf(path, options), {
      key,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.onEncryptionStep ? { onStep: options.onEncryptionStep } : {}),
    });
  } else if (databaseFileKind(path) === 'encrypted') {
    throw missingKey(path);
  }
}

/**
 * Tries the key on a read-only connection first: a read-write one that fails would still, on
 * closing, checkpoint and delete a WAL it could not read, losing the last commits of a crash.
 */
function verifyKeyReadOnly(path: string, key: DatabaseKey | null, options: OpenDatabaseOptions): void {
  const db = new BetterSqlite3(path, {
    readonly: true,
    fileMustExist: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    applyKey(db, key);
    assertReadable(db, path, key);
  } finally {
    db.close();
  }
}

const backupDirOf = (path: string, options: OpenDatabaseOptions) => options.backupDir ?? join(dirname(path), 'backups');

function backupBeforeMigration(
  db: SqliteDatabase,
  path: string,
  fromVersion: number,
  dir: string,
  options: OpenDatabaseOptions,
): string {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date((options.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-');
  const target = join(dir, `mnemo-schema${fromVersion}-${stamp}.sqlite`);
  // Fold the WAL into the main file first so a plain file copy is a complete database.
  db.pragma('wal_checkpoint(TRUNCATE)');
  copyFileSync(path, target);
  return target;
}

/** Pre-migration backups in `dir`, newest first. */
function backupsIn(dir: string): { path: string; mtimeMs: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .map((name) => ({ path: join(dir, name), mtimeMs: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
}

/** Keeps only the newest backup, and that one only for `BACKUP_KEEP_MS`. */
function pruneBackups(dir: string, now: number): void {
  backupsIn(dir).forEach((backup, i) => {
    if (i > 0 || now - backup.mtimeMs > BACKUP_KEEP_MS) rmSync(backup.path, { force: true });
  });
}

/**
 * Run after something was deleted for good, once its transaction committed: folds the WAL
 * into the file and truncates it (its frames still hold the pages as they were before), and
 * removes the backups, which were taken before the delete. With `secure_delete` on and the
 * keyword indexes in FTS5's secure-delete mode, the main file then holds none of the text.
 */
export function eraseTraces(db: SqliteDatabase, backupDir: string | null): void {
  if (db.inTransaction) throw new Error('eraseTraces runs after the delete has committed');
  db.pragma('wal_checkpoint(TRUNCATE)');
  if (backupDir) for (const backup of backupsIn(backupDir)) rmSync(backup.path, { force: true });
}

function runMigrations(db: SqliteDatabase, pending: readonly Migration[]): void {
  const foreignKeysOff = pending.some((m) => m.foreignKeys === 'off');
  let current: Migration | undefined;
  const apply = db.transaction(() => {
    for (const migration of pending) {
      current = migration;
      db.exec(migration.up);
      migration.data?.(db);
      db.pragma(`user_version = ${migration.version}`);
    }
    if (foreignKeysOff) {
      const violations = db.pragma('foreign_key_check') as { table: string }[];
      if (violations.length > 0)
        throw new Error(`foreign key check failed in ${[...new Set(violations.map((v) => v.table))].join(', ')}`);
    }
  });
  // The pragma is a no-op inside a transaction, so it is switched around it.
  if (foreignKeysOff) db.pragma('foreign_keys = OFF');
  try {
    apply();
  } catch (error) {
    throw new MnemoError(
      'DB_MIGRATION_FAILED',
      `Upgrading the database failed (migration ${current ? `${current.version} “${current.name}”` : pending.map((m) => m.version).join(', ')}); it was left as it was before.`,
      {
        reason: error instanceof Error ? error.message : String(error),
        migration: current?.version ?? null,
        migrationName: current?.name ?? null,
      },
      { cause: error },
    );
  } finally {
    if (foreignKeysOff) db.pragma('foreign_keys = ON');
  }
  // VACUUM cannot run in a transaction; a migration that must leave no free pages behind asks for it.
  if (pending.some((m) => m.vacuum)) db.exec('VACUUM');
}

const markerPath = (path: string) => `${path}.migrating`;

/** The database file and the journal files SQLite keeps beside it. */
export const databaseFiles = (path: string): string[] => [
  path,
  `${path}-wal`,
  `${path}-shm`,
  `${path}-journal`,
  markerPath(path),
  `${path}.encrypting`,
  `${path}.plaintext`,
];

/**
 * Puts the pre-migration backup back over the database, byte for byte. A failure may have
 * left changes a rollback cannot undo (a migration that commits part of its work, a pragma
 * outside the transaction), so the transaction alone is not trusted with the user's data.
 */
function restoreBackup(path: string, backupPath: string): void {
  // A leftover WAL would be replayed onto the restored file: it goes first.
  for (const file of [`${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(file, { force: true });
  copyFileSync(backupPath, path);
  rmSync(markerPath(path), { force: true });
}

function restoreAfterFailure(path: string, backupPath: string, error: unknown): MnemoError {
  const inner = error instanceof MnemoError ? error.details : undefined;
  const reason =
    typeof inner?.['reason'] === 'string' ? inner['reason'] : error instanceof Error ? error.message : String(error);
  const migration = inner?.['migration'] ?? null;
  const label =
    migration === null
      ? ''
      : ` (migration ${String(migration)}${typeof inner?.['migrationName'] === 'string' ? ` “${inner['migrationName']}”` : ''})`;
  try {
    restoreBackup(path, backupPath);
  } catch (restoreError) {
    return new MnemoError(
      'DB_MIGRATION_FAILED',
      `Upgrading the database failed and the backup could not be put back (${restoreError instanceof Error ? restoreError.message : String(restoreError)}). Your data is safe in ${backupPath}; copy it over ${path} before opening Mnemo again.`,
      { reason, migration, backupPath, restored: false },
      { cause: error },
    );
  }
  return new MnemoError(
    'DB_MIGRATION_FAILED',
    `Upgrading the database failed${label}: ${reason}. The file was restored from the backup taken just before (${backupPath}); nothing was lost.`,
    { reason, migration, backupPath, restored: true },
    { cause: error },
  );
}

/**
 * A migration interrupted by a crash left its marker: restore the backup before anything else.
 * Also run before the start-up check, which would otherwise call the half-written file damaged.
 */
export function recoverInterruptedMigration(path: string): void {
  const marker = markerPath(path);
  if (!existsSync(marker)) return;
  let backupPath: unknown;
  try {
    backupPath = (JSON.parse(readFileSync(marker, 'utf8')) as { backupPath?: unknown }).backupPath;
  } catch {
    backupPath = undefined;
  }
  if (typeof backupPath === 'string' && existsSync(backupPath)) restoreBackup(path, backupPath);
  else rmSync(marker, { force: true });
}

export { LATEST_SCHEMA_VERSION };
