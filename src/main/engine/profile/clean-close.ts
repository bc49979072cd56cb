// Whether the start-up check may skip reading the whole file. `PRAGMA quick_check` reads and
// decrypts every page: about half a minute for 100k messages on a busy 2-core machine, all before
// the first window. A database that Mnemo closed itself, with nothing seen damaged meanwhile,
// and that nothing has touched since (same file, size, modification and change times), gets a
// light check instead (its table list readable, not cut short). A crash, a copy, any write by
// another program, or damage seen during the session, and the next start checks every page.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { ProfilePaths } from './inspect';

interface FileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

const stampPath = (paths: Pick<ProfilePaths, 'database'>) => `${paths.database}.closed-cleanly`;

function identityOf(file: string): FileIdentity | null {
  if (!existsSync(file)) return null;
  const { ino, size, mtimeMs, ctimeMs } = statSync(file);
  return { ino, size, mtimeMs, ctimeMs };
}

/** After the database was closed by the engine with no damage seen: remembers the file as it was left. */
export function markClosedCleanly(paths: Pick<ProfilePaths, 'database'>): void {
  const identity = identityOf(paths.database);
  // A WAL left behind means the close did not finish folding it in: not a clean close.
  if (identity === null || identityOf(`${paths.database}-wal`)?.size) return;
  writeFileSync(stampPath(paths), JSON.stringify(identity), { mode: 0o600 });
}

/** Forgets the clean close: from the moment the engine opens the file, until it closes it again. */
export function forgetCleanClose(paths: Pick<ProfilePaths, 'database'>): void {
  rmSync(stampPath(paths), { force: true });
}

/** The database is exactly as the engine left it at a clean close. */
export function closedCleanly(paths: Pick<ProfilePaths, 'database'>): boolean {
  try {
    const stamp = JSON.parse(readFileSync(stampPath(paths), 'utf8')) as FileIdentity;
    const now = identityOf(paths.database);
    return (
      now !== null &&
      now.ino === stamp.ino &&
      now.size === stamp.size &&
      now.mtimeMs === stamp.mtimeMs &&
      now.ctimeMs === stamp.ctimeMs
    );
  } catch {
    return false;
  }
}
