// Typed errors shared by engine, shell and renderer. Every failure the user can meet has a
// code the UI can explain; messages are for people, codes are for code.
import type { Problem } from './problems';

export const ERROR_CODES = [
  'OLLAMA_UNREACHABLE',
  'OLLAMA_TIMEOUT',
  'OLLAMA_BAD_RESPONSE',
  'OLLAMA_ERROR',
  'MODEL_MISSING',
  'CHROMA_DOWN',
  'CHROMA_START_FAILED',
  'INVALID_INPUT',
  'NOT_FOUND',
  /** A person's save looks like it holds a secret: ask them to confirm. */
  'SECRET_DETECTED',
  /** A model-initiated save held a secret: refused, never stored. */
  'SECRET_REFUSED',
  'DB_TOO_NEW',
  'DB_MIGRATION_FAILED',
  /** The file is not a readable database (damaged, cut short) — left as it is. */
  'DB_CORRUPT',
  'DISK_FULL',
  'PROFILE_UNAVAILABLE',
  /** The database is encrypted and no key for it was found (keychain entry or key file gone). */
  'DB_KEY_MISSING',
  /** The key does not open the database: another profile's key (checked before calling a file damaged). */
  'DB_KEY_WRONG',
  /** The profile's key is protected by a passphrase that was not given. */
  'PASSPHRASE_REQUIRED',
  'WRONG_PASSPHRASE',
  'ABORTED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What crosses a process boundary: plain data, no prototype. */
export interface SerializedError {
  code: ErrorCode;
  /** In English: for logs, and for a UI that has no wording of its own for the problem. */
  message: string;
  details?: Record<string, unknown>;
  /** What a person asked for that was refused, as a code the UI words in its language. */
  refused?: Problem;
  /** For a refusal naming several fields (Settings): each field's problem. */
  fieldProblems?: Partial<Record<string, Problem>>;
}

export interface MnemoErrorOptions {
  cause?: unknown;
  refused?: Problem;
  fieldProblems?: Partial<Record<string, Problem>>;
}

export class MnemoError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  readonly refused?: Problem;
  readonly fieldProblems?: Partial<Record<string, Problem>>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options: MnemoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MnemoError';
    this.code = code;
    this.details = details;
    this.refused = options.refused;
    this.fieldProblems = options.fieldProblems;
  }

  toJSON(): SerializedError {
    return {
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
      ...(this.refused ? { refused: this.refused } : {}),
      ...(this.fieldProblems ? { fieldProblems: this.fieldProblems } : {}),
    };
  }
}

export function isMnemoError(value: unknown): value is MnemoError {
  return value instanceof MnemoError;
}

export function hasErrorCode(value: unknown, code: ErrorCode): boolean {
  return isMnemoError(value) && value.code === code;
}

/** Wraps anything thrown into a MnemoError, keeping typed errors as they are. */
export function toMnemoError(value: unknown, fallback: ErrorCode = 'INTERNAL'): MnemoError {
  if (isMnemoError(value)) return value;
  const storage = fromStorageError(value);
  if (storage) return storage;
  const message = value instanceof Error ? value.message : String(value);
  return new MnemoError(fallback, message, undefined, { cause: value });
}

/**
 * SQLite's own failures that a user can act on, in words instead of its raw text ("database
 * or disk is full", "database disk image is malformed"). Matched on SQLite's result code
 * (better-sqlite3 puts it on `code`), so every path that wraps an error gets the same words.
 */
function fromStorageError(value: unknown): MnemoError | null {
  const code = value instanceof Error && 'code' in value && typeof value.code === 'string' ? value.code : null;
  if (!code?.startsWith('SQLITE_')) return null;
  const details = { sqliteCode: code, reason: (value as Error).message };
  if (code === 'SQLITE_FULL') {
    return new MnemoError(
      'DISK_FULL',
      'The disk is full, so nothing new could be saved. Free some space; Mnemo carries on where it stopped, and everything saved so far can still be read.',
      details,
      { cause: value },
    );
  }
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_') || code === 'SQLITE_NOTADB') {
    return new MnemoError(
      'DB_CORRUPT',
      'Part of the database file is damaged, so this could not be read or saved. Restart Mnemo to check the file and choose how to recover it.',
      details,
      { cause: value },
    );
  }
  // Any other refusal (a read-only folder, a lock held by another program, a failing drive, a
  // broken constraint) still gets words; SQLite's own text stays in the details for diagnosis.
  const words = STORAGE_WORDS[code.split('_').slice(0, 2).join('_')] ?? STORAGE_WORDS_OTHER;
  return new MnemoError('INTERNAL', words, details, { cause: value });
}

const NOT_WRITABLE =
  'Mnemo’s data folder cannot be written to (it is read-only, or its permissions changed), so this was not saved. Make the folder writable and try again.';
const HELD_ELSEWHERE =
  'Another program is holding Mnemo’s database, so this could not be done now. Close it (or another copy of Mnemo) and try again.';
const STORAGE_WORDS: Record<string, string> = {
  SQLITE_READONLY: NOT_WRITABLE,
  SQLITE_PERM: NOT_WRITABLE,
  SQLITE_BUSY: HELD_ELSEWHERE,
  SQLITE_LOCKED: HELD_ELSEWHERE,
  SQLITE_IOERR:
    'The disk could not read or write Mnemo’s data just now, so this did not complete. Check that the drive is connected and working, then try again.',
  SQLITE_CANTOPEN:
    'Mnemo’s database file could not be opened (it was moved, or its drive is gone), so this did not complete. Restart Mnemo.',
};
const STORAGE_WORDS_OTHER =
  'Mnemo’s database refused this, so it did not complete. If it happens again, restart Mnemo.';
