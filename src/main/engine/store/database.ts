// Opens Mnemo's SQLite file: WAL, foreign keys, and the numbered migrations run at start-up
// in one transaction after a backup of the file. A file written by a newer Mnemo is refused
// rather than guessed at.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { MnemoError } from '../../../shared/errors';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

export type SqliteDatabase = BetterSqlite3.Database;

export interface OpenDatabaseOptions {
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

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): OpenedDatabase {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.length;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const existed = path !== ':memory:' && existsSync(path);

  const db = new BetterSqlite3(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');

    const previousVersion = db.pragma('user_version', { simple: true }) as number;
    if (previousVersion > latest) {
      throw new MnemoError(
        'DB_TOO_NEW',
        `This data was written by a newer version of Mnemo (schema ${previousVersion}; this version knows up to ${latest}). Update Mnemo to open it; nothing was changed.`,
        { schemaVersion: previousVersion, supportedVersion: latest, path },
      );
    }

    let backupPath: string | null = null;
    if (previousVersion < latest) {
      if (existed && previousVersion > 0) backupPath = backupBeforeMigration(db, path, previousVersion, options);
      runMigrations(db, migrations.slice(previousVersion));
    }
    return { db, previousVersion, backupPath };
  } catch (error) {
    db.close();
    throw error;
  }
}

function backupBeforeMigration(db: SqliteDatabase, path: string, fromVersion: number, options: OpenDatabaseOptions): string {
  const dir = options.backupDir ?? join(dirname(path), 'backups');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date((options.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-');
  const target = join(dir, `mnemo-schema${fromVersion}-${stamp}.sqlite`);
  // Fold the WAL into the main file first so a plain file copy is a complete database.
  db.pragma('wal_checkpoint(TRUNCATE)');
  copyFileSync(path, target);
  return target;
}

function runMigrations(db: SqliteDatabase, pending: readonly Migration[]): void {
  const apply = db.transaction(() => {
    for (const migration of pending) {
      db.exec(migration.up);
      db.pragma(`user_version = ${migration.version}`);
    }
  });
  try {
    apply();
  } catch (error) {
    const failed = pending.map((m) => m.version).join(', ');
    throw new MnemoError(
      'DB_MIGRATION_FAILED',
      `Upgrading the database failed (migrations ${failed}); it was left as it was before.`,
      { reason: error instanceof Error ? error.message : String(error) },
      { cause: error },
    );
  }
}

export { LATEST_SCHEMA_VERSION };
