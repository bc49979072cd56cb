// Why a profile cannot be opened, and the ways out the start-up problem screen offers. One
// screen, several reasons: the engine's start-up check reports `damaged` and `missing`; the
// profile's key adds `passphrase-required` (none given yet), `wrong-passphrase`, `key-missing`
// (no key file, or a keychain that cannot unwrap it) and `wrong-key` (the key does not open
// the file). A key problem never touches the file and never offers starting fresh first.

export type ProfileProblemReason =
  'damaged' | 'missing' | 'passphrase-required' | 'wrong-passphrase' | 'key-missing' | 'wrong-key';

export type RecoveryAction =
  | 'restore-backup'
  | 'recover-readable'
  | 'start-fresh'
  /** Unlock the key with the passphrase typed on the screen. */
  | 'enter-passphrase'
  /** A new profile in browser mode: the passphrase that will protect its key, typed twice. */
  | 'choose-passphrase'
  /** Look again (after the key file was put back): nothing is changed. */
  | 'try-again';

/** The actions that need a passphrase in their input. */
export const PASSPHRASE_ACTIONS: readonly RecoveryAction[] = ['enter-passphrase', 'choose-passphrase'];

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
