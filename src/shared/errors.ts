// Typed errors shared by engine, shell and renderer. Every failure the user can meet has a
// code the UI can explain; messages are for people, codes are for code.

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
  /** The database is encrypted and no key for it was found (keychain entry or key file gone). */
  'DB_KEY_MISSING',
  /** The key does not open the database: another profile's key, or a damaged file. */
  'DB_KEY_WRONG',
  /** The profile's key is protected by a passphrase that was not given. */
  /** The file opens but is cut short or damaged (it is left as it is). */
  'DB_DAMAGED',
  'PASSPHRASE_REQUIRED',
  'WRONG_PASSPHRASE',
  'ABORTED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What crosses a process boundary: plain data, no prototype. */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export class MnemoError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MnemoError';
    this.code = code;
    this.details = details;
  }

  toJSON(): SerializedError {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
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
  const message = value instanceof Error ? value.message : String(value);
  return new MnemoError(fallback, message, undefined, { cause: value });
}
