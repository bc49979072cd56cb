// The three ways out of a profile that cannot be opened. Each keeps what it replaces: the
// damaged (or empty) database is moved to `damaged/` inside the data folder, never deleted.
//   restore-backup    the newest backup (or the one named) becomes the database
//   recover-readable  a fresh file gets every row SQLite can still read, table by table, row
//                     by row (the approach of sqlite3's `.recover`), past damaged pages
//   start-fresh       an empty profile; the old vector index goes too (it is derived, and
//                     would otherwise keep vectors of conversations the new profile never had)
// The Chroma index is reconciled with the result by id when the engine opens.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { MnemoError } from '../../../shared/errors';
import type { RecoveryAction, RecoveryOutcome } from '../../../shared/profile';
import { databaseFileKind, openDatabase, type DatabaseKey } from '../store';
import { applyKey } from '../store/cipher';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../store/migrations';
import { listBackups, type ProfilePaths } from './inspect';
import { withReadableLength } from './readable-length';
import { restoreLostRows } from './restore-lost';

export interface RecoveryRequest {
  action: RecoveryAction;
  /** For restore-backup: a file name from the problem's backups; the newest when omitted. */
  backup?: string;
  /** The profile's database key: recover-readable reads the damaged file and writes its copy with it. */
  key?: DatabaseKey | null;
  nativeBinding?: string;
  now?: () => number;
}

