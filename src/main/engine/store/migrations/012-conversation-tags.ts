// Schema 12: tags on conversations (issue 22 item 5), many to many. A tag's `name` is shown as
// the user typed it; `fold` (NFKC, lower case, one space between words; made in store/tags.ts)
// is what makes "Work" and "work " the same tag. A link goes with its conversation or tag, and a
// tag whose last conversation lost it goes too: an empty tag would linger in every filter list,
// and keep text the user believes deleted along with the conversations that carried it.
import type { Migration } from './types';

export const migration012: Migration = {
  version: 12,
  name: 'conversation-tags',
  up: `
    CREATE TABLE tags (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      fold TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL
    );
    CREATE TABLE conversation_tags (
      conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      tag_id TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
      added_at INTEGER NOT NULL,
      PRIMARY KEY (conversation_id, tag_id)
    ) WITHOUT ROWID;
    CREATE INDEX conversation_tags_by_tag ON conversation_tags (tag_id, conversation_id);
    CREATE TRIGGER conversation_tags_drop_empty AFTER DELETE ON conversation_tags BEGIN
      DELETE FROM tags WHERE id = OLD.tag_id
        AND NOT EXISTS (SELECT 1 FROM conversation_tags WHERE tag_id = OLD.tag_id);
    END;
  `,
};
