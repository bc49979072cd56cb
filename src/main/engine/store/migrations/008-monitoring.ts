// Schema 8: what the Monitoring view shows that turn rows did not yet hold (the model's time
// to first token and generation time, the tokens each prompt was packed with and the budget
// it had), an index for the per-conversation filter, and per-minute counts of engine events
// (Chroma down and restarted, items indexed) for rates and "how often". Counts only: no text.
import type { Migration } from './types';

export const migration008: Migration = {
  version: 8,
  name: 'monitoring',
  up: `
    ALTER TABLE turn_metrics ADD COLUMN first_token_ms REAL;
    ALTER TABLE turn_metrics ADD COLUMN generation_ms REAL;
    ALTER TABLE turn_metrics ADD COLUMN context_tokens INTEGER;
    ALTER TABLE turn_metrics ADD COLUMN context_budget INTEGER;
    CREATE INDEX turn_metrics_by_conversation ON turn_metrics (conversation_id, at);
    CREATE TABLE engine_events (
      kind    TEXT NOT NULL,
      minute  INTEGER NOT NULL,
      count   INTEGER NOT NULL,
      PRIMARY KEY (kind, minute)
    ) WITHOUT ROWID;
  `,
};
