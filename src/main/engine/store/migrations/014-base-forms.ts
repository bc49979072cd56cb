// Schema 14: the keyword index reads irregular past forms as their base form (went → go,
// language/base-forms.ts), as new text and queries now do. Each stored row whose index copy would
// now differ (most often English text that had none, now holding "went") gets its new copy, and
// the keyword index is then built again from the copies: re-indexing row by row through the
// update trigger (a secure delete of the old terms, then the new) took two minutes for 24,000 of
// 100,000 English chunks in an encrypted file; one rebuild reads every row once.
import { indexText } from '../../language';
import type { SqliteDatabase } from '../database';
import type { Migration } from './types';

const PAGE_ROWS = 1_000;

export const migration014: Migration = {
  version: 14,
  name: 'base-forms',
  up: '',
  data: (db) => {
    refreshIndexCopies(db, { table: 'chunks', text: 'text', copy: 'index_text', index: 'chunks_fts' });
    refreshIndexCopies(db, { table: 'memories', text: 'content', copy: 'index_content', index: 'memories_fts' });
  },
};

interface Row {
  rowid: number;
  text: string;
  copy: string | null;
}

function refreshIndexCopies(
  db: SqliteDatabase,
  columns: { table: string; text: string; copy: string; index: string },
): void {
  const { table, text, copy, index } = columns;
  const page = db.prepare(
    `SELECT rowid, ${text} AS text, ${copy} AS copy FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ${PAGE_ROWS}`,
  );
  const set = db.prepare(`UPDATE ${table} SET ${copy} = ? WHERE rowid = ?`);
  // The update trigger is set aside while the copies change (as it is, to be put back as it was).
  const trigger = `${index}_update`;
  const triggerSql = db
    .prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`)
    .pluck()
    .get(trigger) as string;
  let changed = 0;
  for (
    let after = 0, rows = page.all(after) as Row[];
    rows.length > 0;
    after = rows.at(-1)!.rowid, rows = page.all(after) as Row[]
  ) {
    for (const row of rows) {
      const next = indexText(row.text);
      if (next === row.copy) continue;
      if (changed++ === 0) db.exec(`DROP TRIGGER ${trigger}`);
      set.run(next, row.rowid);
    }
  }
  if (changed === 0) return;
  db.exec(triggerSql);
  db.exec(`INSERT INTO ${index} (${index}) VALUES ('rebuild')`);
}
