// Schema 11: messages form a tree (issue 22). Each message names the one it answers or follows
// (`parent_id`); Regenerate, Edit and "Branch from here" add siblings instead of replacing.
// A conversation's active path runs from its `active_leaf_id` up to the root; NULL means the
// conversation never branched, and its path is every message in order. Existing conversations
// become one path: each message's parent is the message before it, nothing else changes.
import type { Migration } from './types';

export const migration011: Migration = {
  version: 11,
  name: 'message-tree',
  up: `
    ALTER TABLE messages ADD COLUMN parent_id TEXT;
    UPDATE messages SET parent_id = (
      SELECT p.id FROM messages p WHERE p.conversation_id = messages.conversation_id AND p.seq < messages.seq ORDER BY p.seq DESC LIMIT 1
    );
    CREATE INDEX messages_children ON messages (parent_id, seq);
    -- A walk up the path reads each step from this index, never the row with its long text.
    CREATE INDEX messages_parents ON messages (id, parent_id, seq);
    ALTER TABLE conversations ADD COLUMN active_leaf_id TEXT;
    -- Held chunks remember which turn answers which (store/held-chunks.ts): a moved parent makes them stale.
    CREATE TRIGGER messages_version_parent AFTER UPDATE OF parent_id ON messages BEGIN
      UPDATE row_versions SET version = version + 1 WHERE name = 'chunks';
    END;
  `,
};
