// Schema 1: the whole first design. Landed migrations are never edited; add a new file.
import type { Migration } from './types';

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up: `
    CREATE TABLE conversations (
      id          TEXT PRIMARY KEY,
      title       TEXT NOT NULL DEFAULT '',
      created_at  INTEGER NOT NULL,
      updated_at  INTEGER NOT NULL,
      archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
      pinned      INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
      temporary   INTEGER NOT NULL DEFAULT 0 CHECK (temporary IN (0, 1)),
      settings    TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX conversations_by_activity ON conversations (updated_at DESC);

    CREATE TABLE messages (
      id               TEXT PRIMARY KEY,
      conversation_id  TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
      seq              INTEGER NOT NULL,
      role             TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
      content          TEXT NOT NULL,
      status           TEXT NOT NULL CHECK (status IN ('complete', 'streaming', 'stopped', 'error')),
      model            TEXT,
      token_count      INTEGER NOT NULL,
      error            TEXT,
      created_at       INTEGER NOT NULL,
      updated_at       INTEGER NOT NULL,
      UNIQUE (conversation_id, seq)
    );

    CREATE TABLE summaries (
      id               TEXT PRIMARY KEY,
      conversation_id  TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
      content          TEXT NOT NULL,
      token_count      INTEGER NOT NULL,
      first_seq        INTEGER NOT NULL,
      last_seq         INTEGER NOT NULL,
      trigger          TEXT NOT NULL CHECK (trigger IN ('overflow', 'idle', 'end')),
      model            TEXT,
      superseded_by    TEXT REFERENCES summaries (id) ON DELETE SET NULL,
      created_at       INTEGER NOT NULL
    );
    CREATE INDEX summaries_by_conversation ON summaries (conversation_id, last_seq);

    CREATE TABLE summary_messages (
      summary_id  TEXT NOT NULL REFERENCES summaries (id) ON DELETE CASCADE,
      message_id  TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
      PRIMARY KEY (summary_id, message_id)
    );
    CREATE INDEX summary_messages_by_message ON summary_messages (message_id);

    -- One row per stored piece of a message or summary. rowid is explicit and stable so
    -- the FTS5 external-content index can point at it.
    CREATE TABLE chunks (
      rowid            INTEGER PRIMARY KEY,
      id               TEXT NOT NULL UNIQUE,
      conversation_id  TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
      response_id      TEXT NOT NULL,
      chunk_index      INTEGER NOT NULL,
      role             TEXT NOT NULL,
      type             TEXT NOT NULL CHECK (type IN ('message', 'summary')),
      text             TEXT NOT NULL,
      token_count      INTEGER NOT NULL,
      archived         INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
      created_at       INTEGER NOT NULL,
      UNIQUE (response_id, chunk_index)
    );
    CREATE INDEX chunks_by_conversation ON chunks (conversation_id, created_at);

    CREATE VIRTUAL TABLE chunks_fts USING fts5 (
      text, content = 'chunks', content_rowid = 'rowid',
      tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
      INSERT INTO chunks_fts (rowid, text) VALUES (new.rowid, new.text);
    END;
    CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
      INSERT INTO chunks_fts (chunks_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END;
    CREATE TRIGGER chunks_fts_update AFTER UPDATE OF text ON chunks BEGIN
      INSERT INTO chunks_fts (chunks_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
      INSERT INTO chunks_fts (rowid, text) VALUES (new.rowid, new.text);
    END;

    CREATE TABLE memories (
      rowid                   INTEGER PRIMARY KEY,
      id                      TEXT NOT NULL UNIQUE,
      content                 TEXT NOT NULL,
      category                TEXT NOT NULL,
      importance              INTEGER NOT NULL CHECK (importance BETWEEN 1 AND 5),
      source                  TEXT NOT NULL CHECK (source IN ('user', 'model', 'promoted')),
      source_message_id       TEXT,
      source_conversation_id  TEXT,
      pinned                  INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
      token_count             INTEGER NOT NULL,
      deleted_at              INTEGER,
      created_at              INTEGER NOT NULL,
      updated_at              INTEGER NOT NULL
    );
    CREATE INDEX memories_live ON memories (deleted_at, updated_at DESC);

    CREATE VIRTUAL TABLE memories_fts USING fts5 (
      content, category, content = 'memories', content_rowid = 'rowid',
      tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories BEGIN
      INSERT INTO memories_fts (rowid, content, category) VALUES (new.rowid, new.content, new.category);
    END;
    CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN
      INSERT INTO memories_fts (memories_fts, rowid, content, category) VALUES ('delete', old.rowid, old.content, old.category);
    END;
    CREATE TRIGGER memories_fts_update AFTER UPDATE OF content, category ON memories BEGIN
      INSERT INTO memories_fts (memories_fts, rowid, content, category) VALUES ('delete', old.rowid, old.content, old.category);
      INSERT INTO memories_fts (rowid, content, category) VALUES (new.rowid, new.content, new.category);
    END;

    CREATE TABLE memory_history (
      id         INTEGER PRIMARY KEY,
      memory_id  TEXT NOT NULL,
      action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'merge')),
      actor      TEXT NOT NULL CHECK (actor IN ('user', 'model', 'system')),
      before     TEXT,
      after      TEXT,
      at         INTEGER NOT NULL
    );
    CREATE INDEX memory_history_by_memory ON memory_history (memory_id, id);

    -- Embedding cache: the Chroma index can be rebuilt from here without calling Ollama.
    CREATE TABLE embeddings (
      item_kind     TEXT NOT NULL CHECK (item_kind IN ('chunk', 'memory')),
      item_id       TEXT NOT NULL,
      model         TEXT NOT NULL,
      content_hash  TEXT NOT NULL,
      dim           INTEGER NOT NULL,
      vector        BLOB NOT NULL,
      created_at    INTEGER NOT NULL,
      PRIMARY KEY (item_kind, item_id, model)
    );

    -- What the vector index still owes. Rows are written in the same transaction as the
    -- data they describe and removed only after Chroma confirmed the write.
    CREATE TABLE outbox (
      id            INTEGER PRIMARY KEY,
      op            TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
      item_kind     TEXT NOT NULL CHECK (item_kind IN ('chunk', 'memory')),
      item_id       TEXT NOT NULL,
      attempts      INTEGER NOT NULL DEFAULT 0,
      last_error    TEXT,
      available_at  INTEGER NOT NULL DEFAULT 0,
      created_at    INTEGER NOT NULL
    );
    CREATE INDEX outbox_ready ON outbox (available_at, id);

    CREATE TABLE settings (
      key    TEXT PRIMARY KEY,
      value  TEXT NOT NULL
    );
  `,
};
