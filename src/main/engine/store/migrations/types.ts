export interface Migration {
  /** Schema version this migration produces; versions are consecutive from 1. */
  version: number;
  name: string;
  /** SQL run inside the migration transaction. */
  up: string;
}
