// Schema 6: memories the model (or the extraction pass) proposes, waiting for the user's
// review. A separate table, so nothing that reads `memories` (prompt, search, index, tools)
// can see a pending one. A resolved proposal keeps only its outcome, not its text, so the
// chat can still say what happened without a copy of the fact lingering on disk.
import type { Migration } from './types';

export const migration006: Migration = {
  version: 6,
  name: 'memory-proposals',
  up: `
    CREATE TABLE memory_proposals (
      id                 TEXT PRIMARY KEY,
      content            TEXT NOT NULL,
      category           TEXT NOT NULL,
      importance         INTEGER NOT NULL,
      origin             TEXT NOT NULL CHECK (origin IN ('tool', 'extraction')),
      status             TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
      conversation_id    TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
      source_message_id  TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
      reply_message_id   TEXT REFERENCES messages (id) ON DELETE SET NULL,
      memory_id          TEXT,
      created_at         INTEGER NOT NULL,
      resolved_at        INTEGER
    );
    CREATE INDEX memory_proposals_status ON memory_proposals (status, created_at);
    CREATE INDEX memory_proposals_conversation ON memory_proposals (conversation_id);
    CREATE INDEX memory_proposals_source ON memory_proposals (source_message_id);
    CREATE INDEX memory_proposals_reply ON memory_proposals (reply_message_id);
  `,
};
