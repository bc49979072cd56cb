// The start-up check of a profile, before the engine opens it: a database SQLite reports
// damaged (`PRAGMA quick_check`, or a file it cannot read at all), or a database that is gone
// while the folder still holds its vectors or backups. Either way the user chooses what
// happens next; Mnemo never carries on silently with an empty profile.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { MnemoError } from '../../../shared/errors';
import type { ProfileBackup, ProfileProblem } from '../../../shared/profile';
import { databaseFileKind, type DatabaseKey } from '../store';
import { applyKey, DATABASE_PAGE_BYTES, headerPageCount, keyAuthenticatesPages, saltErased } from '../store/cipher';
import { closedCleanly } from './clean-close';
import { withReadableLength } from './readable-length';

/** The engine's typed start-up error: the profile needs the user's choice before it can open. */
export class ProfileUnavailableError extends MnemoError {
  constructor(readonly problem: ProfileProblem) {
    super('PROFILE_UNAVAILABLE', problem.message, { reason: problem.reason });
    this.name = 'ProfileUnavailableError';
  }
}

export interface ProfilePaths {
  dataDir: string;
  database: string;
  chroma: string;
  backups: string;
  /** Where recoveries put the files they replace. */
  damaged: string;
  /** The database key, wrapped by the OS keychain or a passphrase (see engine/keys). */
  key: string;
}

export interface InspectOptions {
  /** The profile's database key; null or absent for a plaintext profile. */
  key?: DatabaseKey | null;
  nativeBinding?: string;
}

export function inspectProfile(paths: ProfilePaths, options: InspectOptions = {}): ProfileProblem | null {
  const backups = listBackups(paths.backups);
  const size = existsSync(paths.database) ? statSync(paths.database).size : -1;
  if (size <= 0) {
    // A new profile has neither; vectors or backups without their database mean it was lost.
    if (!holdsFiles(paths.chroma) && backups.length === 0) return null;
    return {
      reason: 'missing',
      message:
        size === 0
          ? 'Mnemo’s database file is empty, though this data folder holds an index or backups of earlier conversations.'
          : 'Mnemo’s database file is missing, though this data folder holds an index or backups of earlier conversations.',
      detail: null,
      dataDir: paths.dataDir,
      backups,
      actions: backups.length > 0 ? ['restore-backup', 'start-fresh'] : ['start-fresh'],
    };
  }
  // An encrypted file that does not open is a key problem first: its first page cannot be told
  // from a damaged one, and the cure (the right key) must not be buried under "start fresh".
  const encrypted = databaseFileKind(paths.database) === 'encrypted';
  const key = options.key ?? null;
  if (encrypted && key === null) return keyMissing(paths, backups);
  const check = checkFile(paths, encrypted ? key : null, options.nativeBinding);
  if (check === null) return null;
  if (check.notADatabase && encrypted) {
    // SQLite says the same for a wrong key and a damaged first page; the file's checksums tell them apart.
    if (saltErased(paths.database)) return damaged(paths, backups, check.message, 'wiped');
    if (keyAuthenticatesPages(paths.database, key!) !== true) return wrongKey(paths, backups, check.message);
  }
  return damaged(paths, backups, check.message, check.schemaReadable ? 'readable' : 'no-contents');
}

const DAMAGE_WORDS = {
  readable: 'Mnemo’s database file is damaged, so it was not opened. Nothing has been changed yet.',
  wiped: 'The beginning of Mnemo’s database file was wiped, so none of it can be read. Nothing has been changed yet.',
  'no-contents':
    'The part of Mnemo’s database file that lists what it holds is damaged, so none of it can be read. Nothing has been changed yet.',
} as const;

/** A file with no readable list of its tables has nothing a recovery could copy: only a backup or a fresh start help. */
function damaged(
  paths: ProfilePaths,
  backups: ProfileBackup[],
  detail: string,
  state: keyof typeof DAMAGE_WORDS,
): ProfileProblem {
  const ways: ProfileProblem['actions'] = state === 'readable' ? ['recover-readable', 'start-fresh'] : ['start-fresh'];
  return {
    reason: 'damaged',
    message: DAMAGE_WORDS[state],
    detail,
    dataDir: paths.dataDir,
    backups,
    actions: backups.length > 0 ? ['restore-backup', ...ways] : ways,
  };
}

