// Schema 3: the keyword index also indexes each chunk's conversation, as one token in a
// second column (`scope`), so a search within a conversation intersects two doclists
// instead of ranking every match in the history and throwing most away. The view gives the
// external-content index both columns; `rebuild` indexes what is already stored.
import type { Migration } from './types';

/** One token per conversation: hex keeps it a single word for the tokenizer, the final digit keeps the stemmer off it. */
const scopeOf = (conversationId: string) => `'c' || hex(${conversationId}) || '0'`;

export const migration003: Migration = {
  version: 3,
  name: 'fts-scope',
  up: `
    DROP TRIGGER chunks_fts_insert;
    DROP TRIGGER chunks_fts_delete;
    DROP TRIGGER chunks_fts_update;
    DROP TABLE chunks_fts;
    CREATE VIEW chunks_fts_source AS SELECT rowid, text, ${scopeOf('conversation_id')} AS scope FROM chunks;
    CREATE VIRTUAL TABLE chunks_fts USING fts5 (
      text, scope, content = 'chunks_fts_source', content_rowid = 'rowid',
      tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
      INSERT INTO chunks_fts (rowid, text, scope) VALUES (new.rowid, new.text, ${scopeOf('new.conversation_id')});
    END;
    CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
      INSERT INTO chunks_fts (chunks_fts, rowid, text, scope) VALUES ('delete', old.rowid, old.text, ${scopeOf('old.conversation_id')});
    END;
    CREATE TRIGGER chunks_fts_update AFTER UPDATE OF text, conversation_id ON chunks BEGIN
      INSERT INTO chunks_fts (chunks_fts, rowid, text, scope) VALUES ('delete', old.rowid, old.text, ${scopeOf('old.conversation_id')});
      INSERT INTO chunks_fts (rowid, text, scope) VALUES (new.rowid, new.text, ${scopeOf('new.conversation_id')});
    END;
    INSERT INTO chunks_fts (chunks_fts) VALUES ('rebuild');
  `,
};
