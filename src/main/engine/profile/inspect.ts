// The start-up check of a profile, before the engine opens it: a database SQLite reports
// damaged (`PRAGMA quick_check`, or a file it cannot read at all), or a database that is gone
// while the folder still holds its vectors or backups. Either way the user chooses what
// happens next; Mnemo never carries on silently with an empty profile.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { MnemoError } from '../../../shared/errors';
import type { ProfileBackup, ProfileProblem } from '../../../shared/profile';

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

export function inspectProfile(paths: ProfilePaths, options: { nativeBinding?: string } = {}): ProfileProblem | null {
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
  const damage = quickCheck(paths.database, options.nativeBinding);
  if (damage === null) return null;
  return {
    reason: 'damaged',
    message: 'Mnemo’s database file is damaged, so it was not opened. Nothing has been changed yet.',
    detail: damage,
    dataDir: paths.dataDir,
    backups,
    actions: backups.length > 0 ? ['restore-backup', 'recover-readable', 'start-fresh'] : ['recover-readable', 'start-fresh'],
  };
}

/** SQLite's first complaint about the file, or null when it reads as sound. */
function quickCheck(path: string, nativeBinding: string | undefined): string | null {
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(path, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    const rows = db.pragma('quick_check(5)') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((line) => line !== 'ok');
    return problems.length > 0 ? problems.join('; ') : null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    db?.close();
  }
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
