// Schema 13: each chunk keeps the hash of its folded text (retrieval/statement-key.ts), by which
// retrieval tells repeats of one statement from different ones. It was computed for every
// candidate of every turn, reading through each text; now once, when the chunk is written. The
// chunks stored before are hashed here, a page at a time. A chunk's text is never changed in
// place (a message's chunks are replaced), so a stored hash stays its text's.
import { statementHash } from '../../retrieval/statement-key';
import type { SqliteDatabase } from '../database';
import type { Migration } from './types';

const PAGE_ROWS = 1_000;

export const migration013: Migration = {
  version: 13,
  name: 'statement-hash',
  up: `ALTER TABLE chunks ADD COLUMN statement_hash TEXT;`,
  data: (db) => hashStoredChunks(db),
};

function hashStoredChunks(db: SqliteDatabase): void {
  const page = db.prepare(`SELECT rowid, text FROM chunks WHERE rowid > ? ORDER BY rowid LIMIT ${PAGE_ROWS}`);
  const set = db.prepare(`UPDATE chunks SET statement_hash = ? WHERE rowid = ?`);
  for (
    let after = 0, rows = page.all(after) as { rowid: number; text: string }[];
    rows.length > 0;
    after = rows.at(-1)!.rowid, rows = page.all(after) as { rowid: number; text: string }[]
  )
    for (const row of rows) set.run(statementHash(row.text), row.rowid);
}
