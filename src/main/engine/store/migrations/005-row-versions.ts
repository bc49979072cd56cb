// Schema 5: a counter that moves whenever a stored chunk row is changed or removed, or a
// message is removed or moved, so rows held in memory (store/held-chunks.ts) can tell they
// went stale with one read instead of being read again each turn. Triggers keep it, so no
// write path can forget to: cascaded deletes fire them too. Inserts leave it alone: a row
// that did not exist was never held.
import type { Migration } from './types';

const bump = `UPDATE row_versions SET version = version + 1 WHERE name = 'chunks';`;

export const migration005: Migration = {
  version: 5,
  name: 'row-versions',
  up: `
    CREATE TABLE row_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO row_versions (name, version) VALUES ('chunks', 0);
    CREATE TRIGGER chunks_version_update AFTER UPDATE ON chunks BEGIN ${bump} END;
    CREATE TRIGGER chunks_version_delete AFTER DELETE ON chunks BEGIN ${bump} END;
    CREATE TRIGGER messages_version_update AFTER UPDATE OF conversation_id, seq, role ON messages BEGIN ${bump} END;
    CREATE TRIGGER messages_version_delete AFTER DELETE ON messages BEGIN ${bump} END;
  `,
};
