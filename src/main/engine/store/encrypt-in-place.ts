// Encrypts a plaintext database file where it lies (a profile from before encryption, and the
// schema backups beside it), so that a crash at any point loses nothing:
//   1. `T.plaintext` is made a hard link of T (the backup, taken first, costs no copy);
//   2. T is copied to `T.encrypting`, which is encrypted with SQLite's rekey and verified;
//   3. `T.encrypting` is renamed over T (atomic), T is verified again with the key;
//   4. `T.plaintext`, now the only name of the old plaintext, is overwritten and removed.
// The next start looks at what a crash left and finishes or rolls back (`settleInterrupted`).
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { MnemoError } from '../../../shared/errors';
import { applyKey, databaseFileKind, keyLiteral, type DatabaseKey } from './cipher';

export type EncryptionStep =
  'backup' | 'copy' | 'encrypt' | 'verify' | 'swap' | 'verify-swapped' | 'remove-plaintext' | 'done';

export interface EncryptInPlaceOptions {
  key: DatabaseKey;
  nativeBinding?: string;
  /** Called before each step (the crash test kills the process there). */
  onStep?: (step: EncryptionStep, file: string) => void;
}

const scratchPath = (target: string) => `${target}.encrypting`;
const plaintextPath = (target: string) => `${target}.plaintext`;

/**
 * Encrypts the profile's database and every plaintext `.sqlite` in its backup folder. Returns
 * true when anything was encrypted. A file that is already encrypted is left alone.
 */
export function encryptProfileInPlace(path: string, backupDir: string, options: EncryptInPlaceOptions): boolean {
  const backups = existsSync(backupDir)
    ? readdirSync(backupDir)
        .filter((name) => name.endsWith('.sqlite'))
        .map((name) => join(backupDir, name))
    : [];
  let changed = false;
  for (const file of [path, ...backups]) {
    settleInterrupted(file, options);
    if (databaseFileKind(file) === 'plaintext') {
      encryptFile(file, options);
      changed = true;
    }
  }
  return changed;
}

/** What an interrupted run left beside `target`: the scratch copy goes; the plaintext backup is finished or restored. */
export function settleInterrupted(target: string, options: EncryptInPlaceOptions): void {
  rmSync(scratchPath(target), { force: true });
  const plaintext = plaintextPath(target);
  if (!existsSync(plaintext)) return;
  const kind = databaseFileKind(target);
  if (kind === 'encrypted' && opensWithKey(target, options)) {
    shred(plaintext);
  } else if (kind === 'encrypted' || kind === 'missing' || kind === 'empty') {
    // The swap happened but the result does not open, or the file is gone: roll back.
    renameSync(plaintext, target);
    syncDir(dirname(target));
  } else {
    // The swap never happened: the backup is the same plaintext as the file (a link, or a partial copy).
    rmSync(plaintext, { force: true });
  }
}

function encryptFile(target: string, options: EncryptInPlaceOptions): void {
  const step = (name: EncryptionStep) => options.onStep?.(name, target);
  const scratch = scratchPath(target);
  const plaintext = plaintextPath(target);
  foldWal(target, options);

  step('backup');
  try {
    linkSync(target, plaintext);
  } catch {
    copyDurably(target, plaintext); // a file system without hard links
  }
  syncDir(dirname(target));

  step('copy');
  copyDurably(target, scratch);
  step('encrypt');
  rekeyCopy(scratch, options);
  step('verify');
  assertSameContent(target, scratch, options);

  step('swap');
  renameSync(scratch, target);
  syncDir(dirname(target));
  step('verify-swapped');
  if (!opensWithKey(target, options)) {
    renameSync(plaintext, target);
    throw new MnemoError(
      'INTERNAL',
      `Encrypting ${target} failed: the encrypted file did not open. The plaintext file was put back; nothing was lost.`,
    );
  }
  step('remove-plaintext');
  shred(plaintext);
  step('done');
}

const open = (file: string, options: EncryptInPlaceOptions, readonly = false) =>
  new BetterSqlite3(file, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(readonly ? { readonly: true } : {}),
    fileMustExist: true,
  });

/** Folds a WAL into the file, so the file alone is the whole database. */
function foldWal(target: string, options: EncryptInPlaceOptions): void {
  if (!existsSync(`${target}-wal`)) return;
  const db = open(target, options);
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

function rekeyCopy(scratch: string, options: EncryptInPlaceOptions): void {
  const db = open(scratch, options);
  try {
    // Rekey works on a rollback-journal database; no journal at all, so no plaintext is written
    // beside the scratch copy (a crash only leaves a scratch file the next start deletes).
    db.pragma('journal_mode = DELETE');
    db.pragma('journal_mode = OFF');
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma('legacy = 4');
    db.pragma(`rekey = ${keyLiteral(options.key)}`);
  } finally {
    db.close();
  }
  fsyncFile(scratch);
}

/** The encrypted copy holds what the plaintext holds: integrity, schema version and every table's row count. */
function assertSameContent(plainFile: string, encryptedFile: string, options: EncryptInPlaceOptions): void {
  const plain = open(plainFile, options, true);
  const encrypted = open(encryptedFile, options, true);
  try {
    applyKey(encrypted, options.key);
    const problems: string[] = [];
    const integrity = encrypted.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity: ${String(integrity)}`);
    if (plain.pragma('user_version', { simple: true }) !== encrypted.pragma('user_version', { simple: true }))
      problems.push('schema version differs');
    const tables = plain
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'`)
      .pluck()
      .all() as string[];
    for (const table of tables) {
      const count = (db: BetterSqlite3.Database) =>
        db
          .prepare(`SELECT count(*) FROM "${table.replaceAll('"', '""')}"`)
          .pluck()
          .get();
      if (count(plain) !== count(encrypted)) problems.push(`${table}: row counts differ`);
    }
    if (problems.length > 0)
      throw new MnemoError(
        'INTERNAL',
        `Encrypting ${plainFile} failed verification (${problems.join('; ')}); the plaintext file was kept as it was.`,
      );
  } finally {
    plain.close();
    encrypted.close();
  }
}

function opensWithKey(file: string, options: EncryptInPlaceOptions): boolean {
  try {
    const db = open(file, options, true);
    try {
      applyKey(db, options.key);
      return db.pragma('quick_check', { simple: true }) === 'ok';
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/**
 * Overwrites a file with random bytes before unlinking it. On a journaling or copy-on-write file
 * system or an SSD the old blocks may survive elsewhere; this removes what software can reach.
 */
export function shred(file: string): void {
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  try {
    const block = Buffer.alloc(1024 * 1024);
    for (let offset = 0; offset < size; offset += block.length) {
      randomBytes(Math.min(block.length, size - offset)).copy(block);
      writeSync(fd, block, 0, Math.min(block.length, size - offset), offset);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  rmSync(file);
  syncDir(dirname(file));
}

function copyDurably(from: string, to: string): void {
  copyFileSync(from, to);
  fsyncFile(to);
}

function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Directories cannot be opened for fsync on every platform (Windows); the renames still happened.
  }
}
