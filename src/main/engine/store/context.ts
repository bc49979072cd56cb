// What every repository needs: the database and the injected clock, id source and chunker,
// so tests can pin time and ids without patching globals.
import type { Statement as SqliteStatement } from 'better-sqlite3-multiple-ciphers';
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
  /** `db.prepare`, once per statement text and database: preparing costs more than running most of ours. */
  prepare: (sql: string) => Statement;
}

/** As `db.prepare` returns it by default: parameters and rows are typed at each call. */
type Statement = SqliteStatement<unknown[]>;

/**
 * State that belongs to one database file (prepared statements, caches of its contents):
 * `of(db)` gives the current database's, made on first use. Delete-all swaps the store's
 * database, and with it everything held for the old one.
 */
export function perDatabase<T>(create: () => T): (db: SqliteDatabase) => T {
  const held = new WeakMap<SqliteDatabase, T>();
  return (db) => {
    let value = held.get(db);
    if (value === undefined) held.set(db, (value = create()));
    return value;
  };
}

/** The `prepare` of a context whose `db` may be swapped: statements follow the current one. */
export function cachedPrepare(current: () => SqliteDatabase): (sql: string) => Statement {
  const statementsOf = perDatabase(() => new Map<string, Statement>());
  return (sql) => {
    const db = current();
    const statements = statementsOf(db);
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    // A caller that plucks says so each time; the next one gets whole rows again.
    else if (statement.reader) statement.pluck(false);
    return statement;
  };
}

export const chunkId = (responseId: string, chunkIndex: number): string => `${responseId}:${chunkIndex}`;

/**
 * Text as SQLite will hold it. A lone surrogate cannot be encoded as UTF-8: better-sqlite3
 * would write invalid bytes that read back as three U+FFFD, so it is replaced by one U+FFFD
 * here and what a write returns is what a read gives. NUL is kept.
 */
export const storedText = (text: string): string => (text.isWellFormed() ? text : text.toWellFormed());

/**
 * The chunks a message or summary is stored as: `cut` when a caller cut this very text before
 * its transaction (in slices, so a long text does not hold the event loop), else cut here in one go.
 */
export function piecesOf(
  ctx: Pick<StoreDeps, 'chunk'>,
  content: string,
  cut?: readonly TextPiece[],
): readonly TextPiece[] {
  const cutsThisText =
    cut !== undefined &&
    cut.length > 0 &&
    cut.every((p, i) => p.index === i) &&
    cut.map((p) => p.text).join('') === content;
  return cutsThisText ? cut : ctx.chunk(content);
}

/** Tokens of a stored text, counted as its chunks were (the same figure a live write stores). */
export const tokensOf = (pieces: readonly TextPiece[]): number => pieces.reduce((sum, p) => sum + p.tokenCount, 0);

export const toBool = (value: unknown): boolean => value === 1 || value === true;