export function recoverProfile(paths: ProfilePaths, request: RecoveryRequest): RecoveryOutcome {
  const stamp = new Date((request.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-');
  if (request.action === 'restore-backup') {
    const backup = chooseBackup(paths, request.backup);
    const setAsidePath = setAside(paths, stamp);
    copyFileSync(join(paths.backups, backup), paths.database);
    return { action: 'restore-backup', setAsidePath };
  }
  if (request.action === 'recover-readable') {
    if (!existsSync(paths.database))
      throw new MnemoError('INVALID_INPUT', 'There is no database file to recover rows from.');
    const fresh = `${paths.database}.recovering`;
    rmSync(fresh, { force: true });
    let rows: { copied: number; lost: number };
    try {
      rows = copyReadableRows(paths.database, fresh, {
        key: request.key ?? null,
        nativeBinding: request.nativeBinding,
      });
    } catch (error) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${fresh}${suffix}`, { force: true });
      throw error;
    }
    const setAsidePath = setAside(paths, stamp);
    renameSync(fresh, paths.database);
    return { action: 'recover-readable', setAsidePath, rows };
  }
  if (request.action !== 'start-fresh') throw new MnemoError('INTERNAL', `“${request.action}” does not repair files.`);
  const setAsidePath = setAside(paths, stamp);
  rmSync(paths.chroma, { recursive: true, force: true });
  return { action: 'start-fresh', setAsidePath };
}

function chooseBackup(paths: ProfilePaths, name: string | undefined): string {
  const backups = listBackups(paths.backups);
  const chosen = name === undefined ? backups[0] : backups.find((b) => b.name === name);
  if (!chosen)
    throw new MnemoError(
      'INVALID_INPUT',
      name === undefined ? 'There is no backup to restore.' : `There is no backup called “${name}”.`,
    );
  return chosen.name;
}

/** Moves the database and its journals to damaged/; the path of the moved database, or null if there was none. */
function setAside(paths: ProfilePaths, stamp: string): string | null {
  const dir = paths.damaged;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let moved: string | null = null;
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const file = `${paths.database}${suffix}`;
    if (!existsSync(file)) continue;
    const target = join(dir, `${basename(paths.database, '.sqlite')}-${stamp}.sqlite${suffix}`);
    renameSync(file, target);
    if (suffix === '') moved = target;
  }
  return moved;
}

/** Tables copied: the data, without FTS indexes (refilled by the triggers as rows arrive). */
const SKIPPED = /^(sqlite_|chunks_fts|memories_fts)/;

/**
 * Creates `target` with the damaged file's schema version and copies every row that can be
 * read. A damaged page ends a scan; the copy goes on after it by rowid, so one bad page costs
 * the rows on it, not the rest of the table. Lost messages and conversations that other rows
 * still describe are rebuilt from them; rows whose parent was lost for good are dropped after.
 */
function copyReadableRows(
  damagedFile: string,
  target: string,
  { key, nativeBinding }: { key: DatabaseKey | null; nativeBinding: string | undefined },
): { copied: number; lost: number } {
  // An encrypted file is read with its key, and its copy is written with the same one.
  const sourceKey = databaseFileKind(damagedFile) === 'encrypted' ? key : null;
  return withReadableLength(damagedFile, sourceKey, `${target}.source`, (source) =>
    copyRowsFrom(source, target, sourceKey, nativeBinding),
  );
}

function copyRowsFrom(
  source: string,
  target: string,
  sourceKey: DatabaseKey | null,
  nativeBinding: string | undefined,
): { copied: number; lost: number } {
  const version = readSchemaVersion(source, sourceKey, nativeBinding);
  const { db } = openDatabase(target, {
    key: sourceKey,
    ...(nativeBinding ? { nativeBinding } : {}),
    ...(version !== null && version > 0 && version < LATEST_SCHEMA_VERSION
      ? { migrations: MIGRATIONS.filter((m) => m.version <= version) }
      : {}),
  });
  let copied = 0;
  let lost = 0;
  try {
    db.pragma('foreign_keys = OFF');
    // The key in its raw form (x'…'), so the damaged file is read without key stretching, like the copy.
    attachDamaged(db, source, sourceKey);
    const tables = db
      .prepare(`SELECT name FROM main.sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'`)
      .all() as { name: string }[];
    for (const { name } of tables.filter((t) => !SKIPPED.test(t.name))) {
      const result = copyTable(db, name);
      copied += result.copied;
      lost += result.lost;
    }
    db.prepare('DETACH DATABASE damaged').run();
    copied += restoreLostRows(db);
    lost += dropOrphans(db);
    db.pragma('foreign_keys = ON');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  return { copied, lost };
}

function attachDamaged(db: BetterSqlite3.Database, source: string, key: DatabaseKey | null): void {
  try {
    if (key) db.prepare('ATTACH DATABASE ? AS damaged KEY ?').run(source, `x'${key.toString('hex')}'`);
    else db.prepare('ATTACH DATABASE ? AS damaged').run(source);
    db.prepare('SELECT count(*) FROM damaged.sqlite_schema').pluck().get();
  } catch (error) {
    throw new MnemoError(
      'DB_CORRUPT',
      'Nothing could be read from the damaged file: the part that lists what it holds is damaged too. Restore a backup or start fresh; the file is kept aside either way.',
      { reason: error instanceof Error ? error.message : String(error) },
      { cause: error },
    );
  }
}

function readSchemaVersion(path: string, key: DatabaseKey | null, nativeBinding: string | undefined): number | null {
  try {
    const db = new BetterSqlite3(path, {
      readonly: true,
      fileMustExist: true,
      ...(nativeBinding ? { nativeBinding } : {}),
    });
    try {
      applyKey(db, key);
      return db.pragma('user_version', { simple: true }) as number;
    } finally {
      db.close();
    }
  } catch {
    return null; // unreadable header: recover into the current schema
  }
}

const STEP = 64;

function copyTable(db: BetterSqlite3.Database, table: string): { copied: number; lost: number } {
  const quoted = `"${table.replace(/"/g, '""')}"`;
  const exists = db.prepare(`SELECT 1 FROM damaged.sqlite_schema WHERE type = 'table' AND name = ?`).get(table);
  if (!exists) return { copied: 0, lost: 0 };
  const withoutRowid = /WITHOUT ROWID\s*$/i.test(
    (db.prepare(`SELECT sql FROM main.sqlite_schema WHERE name = ?`).get(table) as { sql: string }).sql,
  );
  if (withoutRowid) {
    try {
      return {
        copied: db.prepare(`INSERT OR IGNORE INTO main.${quoted} SELECT * FROM damaged.${quoted}`).run().changes,
        lost: 0,
      };
    } catch {
      return { copied: 0, lost: 1 };
    }
  }
  const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[])
    .map((c) => `"${c.name.replace(/"/g, '""')}"`)
    .join(', ');
  const copyRange = db.prepare(
    `INSERT OR IGNORE INTO main.${quoted} (rowid, ${columns}) SELECT rowid, ${columns} FROM damaged.${quoted} WHERE rowid > ? AND rowid <= ? ORDER BY rowid`,
  );
  const maxRowid = readMaxRowid(db, quoted);
  let copied = 0;
  let lost = 0;
  for (let from = 0; from < maxRowid; from += STEP) {
    try {
      copied += copyRange.run(from, from + STEP).changes;
    } catch {
      // A damaged page within this range: row by row, to keep what is readable around it.
      for (let rowid = from + 1; rowid <= from + STEP; rowid++) {
        try {
          copied += copyRange.run(rowid - 1, rowid).changes;
        } catch {
          lost += 1;
        }
      }
    }
  }
  return { copied, lost };
}

/**
 * The highest rowid the table holds. A damaged right edge makes `max(rowid)` fail; then the
 * table's indexes, separate trees holding every row's rowid, still tell it.
 */
function readMaxRowid(db: BetterSqlite3.Database, quoted: string): number {
  try {
    return (db.prepare(`SELECT max(rowid) AS m FROM damaged.${quoted}`).get() as { m: number | null }).m ?? 0;
  } catch {
    const indexes = db
      .prepare(`SELECT name FROM damaged.sqlite_schema WHERE type = 'index' AND tbl_name = ?`)
      .all(quoted.slice(1, -1).replace(/""/g, '"')) as { name: string }[];
    let max = 0;
    for (const { name } of indexes) {
      try {
        const rows = db
          .prepare(`SELECT rowid AS r FROM damaged.${quoted} INDEXED BY "${name.replace(/"/g, '""')}"`)
          .all() as { r: number }[];
        for (const { r } of rows) max = Math.max(max, r);
      } catch {
        // This index is damaged too: the next one may not be.
      }
    }
    return max;
  }
}

/** Deletes rows whose parent row was lost, until the foreign keys hold; returns how many. */
function dropOrphans(db: BetterSqlite3.Database): number {
  let dropped = 0;
  for (let round = 0; round < 10; round++) {
    const violations = db.pragma('foreign_key_check') as { table: string; rowid: number | null }[];
    if (violations.length === 0) break;
    for (const v of violations) {
      if (v.rowid === null) continue;
      dropped += db.prepare(`DELETE FROM "${v.table.replace(/"/g, '""')}" WHERE rowid = ?`).run(v.rowid).changes;
    }
  }
  return dropped;
}
