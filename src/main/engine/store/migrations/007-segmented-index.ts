// Schema 7: keyword search in every language (issue 24). Chunks and memories get a column
// holding what the keyword index reads instead of their text when the two differ: words of
// scripts written without spaces split apart, and letters folded (engine/language). It is NULL
// for text that needs neither, so English is indexed exactly as before. The FTS5 tables read
// `coalesce(index copy, text)` through views; their triggers delete with the stored copy, never
// with a copy computed again (a newer ICU could split differently and leave stale terms).
// `data` fills the copy for what is already stored: only rows with non-ASCII text are read, and
// only those that change are re-indexed.
import { indexText } from '../../language';
import type { SqliteDatabase } from '../database';
import type { Migration } from './types';

const scopeOf = (conversationId: string) => `'c' || hex(${conversationId}) || '0'`;
const chunkText = (row: 'new' | 'old') => `coalesce(${row}.index_text, ${row}.text)`;
const memoryText = (row: 'new' | 'old') => `coalesce(${row}.index_content, ${row}.content)`;

export const migration007: Migration = {
  version: 7,
  name: 'segmented-index',
  up: `
    ALTER TABLE chunks ADD COLUMN index_text TEXT;
    DROP TRIGGER chunks_fts_insert;
    DROP TRIGGER chunks_fts_delete;
    DROP TRIGGER chunks_fts_update;
    DROP VIEW chunks_fts_source;
    CREATE VIEW chunks_fts_source AS SELECT rowid, coalesce(index_text, text) AS text, ${scopeOf('conversation_id')} AS scope FROM chunks;
    CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
      INSERT INTO chunks_fts (rowid, text, scope) VALUES (new.rowid, ${chunkText('new')}, ${scopeOf('new.conversation_id')});
    END;
    CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
      INSERT INTO chunks_fts (chunks_fts, rowid, text, scope) VALUES ('delete', old.rowid, ${chunkText('old')}, ${scopeOf('old.conversation_id')});
    END;
    CREATE TRIGGER chunks_fts_update AFTER UPDATE OF text, index_text, conversation_id ON chunks BEGIN
      INSERT INTO chunks_fts (chunks_fts, rowid, text, scope) VALUES ('delete', old.rowid, ${chunkText('old')}, ${scopeOf('old.conversation_id')});
      INSERT INTO chunks_fts (rowid, text, scope) VALUES (new.rowid, ${chunkText('new')}, ${scopeOf('new.conversation_id')});
    END;

    ALTER TABLE memories ADD COLUMN index_content TEXT;
    DROP TRIGGER memories_fts_insert;
    DROP TRIGGER memories_fts_delete;
    DROP TRIGGER memories_fts_update;
    DROP TABLE memories_fts;
    CREATE VIEW memories_fts_source AS SELECT rowid, coalesce(index_content, content) AS content, category FROM memories;
    CREATE VIRTUAL TABLE memories_fts USING fts5 (
      content, category, content = 'memories_fts_source', content_rowid = 'rowid',
      tokenize = 'porter unicode61 remove_diacritics 2'
    );
    -- A table made anew loses its settings: secure-delete (issue 18) is set again, so a deleted
    -- memory's terms leave the index at once whichever order this and that migration run in.
    INSERT INTO memories_fts (memories_fts, rank) VALUES ('secure-delete', 1);
    CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories BEGIN
      INSERT INTO memories_fts (rowid, content, category) VALUES (new.rowid, ${memoryText('new')}, new.category);
    END;
    CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN
      INSERT INTO memories_fts (memories_fts, rowid, content, category) VALUES ('delete', old.rowid, ${memoryText('old')}, old.category);
    END;
    CREATE TRIGGER memories_fts_update AFTER UPDATE OF content, index_content, category ON memories BEGIN
      INSERT INTO memories_fts (memories_fts, rowid, content, category) VALUES ('delete', old.rowid, ${memoryText('old')}, old.category);
      INSERT INTO memories_fts (rowid, content, category) VALUES (new.rowid, ${memoryText('new')}, new.category);
    END;
  `,
  data: (db) => {
    // The memory index was made anew above: it is filled first, so that the update trigger
    // finds each memory's old terms there when its copy is set.
    db.exec(`INSERT INTO memories_fts (memories_fts) VALUES ('rebuild')`);
    fillIndexCopies(db, { table: 'chunks', text: 'text', copy: 'index_text' });
    fillIndexCopies(db, { table: 'memories', text: 'content', copy: 'index_content' });
  },
};

/** Sets the index copy of every row whose text needs one; the update trigger re-indexes just those rows. */
function fillIndexCopies(db: SqliteDatabase, columns: { table: string; text: string; copy: string }): void {
  const { table, text, copy } = columns;
  // ASCII text never needs a copy, and SQLite's GLOB finds the rest without reading it into JS.
  const page = db.prepare(
    `SELECT rowid, ${text} AS text FROM ${table} WHERE rowid > ? AND ${text} GLOB '*[^' || char(1) || '-' || char(127) || ']*' ORDER BY rowid LIMIT ${PAGE_ROWS}`,
  );
  const set = db.prepare(`UPDATE ${table} SET ${copy} = ? WHERE rowid = ?`);
  for (
    let after = 0, rows = page.all(after) as Row[];
    rows.length > 0;
    after = rows.at(-1)!.rowid, rows = page.all(after) as Row[]
  ) {
    for (const row of rows) {
      const copied = indexText(row.text);
      if (copied !== null) set.run(copied, row.rowid);
    }
  }
}

interface Row {
  rowid: number;
  text: string;
}

/** Rows read at a time: the statement reading them must be done before the updates run. */
const PAGE_ROWS = 1000;
