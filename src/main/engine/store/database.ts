// Opens Mnemo's SQLite file: encrypted with the profile's key (a plaintext file from before is
// encrypted in place first), WAL, foreign keys, and the numbered migrations run at start-up in
// one transaction after a backup of the file. A failed (or crashed) migration puts that backup
// back byte for byte. A file written by a newer Mnemo is refused rather than guessed at, and a
// file the key does not open is refused before anything is written to it.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
}

/** How much of the database file reads may map: the first GiB (about 230k messages). */
const MMAP_BYTES = 1024 * 1024 * 1024;

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.length;
  const key = options.key ?? null;
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true });
    recoverInterruptedMigration(path);
    prepareEncryption(path, key, options);
  }
  const existed = path !== ':memory:' && existsSync(path);
  if (existed) verifyKeyReadOnly(path, key, options);

  const db = new BetterSqlite3(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  let backupPath: string | null = null;
  try {
    applyKey(db, key);
    assertReadable(db, path, key);
    // Sorts and temporary indexes stay in memory: a temporary file would hold plaintext.
    db.pragma('temp_store = MEMORY');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Reads through a memory map instead of a read() per page: a chat turn looks up a few
    // hundred rows scattered over the file, and this makes each about a third cheaper (issue 6).
    // The mapped pages are the OS's file cache, shared and reclaimable, not the app's heap.
    db.pragma(`mmap_size = ${MMAP_BYTES}`);

    const previousVersion = db.pragma('user_version', { simple: true }) as number;
    if (previousVersion > latest) {
      throw new MnemoError(
        'DB_TOO_NEW',
        `This data was written by a newer version of Mnemo (schema ${previousVersion}; this version knows up to ${latest}). Update Mnemo to open it; nothing was changed.`,
        { schemaVersion: previousVersion, supportedVersion: latest, path },
      );
    }

    if (previousVersion < latest) {
      if (existed && previousVersion > 0) {
        backupPath = backupBeforeMigration(db, path, previousVersion, options);
        // Until the migrations are done, the next open puts the backup back (a crash mid-way).
        writeFileSync(markerPath(path), JSON.stringify({ backupPath, fromVersion: previousVersion }));
      }
      runMigrations(db, migrations.slice(previousVersion));
      if (backupPath) rmSync(markerPath(path), { force: true });
    }
    return { db, previousVersion, backupPath };
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
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    applyKey(db, key);
    assertReadable(db, path, key);
  } finally {
    db.close();
  }
}

const backupDirOf = (path: string, options: OpenDatabaseOptions) => options.backupDir ?? join(dirname(path), 'backups');

function backupBeforeMigration(db: SqliteDatabase, path: string, fromVersion: number, options: OpenDatabaseOptions): string {
  const dir = backupDirOf(path, options);
  mkdirSync(dir, { recursive: true });
  const stamp = new Date((options.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-');
  const target = join(dir, `mnemo-schema${fromVersion}-${stamp}.sqlite`);
  // Fold the WAL into the main file first so a plain file copy is a complete database.
  db.pragma('wal_checkpoint(TRUNCATE)');
  copyFileSync(path, target);
  return target;
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
      if (violations.length > 0) throw new Error(`foreign key check failed in ${[...new Set(violations.map((v) => v.table))].join(', ')}`);
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
      { reason: error instanceof Error ? error.message : String(error), migration: current?.version ?? null, migrationName: current?.name ?? null },
      { cause: error },
    );
  } finally {
    if (foreignKeysOff) db.pragma('foreign_keys = ON');
  }
}

const markerPath = (path: string) => `${path}.migrating`;

/** The database file and the journal files SQLite keeps beside it. */
export const databaseFiles = (path: string): string[] => [path, `${path}-wal`, `${path}-shm`, `${path}-journal`, markerPath(path), `${path}.encrypting`, `${path}.plaintext`];

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
  const reason = typeof inner?.['reason'] === 'string' ? inner['reason'] : error instanceof Error ? error.message : String(error);
  const migration = inner?.['migration'] ?? null;
  const label = migration === null ? '' : ` (migration ${String(migration)}${typeof inner?.['migrationName'] === 'string' ? ` “${inner['migrationName']}”` : ''})`;
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

/** A migration interrupted by a crash left its marker: restore the backup before anything else. */
function recoverInterruptedMigration(path: string): void {
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
