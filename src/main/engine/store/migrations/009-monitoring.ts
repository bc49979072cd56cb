// Schema 9: what the Monitoring view shows that turn rows did not yet hold (the model's time
// to first token and generation time, the tokens each prompt was packed with and the budget
// it had), an index for the per-conversation filter, and per-minute counts of engine events
// (Chroma down and restarted, items indexed) for rates and "how often". Counts only: no text.
import { PROMPT_SECTION_GROUPS, PROMPT_SECTIONS } from '../../../../shared/monitoring';
import type { Migration } from './types';

// Tokens per section group as columns, so averages over 100,000 turns need no JSON parsing;
// rows written before this schema get them from their JSON once, here.
const sectionColumns = PROMPT_SECTIONS.map(
  (g) => `ALTER TABLE turn_metrics ADD COLUMN tokens_${g} INTEGER NOT NULL DEFAULT 0;`,
).join('\n    ');
const fillSections = `UPDATE turn_metrics SET ${PROMPT_SECTIONS.map(
  (g) =>
    `tokens_${g} = ${PROMPT_SECTION_GROUPS[g].map((s) => `coalesce(json_extract(tokens_by_section, '$.${s}'), 0)`).join(' + ')}`,
).join(', ')};`;

export const migration009: Migration = {
  version: 9,
  name: 'monitoring',
  up: `
    ALTER TABLE turn_metrics ADD COLUMN first_token_ms REAL;
    ALTER TABLE turn_metrics ADD COLUMN generation_ms REAL;
    ALTER TABLE turn_metrics ADD COLUMN context_tokens INTEGER;
    ALTER TABLE turn_metrics ADD COLUMN context_budget INTEGER;
    ${sectionColumns}
    ${fillSections}
    CREATE INDEX turn_metrics_by_conversation ON turn_metrics (conversation_id, at);
    CREATE TABLE engine_events (
      kind    TEXT NOT NULL,
      minute  INTEGER NOT NULL,
      count   INTEGER NOT NULL,
      PRIMARY KEY (kind, minute)
    ) WITHOUT ROWID;
  `,
};
