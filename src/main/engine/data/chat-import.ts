// Brings chats exported by ChatGPT or Open WebUI (chat-formats.ts) into this profile, which
// need not be empty. The file (a JSON array) is read in parts as it arrives: each conversation
// is checked the moment its closing bracket is read and kept only as plain text turns, so a
// large file never sits in memory as one string or one parse. Then each conversation is written
// in its own transaction, with a turn of the event loop between them, through the normal
// write path (chunks cut in slices before the transaction, cut-messages.ts; the outbox has the
// indexer add them to the vector index).
// Every branch comes in, the one last shown in the other app as the active path.
// A conversation's id is a hash of the format and its id in the other app, so importing the
// same file again finds each one already there and adds nothing.
import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { JSONParser } from '@streamparser/json';
import {
  MAX_IMPORT_CHARS,
  type ImportCounts,
  type ImportProgressEvent as ImportProgress,
} from '../../../shared/contract';
import { MnemoError } from '../../../shared/errors';
import type { Store } from '../store';
import { cutEach, type CutText } from './cut-messages';
import { chatFormatOf, readChat, type ChatFormat, type ImportedChat } from './chat-formats';
import { invalidExport as invalid } from './export-reader';

const READ_SLICE_CHARS = 256 * 1024;

export const NOT_A_KNOWN_FILE =
  'That file is not a Mnemo export, a ChatGPT export (conversations.json) or an Open WebUI chat export, so it cannot be imported.';

const FORMAT_NAMES: Record<ChatFormat, string> = { chatgpt: 'ChatGPT export', 'open-webui': 'Open WebUI export' };

/** The id a conversation from another app gets here: the same for the same source, every time. */
export function importedConversationId(chat: Pick<ImportedChat, 'format' | 'sourceId'>): string {
  return `import-${createHash('sha256').update(`${chat.format}\u0000${chat.sourceId}`).digest('hex').slice(0, 32)}`;
}

export class ChatExportImport {
  private readonly parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  private format: ChatFormat | null = null;
  private readonly chats: ImportedChat[] = [];
  private readChars = 0;
  private failure: MnemoError | null = null;

  constructor(
    private readonly cutText: CutText,
    private readonly onProgress: (progress: ImportProgress) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.parser.onValue = ({ value, key }) => this.accept(value, Number(key));
  }

  get receivedChars(): number {
    return this.readChars;
  }

  /** Reads the next part, in slices with a turn of the event loop between them. */
  async append(part: string): Promise<void> {
    for (let at = 0; at < part.length; at += READ_SLICE_CHARS) {
      this.write(part.slice(at, at + READ_SLICE_CHARS));
      this.onProgress({ phase: 'reading', done: this.chats.length, total: 0 });
      await nextTurn();
    }
  }

  /** Writes every conversation not imported before, one transaction each. */
  async finish(store: Store): Promise<ImportCounts> {
    if (this.failure) throw this.failure;
    if (!this.parser.isEnded) throw invalid('That file is incomplete: it ends in the middle.');
    if (!this.format) throw invalid('That file holds no conversations to import.');
    const skipped = { alreadyImported: 0, empty: 0, nonTextParts: 0, shortened: 0 };
    const counts = { conversations: 0, messages: 0, summaries: 0, memories: 0, from: this.format, skipped };
    const total = this.chats.reduce((sum, c) => sum + c.turns.length, 0);
    let done = 0;
    for (const chat of this.chats) {
      skipped.nonTextParts += chat.nonTextParts;
      skipped.shortened += chat.shortened;
      if (chat.turns.length === 0) skipped.empty += 1;
      else if (!(await this.write1(store, chat))) skipped.alreadyImported += 1;
      else {
        counts.conversations += 1;
        counts.messages += chat.turns.length;
      }
      done += chat.turns.length;
      this.onProgress({ phase: 'writing', done, total });
      await nextTurn();
    }
    return counts;
  }