interface CheckFinding {
  message: string;
  notADatabase: boolean;
  /** Its list of tables reads (with the header's length relaxed), so a recovery can copy rows. */
  schemaReadable: boolean;
}

/** How closely the file is checked at start: every page, unless it is exactly as a clean close left it. */
export const startupCheckKind = (paths: Pick<ProfilePaths, 'database'>): 'every-page' | 'light' =>
  closedCleanly(paths) ? 'light' : 'every-page';

function checkFile(
  paths: ProfilePaths,
  key: DatabaseKey | null,
  nativeBinding: string | undefined,
): CheckFinding | null {
  return startupCheckKind(paths) === 'light'
    ? lightCheck(paths.database, key, nativeBinding)
    : quickCheck(paths.database, key, nativeBinding);
}

/** The table list reads and the file is as long as its header says. */
function lightCheck(path: string, key: DatabaseKey | null, nativeBinding: string | undefined): CheckFinding | null {
  const short = (headerPageCount(path, key) ?? 0) * DATABASE_PAGE_BYTES > statSync(path).size;
  if (short) return quickCheck(path, key, nativeBinding);
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    applyKey(db, key);
    db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
    return null;
  } catch {
    return quickCheck(path, key, nativeBinding);
  } finally {
    db?.close();
  }
}

/** SQLite's first complaint about the file, or null when it reads as sound. Read-only: nothing is written. */
function quickCheck(path: string, key: DatabaseKey | null, nativeBinding: string | undefined): CheckFinding | null {
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    applyKey(db, key);
    const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((line) => line !== 'ok');
    return problems.length > 0 ? { message: problems.join('; '), notADatabase: false, schemaReadable: true } : null;
  } catch (error) {
    const notADatabase = (error as { code?: unknown }).code === 'SQLITE_NOTADB';
    return {
      message: error instanceof Error ? error.message : String(error),
      notADatabase,
      schemaReadable: !notADatabase && schemaReads(path, key, nativeBinding),
    };
  } finally {
    db?.close();
  }
}

/** Whether the file's schema can be read the way a recovery reads it (see `readableCopy` in recover.ts). */
function schemaReads(path: string, key: DatabaseKey | null, nativeBinding: string | undefined): boolean {
  try {
    return withReadableLength(path, key, `${path}.checking`, (readable) => {
      const db = new BetterSqlite3(readable, {
        readonly: true,
        fileMustExist: true,
        ...(nativeBinding ? { nativeBinding } : {}),
      });
      try {
        applyKey(db, key);
        db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
        return true;
      } finally {
        db.close();
      }
    });
  } catch {
    return false;
  }
}

/** Starting fresh is offered last, and sets the file aside untouched: the key may still turn up. */
const KEY_ACTIONS: ProfileProblem['actions'] = ['try-again', 'start-fresh'];

function keyMissing(paths: ProfilePaths, backups: ProfileBackup[]): ProfileProblem {
  return {
    reason: 'key-missing',
    message: `Your data is encrypted, but its key file (${paths.key}) is gone, so it cannot be read. Nothing was changed. Put the key file back from a backup of the data folder, then try again.`,
    detail: null,
    dataDir: paths.dataDir,
    backups,
    actions: KEY_ACTIONS,
  };
}

function wrongKey(paths: ProfilePaths, backups: ProfileBackup[], detail: string): ProfileProblem {
  return {
    reason: 'wrong-key',
    message: `Your data is encrypted with a different key than the one in ${paths.key} (the key file may come from another data folder), so it cannot be read. Nothing was changed. Put back this folder’s own key file, then try again.`,
    detail,
    dataDir: paths.dataDir,
    backups,
    actions: KEY_ACTIONS,
  };
}

export function listBackups(dir: string): ProfileBackup[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.sqlite'))
    .map((e) => {
      const stat = statSync(join(dir, e.name));
      return { name: e.name, takenAt: stat.mtimeMs, bytes: stat.size };
    })
    .filter((b) => b.bytes > 0)
    .sort((a, b) => b.takenAt - a.takenAt);
}

function holdsFiles(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir, { recursive: true, withFileTypes: true }).some((e) => e.isFile());
}
