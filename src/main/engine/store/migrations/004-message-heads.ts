// Schema 4: an index that holds what budgeting a turn needs of each message (everything but
// its text), so the context assembler reads a conversation's recent heads from the index alone
// instead of the message rows, whose long texts sit between it and the fields it wants.
import type { Migration } from './types';

export const migration004: Migration = {
  version: 4,
  name: 'message-heads',
  up: `CREATE INDEX messages_heads ON messages (conversation_id, seq, role, status, token_count, created_at, id);`,
};
