// The data folder is the user's alone: the folder and everything in it (database, journals,
// backups, Chroma's files, exports or keys other parts write there) readable by no other
// account. New files get that from the process's file-creation mask, which the Chroma child
// inherits; files an older version left open to others are closed up at every start.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** Clears group and other bits on everything this process (and its children) creates. */
const PRIVATE_UMASK = 0o077;

/** Creates the folder if needed and makes it and its contents owner-only. No-op on Windows (ACLs). */
export function makeDataFolderPrivate(dataDir: string): void {
  if (process.platform === 'win32') return;
  process.umask(PRIVATE_UMASK);
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  closeUp(dataDir);
}

function closeUp(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(path, PRIVATE_DIR_MODE);
    for (const name of readdirSync(path)) closeUp(join(path, name));
  } else if ((stat.mode & 0o077) !== 0) {
    chmodSync(path, stat.mode & PRIVATE_FILE_MODE);
  }
}
