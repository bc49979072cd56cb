// Brings an export file into an empty profile. The file is read in parts as it arrives (see
// export-reader.ts: every entry checked as it is read, the first bad one ends it), then every
// cross-reference is checked, then it is written one conversation at a time, each in its own
// transaction, yielding to the event loop between them so other calls are answered; each
// batch's messages, and each conversation's summaries, are cut into chunks before their
// transaction, in slices (cut-messages.ts). If any write fails, what this import wrote is
// removed again: the profile is as empty as before.
// Messages and summaries go through the normal write path, so their chunks are cut afresh
// and queued in the outbox, and the indexer rebuilds the vector index from them.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ImportCounts, ImportProgressEvent as ImportProgress } from '../../../shared/contract';
import type { Message } from '../../../shared/domain';
import { problemText } from '../problems';
import { MnemoError } from '../../../shared/errors';
import { userSettingsSchema, wholeSettingsProblems, type UserSettings } from '../config';
import type { Store } from '../store';
import { cutEach, type CutText } from './cut-messages';
import type { ExportFile } from './export-format';
import { ExportFileReader, invalidExport as invalid } from './export-reader';
import { SealedPartsBuffer } from './sealed-parts';

export type { ImportCounts, ImportProgressEvent as ImportProgress } from '../../../shared/contract';

const USER_SETTINGS_KEY = 'user-settings';
/** Characters parsed before the reader lets other work run. */
const READ_SLICE_CHARS = 256 * 1024;
/** Messages written in one transaction: a conversation, or a slice of a very long one. */
const WRITE_BATCH_MESSAGES = 500;

export const emptyProfileOnly = (store: Store) =>
  invalid(
    'Import works only into an empty profile, and this one already has conversations or memories. Nothing was changed. Delete all data first, or start Mnemo with another data folder.',
    {
      conversations: store.conversations.count(),
      memories: store.memories.count(),
    },
  );

/** One import: parts go in as they arrive, `finish` writes. Throws INVALID_INPUT at the first problem. */
export class ProfileImport {
  private readonly reader = new ExportFileReader();
  /** Holds the start of the file until it is known to be plain or encrypted, and all of an encrypted one. */
  private readonly sealed = new SealedPartsBuffer();

  constructor(
    private readonly cutText: CutText,
    private readonly onProgress: (progress: ImportProgress) => void = () => undefined,
  ) {}

  /** Characters of the file received so far. */
  get receivedChars(): number {
    return this.reader.chars + this.sealed.chars;
  }

  /** Takes the next part of the file: a plain export is read as it arrives, an encrypted one is kept whole. */
  async append(part: string): Promise<void> {
    const plain = this.sealed.take(part);
    if (plain) await this.read(plain);
  }

  /**
   * Opens an encrypted file with its passphrase (PASSPHRASE_REQUIRED / WRONG_PASSPHRASE otherwise:
   * the parts stay, so it can be tried again) and reads the export inside it, with the same checks
   * and limits as a plain one.
   */
  async open(passphrase: string | undefined): Promise<void> {
    const plain = this.sealed.end(passphrase);
    if (plain) await this.read(plain);
  }

  /** Reads plain export text, in slices with a turn of the event loop between them. */
  private async read(part: string): Promise<void> {
    for (let at = 0; at < part.length; at += READ_SLICE_CHARS) {
      this.reader.write(part.slice(at, at + READ_SLICE_CHARS));
      this.onProgress({ phase: 'reading', done: this.reader.entries, total: 0 });
      await nextTurn();
    }
  }

  /** Checks the whole file and writes it into `store`, which must hold no conversation and no memory. */
  async finish(store: Store, currentSettings: UserSettings): Promise<ImportCounts> {
    const { head, lists } = this.reader.end();
    const file: ExportFile = { ...head, ...lists };
    checkReferences(file);
    const settings = userSettings(file);
    checkWholeSettings(settings, currentSettings);
    if (!store.isEmpty()) throw emptyProfileOnly(store);
    const written: string[] = [];
    try {
      await writeConversations({ store, file, written, cutText: this.cutText, onProgress: this.onProgress });
      store.transaction(() => {
        for (const { history, ...m } of file.memories) store.memories.writeImported(m, history);
        if (settings) store.settings.set(USER_SETTINGS_KEY, settings);
      });
    } catch (error) {
      for (const id of written) store.undoImportedConversation(id);
      if (error instanceof MnemoError) throw error;
      // A constraint the checks did not foresee: the file contradicts itself. SQLite's words stay in the details.
      throw invalid('That export contradicts itself in a way Mnemo could not write. Nothing was changed.', {
        reason: error instanceof Error ? error.message : String(error),
      });
    }
    return {
      conversations: file.conversations.length,
      messages: file.messages.length,
      summaries: file.summaries.length,
      memories: file.memories.length,
    };
  }
}

interface ConversationWrite {
  store: Store;
  file: ExportFile;
  /** Ids of the conversations written so far, to undo them if a later one fails. */
  written: string[];
  cutText: CutText;
  onProgress: (progress: ImportProgress) => void;
}

