// Schema 8: deleted text leaves the file (issue 18). FTS5 keeps a deleted row's terms in its
// segments until they happen to be merged; in secure-delete mode a delete removes them at once.
// `optimize` merges what earlier deletes left behind, and VACUUM (after the transaction)
// rewrites the file so no free page keeps the text of rows deleted before this version.
import type { Migration } from './types';

const secureDelete = (table: string) => `
  INSERT INTO ${table} (${table}, rank) VALUES ('secure-delete', 1);
  INSERT INTO ${table} (${table}) VALUES ('optimize');`;

export const migration008: Migration = {
  version: 8,
  name: 'secure-delete',
  up: `${secureDelete('chunks_fts')}${secureDelete('memories_fts')}`,
  vacuum: true,
};
