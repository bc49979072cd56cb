// Why a profile cannot be opened, and the ways out the start-up problem screen offers. One
// screen, several reasons: the engine's start-up check reports `damaged` and `missing`; the
// encryption work adds its key reasons here (`wrong-key`, `key-missing`) with their own actions.

export type ProfileProblemReason = 'damaged' | 'missing';

export type RecoveryAction = 'restore-backup' | 'recover-readable' | 'start-fresh';

export interface ProfileBackup {
  /** File name inside the data folder's backups/ (never a path the renderer chooses). */
  name: string;
  takenAt: number;
  bytes: number;
}

export interface ProfileProblem {
  reason: ProfileProblemReason;
  /** For people: what was found, in plain words. */
  message: string;
  /** SQLite's own words, for a bug report; never shown as the explanation. */
  detail: string | null;
  dataDir: string;
  /** Newest first. */
  backups: ProfileBackup[];
  /** What the screen may offer for this reason, in the order it should offer them. */
  actions: RecoveryAction[];
}

export interface RecoveryOutcome {
  action: RecoveryAction;
  /** Where the file that could not be opened was put (inside the data folder), if there was one. */
  setAsidePath: string | null;
  /** For recover-readable: rows copied and rows that could not be read, per table. */
  rows?: { copied: number; lost: number };
}
