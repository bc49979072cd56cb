// Reads the whole profile into one export file, inside one read transaction so the file is
// a consistent snapshot even while the indexer or a chat turn writes. Temporary chats are left
// out: they are kept only while open, and a copy in a file would outlive them.
import { LATEST_SCHEMA_VERSION, type Store } from '../store';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportFile } from './export-format';

export function exportProfile(store: Store, now: number): ExportFile {
  return store.transaction(() => {
    const conversations = store.conversations.inWriteOrder().filter((c) => !c.temporary);
    return {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: now,
      schemaVersion: (store.db.pragma('user_version', { simple: true }) as number) || LATEST_SCHEMA_VERSION,
      conversations: conversations.map((c) => ({
        ...c,
        activeLeafId: store.tree.chosenLeaf(c.id),
        tags: store.tags.forConversation(c.id).map((t) => t.name),
      })),
      // Every branch, not only the one shown.
      messages: conversations.flatMap((c) => store.messages.all(c.id)),
      summaries: conversations.flatMap((c) =>
        store.summaries.all(c.id).map((s) => ({ ...s, coveredMessageIds: store.summaries.coveredMessageIds(s.id) })),
      ),
      memories: store.memories.everything().map((m) => ({ ...m, history: store.memories.history(m.id) })),
      turnContexts: conversations.flatMap((c) => store.turnContexts.forConversation(c.id)),
      settings: store.settings.all(),
    };
  });
}

/** File name for an export made at `now`: mnemo-export-2026-11-25.json. */
export function exportFileName(now: number): string {
  return `mnemo-export-${new Date(now).toISOString().slice(0, 10)}.json`;
}