  private write(part: string): void {
    if (this.failure) throw this.failure;
    this.readChars += part.length;
    if (this.readChars > MAX_IMPORT_CHARS)
      this.fail(
        invalid(`That file is too large to import (more than ${MAX_IMPORT_CHARS / 1024 / 1024} Mi characters).`, {
          limit: MAX_IMPORT_CHARS,
        }),
      );
    try {
      this.parser.write(part);
    } catch (error) {
      this.fail(
        error instanceof MnemoError ? error : invalid('That file is not valid JSON, so it cannot be imported.'),
      );
    }
  }

  /** One conversation of the array: its format is set by the first, and every other must match it. */
  private accept(value: unknown, index: number): void {
    const format = chatFormatOf(value);
    if (!format || (this.format && format !== this.format)) throw invalid(NOT_A_KNOWN_FILE, { at: index });
    this.format = format;
    const parsed = readChat(format, value);
    if (!parsed.ok) {
      const { issue } = parsed;
      const path = [String(index), ...(issue?.path.map(String) ?? [])];
      throw invalid(
        `That ${FORMAT_NAMES[format]} is damaged: conversation ${index + 1}, ${path.slice(1).join('.') || 'entry'}: ${issue?.message ?? 'wrong shape'}.`,
        { path },
      );
    }
    this.chats.push(parsed.chat);
  }

  /** False when this conversation was imported before (it is left as it is now). */
  private async write1(store: Store, chat: ImportedChat): Promise<boolean> {
    const id = importedConversationId(chat);
    if (store.conversations.find(id)) return false;
    const times = timesOf(chat, this.now());
    const pieces = await cutEach(
      chat.turns.map((t) => t.content),
      this.cutText,
    );
    return store.transaction(() => {
      if (store.conversations.find(id)) return false;
      store.conversations.writeImported({
        id,
        title: chat.title.trim().slice(0, 1000),
        createdAt: times.created,
        updatedAt: times.updated,
        archived: false,
        pinned: false,
        temporary: false,
        settings: {},
      });
      const ids = new Map(chat.turns.map((t, i) => [t.key, `${id}-${i + 1}`]));
      chat.turns.forEach((t, i) => {
        const at = times.turns[i] ?? times.created;
        const parentId = t.parentKey === null ? null : (ids.get(t.parentKey) ?? null);
        store.messages.writeImported(
          {
            id: ids.get(t.key)!,
            conversationId: id,
            seq: i + 1,
            parentId,
            role: t.role,
            content: t.content,
            status: 'complete',
            model: null,
            tokenCount: 0,
            error: null,
            createdAt: at,
            updatedAt: at,
          },
          false,
          pieces[i],
        );
      });
      store.tree.setLeaf(id, chat.leafKey === null ? null : (ids.get(chat.leafKey) ?? null));
      for (const name of chat.tags) store.tags.add(id, name);
      return true;
    });
  }

  private fail(error: MnemoError): never {
    this.failure = error;
    throw error;
  }
}

/**
 * Missing times are filled from their neighbours: a message without one takes its parent's
 * (or the conversation's start); a conversation without a start takes its first message's time,
 * then its last change, then the moment of import, so an old chat never sorts as brand new when
 * the file says anything about when it happened.
 */
export function timesOf(chat: ImportedChat, now: number): { created: number; updated: number; turns: number[] } {
  const firstTurn = chat.turns.find((t) => t.at !== null)?.at ?? null;
  const created = chat.createdAt ?? firstTurn ?? chat.updatedAt ?? now;
  const byKey = new Map<string, number>();
  const turns = chat.turns.map((t) => {
    const at = t.at ?? (t.parentKey === null ? undefined : byKey.get(t.parentKey)) ?? created;
    byKey.set(t.key, at);
    return at;
  });
  const updated = turns.reduce((latest, at) => Math.max(latest, at), chat.updatedAt ?? created);
  return { created, updated, turns };
}
