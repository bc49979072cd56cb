// Schema 10: the context each reply was answered with (store/turn-contexts.ts), so "Why this
// reply?" works for any past reply, after a restart too, and the tools it used. Ids, sections,
// tokens, scores and reasons only: no text. Goes with its reply.
import type { Migration } from './types';

export const migration010: Migration = {
  version: 10,
  name: 'turn-contexts',
  up: `
    CREATE TABLE turn_contexts (
      message_id       TEXT PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
      conversation_id  TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
      at               INTEGER NOT NULL,
      record           TEXT NOT NULL,
      tool_uses        TEXT NOT NULL DEFAULT '[]'
    ) WITHOUT ROWID;
    CREATE INDEX turn_contexts_by_conversation ON turn_contexts (conversation_id, at);
  `,
};
