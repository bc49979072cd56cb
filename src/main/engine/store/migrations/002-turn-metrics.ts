// Schema 2: per-turn metrics for the diagnostics view, kept locally only.
import type { Migration } from './types';

export const migration002: Migration = {
  version: 2,
  name: 'turn-metrics',
  up: `
    CREATE TABLE turn_metrics (
      id                  INTEGER PRIMARY KEY,
      conversation_id     TEXT NOT NULL,
      message_id          TEXT,
      at                  INTEGER NOT NULL,
      model               TEXT,
      outcome             TEXT NOT NULL,
      assembly_ms         REAL NOT NULL,
      embed_ms            REAL NOT NULL,
      retrieval_hits      INTEGER NOT NULL,
      retrieval_mode      TEXT NOT NULL,
      summarization_runs  INTEGER NOT NULL,
      prompt_tokens       INTEGER NOT NULL,
      output_tokens       INTEGER NOT NULL,
      tool_calls          INTEGER NOT NULL,
      tokens_by_section   TEXT NOT NULL
    );
    CREATE INDEX turn_metrics_by_time ON turn_metrics (at DESC);
  `,
};
