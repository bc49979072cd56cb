import type { SqliteDatabase } from '../database';

export interface Migration {
  /** Schema version this migration produces; versions are consecutive from 1. */
  version: number;
  name: string;
  /** SQL run inside the migration transaction. */
  up: string;
  /**
   * 'off' for a table rebuild that must run without foreign-key enforcement (SQLite's
   * twelve-step ALTER). Enforcement is switched off around the transaction, which checks
   * `foreign_key_check` before it commits.
   */
  foreignKeys?: 'off';
  /** Work SQL cannot do (segmenting text), run after `up` in the same transaction. */
  data?: (db: SqliteDatabase) => void;
  /** Rewrite the file after the transaction (VACUUM), so no free page keeps old contents. */
  vacuum?: true;
}
