// What "Delete all data" removes: every file and folder the engine creates in the data
// folder, and nothing else (in the desktop app the data folder is Electron's userData,
// which also holds the shell's own files).
import { existsSync, rmSync } from 'node:fs';
import { databaseFiles } from '../store';

export interface EngineDataPaths {
  database: string;
  chroma: string;
  backups: string;
  /** Databases set aside by a recovery (see profile/recover.ts): they hold the user's text too. */
  damaged?: string;
}

/** The paths the engine owns: the SQLite file with its journals, Chroma's folder, backups. */
export function engineOwnedPaths(paths: EngineDataPaths): string[] {
  return [...databaseFiles(paths.database), paths.chroma, paths.backups, ...(paths.damaged ? [paths.damaged] : [])];
}

/** Removes them; returns the ones that existed. The store and the sidecar must be closed. */
export function removeEngineData(paths: EngineDataPaths): string[] {
  const removed = engineOwnedPaths(paths).filter((p) => existsSync(p));
  for (const path of removed) rmSync(path, { recursive: true, force: true, maxRetries: 3 });
  return removed;
}