async function writeConversations({ store, file, written, cutText, onProgress }: ConversationWrite): Promise<void> {
  const messages = groupBy(file.messages, (m) => m.conversationId);
  const summaries = groupBy(file.summaries, (s) => s.conversationId);
  const turnContexts = groupBy(file.turnContexts, (t) => t.conversationId);
  let done = 0;
  for (const conversation of file.conversations) {
    const own = withParents(messages.get(conversation.id) ?? []);
    let archived = false;
    for (let at = 0; at === 0 || at < own.length; at += WRITE_BATCH_MESSAGES) {
      const batch = own.slice(at, at + WRITE_BATCH_MESSAGES);
      const pieces = await cutEach(
        batch.map((m) => m.content),
        cutText,
      );
      store.transaction(() => {
        if (at === 0) {
          // Another window may have started a conversation while this file was read.
          if (written.length === 0 && !store.isEmpty()) throw emptyProfileOnly(store);
          archived = store.conversations.writeImported(conversation).archived;
          for (const name of conversation.tags ?? []) store.tags.add(conversation.id, name);
        }
        batch.forEach((m, i) => store.messages.writeImported(m, archived, pieces[i]));
      });
      if (at === 0) written.push(conversation.id);
      done += Math.min(WRITE_BATCH_MESSAGES, own.length - at);
      onProgress({ phase: 'writing', done, total: file.messages.length });
      await nextTurn();
    }
    const ownSummaries = summaries.get(conversation.id) ?? [];
    const summaryPieces = await cutEach(
      ownSummaries.map((s) => s.content),
      cutText,
    );
    store.transaction(() => {
      store.tree.setLeaf(conversation.id, conversation.activeLeafId ?? null);
      ownSummaries.forEach((s, i) => store.summaries.writeImported(s, s.coveredMessageIds, archived, summaryPieces[i]));
      for (const s of ownSummaries) if (s.supersededBy) store.summaries.markSuperseded(s.id, s.supersededBy);
      for (const t of turnContexts.get(conversation.id) ?? []) store.turnContexts.save(t);
    });
  }
}

/** A conversation's messages in order, each with its parent: as exported, or (older exports) the message before it. */
function withParents(messages: readonly ExportFile['messages'][number][]): Message[] {
  const ordered = [...messages].sort((a, b) => a.seq - b.seq);
  return ordered.map((m, i) => ({
    ...m,
    parentId: m.parentId !== undefined ? m.parentId : (ordered[i - 1]?.id ?? null),
  }));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Every id is unique and every reference points at something in the same file. */
function checkReferences(file: ExportFile): void {
  const unique = (kind: string, ids: Iterable<string>) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) throw invalid(`That export is damaged: the ${kind} ${id} appears twice.`);
      seen.add(id);
    }
    return seen;
  };
  const conversations = unique(
    'conversation',
    file.conversations.map((c) => c.id),
  );
  // Messages and summaries both own chunks keyed by their id: one id may name only one of them.
  unique('message or summary', [...file.messages.map((m) => m.id), ...file.summaries.map((s) => s.id)]);
  unique(
    'message position',
    file.messages.map((m) => `${m.conversationId}#${m.seq}`),
  );
  unique(
    'memory',
    file.memories.map((m) => m.id),
  );
  unique(
    'memory history entry',
    file.memories.flatMap((m) => m.history.map((h) => String(h.id))),
  );

  const messageConversation = new Map(file.messages.map((m) => [m.id, m.conversationId]));
  const messageSeq = new Map(file.messages.map((m) => [m.id, m.seq]));
  for (const m of file.messages) {
    if (!conversations.has(m.conversationId))
      throw invalid(`That export is damaged: message ${m.id} belongs to a conversation it does not contain.`);
    // A parent written earlier in the same conversation: the tree can have no loop.
    if (
      m.parentId &&
      (messageConversation.get(m.parentId) !== m.conversationId || (messageSeq.get(m.parentId) ?? Infinity) >= m.seq)
    ) {
      throw invalid(`That export is damaged: message ${m.id} follows a message it does not contain.`);
    }
  }
  for (const c of file.conversations) {
    if (c.activeLeafId && messageConversation.get(c.activeLeafId) !== c.id)
      throw invalid(`That export is damaged: conversation ${c.id} shows a message it does not contain.`);
  }
  const summaryConversation = new Map(file.summaries.map((s) => [s.id, s.conversationId]));
  for (const s of file.summaries) {
    if (!conversations.has(s.conversationId))
      throw invalid(`That export is damaged: summary ${s.id} belongs to a conversation it does not contain.`);
    if (s.coveredMessageIds.some((id) => messageConversation.get(id) !== s.conversationId))
      throw invalid(`That export is damaged: summary ${s.id} covers messages it does not contain.`);
    if (s.supersededBy !== null && summaryConversation.get(s.supersededBy) !== s.conversationId)
      throw invalid(`That export is damaged: summary ${s.id} points at a missing summary.`);
  }
  for (const m of file.memories) {
    if (m.history.some((h) => h.memoryId !== m.id))
      throw invalid(`That export is damaged: the history of memory ${m.id} names another memory.`);
  }
  unique(
    'reply context',
    file.turnContexts.map((t) => t.messageId),
  );
  for (const t of file.turnContexts) {
    if (messageConversation.get(t.messageId) !== t.conversationId)
      throw invalid(`That export is damaged: the context of reply ${t.messageId} names a reply it does not contain.`);
  }
}

/**
 * The user's settings from the file, minus the Ollama host: where messages are sent is chosen
 * on this machine, in Settings, never by a file (an import could otherwise send all history away).
 */
function userSettings(file: ExportFile): Record<string, unknown> | null {
  const saved = file.settings[USER_SETTINGS_KEY];
  if (saved === undefined) return null;
  const parsed = userSettingsSchema.partial().safeParse(saved);
  if (!parsed.success)
    throw invalid(
      `That export's settings are not valid: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}.`,
    );
  const { ollamaHost: _ignored, ...rest } = parsed.data;
  return rest;
}

/** The file's settings must also make sense together over this profile's defaults. */
function checkWholeSettings(settings: Record<string, unknown> | null, current: UserSettings): void {
  if (!settings) return;
  const problems = wholeSettingsProblems({ ...current, ...settings });
  const first = Object.entries(problems)[0];
  if (first) throw invalid(`That export's settings are not valid: ${first[0]}: ${problemText(first[1])}`);
}
