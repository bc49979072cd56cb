// Brings an export file into an empty profile: validated whole first (shape by the schema,
// then every cross-reference), written in one transaction so a failure leaves nothing
// behind. Messages and summaries go through the normal write path, so their chunks are cut
// afresh and queued in the outbox, and the indexer rebuilds the vector index from them.
import { MnemoError } from '../../../shared/errors';
import { userSettingsSchema } from '../config';
import type { Store } from '../store';
import { EXPORT_FORMAT, EXPORT_VERSION, exportFileSchema, type ExportFile } from './export-format';

export interface ImportCounts {
  conversations: number;
  messages: number;
  summaries: number;
  memories: number;
}

const USER_SETTINGS_KEY = 'user-settings';

const invalid = (message: string, details?: Record<string, unknown>) => new MnemoError('INVALID_INPUT', message, details);

/** Parses and checks an export file; throws INVALID_INPUT saying what is wrong. */
export function parseExportFile(json: string): ExportFile {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw invalid('That file is not JSON, so it is not a Mnemo export.');
  }
  const head = (typeof data === 'object' && data !== null ? data : {}) as { format?: unknown; version?: unknown };
  if (head.format !== EXPORT_FORMAT) throw invalid('That file is not a Mnemo export (“Export all data” in Settings makes one).', { format: head.format ?? null });
  if (head.version !== EXPORT_VERSION) {
    throw invalid(`That export is format version ${String(head.version)}; this Mnemo reads version ${EXPORT_VERSION}.`, { version: head.version ?? null, supported: EXPORT_VERSION });
  }
  const parsed = exportFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`That export is damaged: ${issue ? `${issue.path.join('.') || 'file'}: ${issue.message}` : 'wrong shape'}.`, { path: issue?.path.map(String) ?? [] });
  }
  checkReferences(parsed.data);
  return parsed.data;
}

/** Every id is unique and every reference points at something in the same file. */
function checkReferences(file: ExportFile): void {
  const unique = (kind: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) throw invalid(`That export is damaged: the ${kind} ${id} appears twice.`);
      seen.add(id);
    }
    return seen;
  };
  const conversations = unique('conversation', file.conversations.map((c) => c.id));
  unique('message', file.messages.map((m) => m.id));
  unique('message position', file.messages.map((m) => `${m.conversationId}#${m.seq}`));
  unique('summary', file.summaries.map((s) => s.id));
  unique('memory', file.memories.map((m) => m.id));
  unique('memory history entry', file.memories.flatMap((m) => m.history.map((h) => String(h.id))));

  const messageConversation = new Map(file.messages.map((m) => [m.id, m.conversationId]));
  for (const m of file.messages) {
    if (!conversations.has(m.conversationId)) throw invalid(`That export is damaged: message ${m.id} belongs to a conversation it does not contain.`);
  }
  const summaryConversation = new Map(file.summaries.map((s) => [s.id, s.conversationId]));
  for (const s of file.summaries) {
    if (!conversations.has(s.conversationId)) throw invalid(`That export is damaged: summary ${s.id} belongs to a conversation it does not contain.`);
    if (s.coveredMessageIds.some((id) => messageConversation.get(id) !== s.conversationId)) throw invalid(`That export is damaged: summary ${s.id} covers messages it does not contain.`);
    if (s.supersededBy !== null && summaryConversation.get(s.supersededBy) !== s.conversationId) throw invalid(`That export is damaged: summary ${s.id} points at a missing summary.`);
  }
  for (const m of file.memories) {
    if (m.history.some((h) => h.memoryId !== m.id)) throw invalid(`That export is damaged: the history of memory ${m.id} names another memory.`);
  }
}

function userSettings(file: ExportFile): Record<string, unknown> | null {
  const saved = file.settings[USER_SETTINGS_KEY];
  if (saved === undefined) return null;
  const parsed = userSettingsSchema.partial().safeParse(saved);
  if (!parsed.success) throw invalid(`That export's settings are not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
  return parsed.data;
}

/**
 * Writes the file into `store`, which must hold no conversation and no memory. One
 * transaction: on any failure nothing is written. Settings other than the user's own
 * (index bookkeeping) are not carried over.
 */
export function importProfile(store: Store, file: ExportFile): ImportCounts {
  const settings = userSettings(file);
  try {
    return write(store, file, settings);
  } catch (error) {
    if (error instanceof MnemoError) throw error;
    // A constraint the checks above did not foresee: the file contradicts itself.
    throw invalid(`That export could not be written (${error instanceof Error ? error.message : String(error)}). Nothing was changed.`);
  }
}

function write(store: Store, file: ExportFile, settings: Record<string, unknown> | null): ImportCounts {
  return store.transaction(() => {
    if (!store.isEmpty()) {
      throw invalid('Import works only into an empty profile, and this one already has conversations or memories. Nothing was changed. Delete all data first, or start Mnemo with another data folder.', {
        conversations: store.conversations.count(),
        memories: store.memories.count(),
      });
    }
    const archived = new Map<string, boolean>();
    for (const c of file.conversations) archived.set(c.id, store.conversations.writeImported(c).archived);
    for (const m of file.messages) store.messages.writeImported(m, archived.get(m.conversationId) ?? false);
    for (const s of file.summaries) store.summaries.writeImported(s, s.coveredMessageIds, archived.get(s.conversationId) ?? false);
    for (const s of file.summaries) if (s.supersededBy) store.summaries.markSuperseded(s.id, s.supersededBy);
    for (const { history, ...m } of file.memories) store.memories.writeImported(m, history);
    if (settings) store.settings.set(USER_SETTINGS_KEY, settings);
    return { conversations: file.conversations.length, messages: file.messages.length, summaries: file.summaries.length, memories: file.memories.length };
  });
}
