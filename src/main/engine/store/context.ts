// What every repository needs: the database and the injected clock, id source and chunker,
// so tests can pin time and ids without patching globals.
import type { SqliteDatabase } from './database';

export interface TextPiece {
  index: number;
  text: string;
  tokenCount: number;
}

export interface StoreDeps {
  now: () => number;
  newId: () => string;
  /** Splits a message into stored chunks (see engine/chunking). */
  chunk: (text: string) => TextPiece[];
  /** Counts cl100k tokens (see engine/chunking). */
  countTokens: (text: string) => number;
}

export interface RepoContext extends StoreDeps {
  db: SqliteDatabase;
}

export const chunkId = (responseId: string, chunkIndex: number): string => `${responseId}:${chunkIndex}`;

/**
 * Text as SQLite will hold it. A lone surrogate cannot be encoded as UTF-8: better-sqlite3
 * would write invalid bytes that read back as three U+FFFD, so it is replaced by one U+FFFD
 * here and what a write returns is what a read gives. NUL is kept.
 */
export const storedText = (text: string): string => (text.isWellFormed() ? text : text.toWellFormed());

export const toBool = (value: unknown): boolean => value === 1 || value === true;
