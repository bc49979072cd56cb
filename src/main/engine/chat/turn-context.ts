// "Why this reply?": the context a reply was answered with. At each turn the context's view
// (context/view.ts, what the renderer is sent) becomes a record (what is kept: the view without its
// text, see store/turn-contexts.ts). Inspecting a past reply reads the record back and fills in
// each item's text from where it lives now; what was deleted since is shown as gone.
import type { ContextItemView, ContextView, ToolUse, TurnContextView } from '../../../shared/contract';
import type { RecordedItem, Store, TurnContextRecord } from '../store';
import { TOOLS } from './tools';

/** What is kept of a reply's context: the view without any text. */
export function toTurnRecord(
  view: ContextView,
  turn: { messageId: string; conversationId: string; at: number },
): TurnContextRecord {
  const items = view.items.map(({ text: _text, supersededBy, gone: _gone, ...rest }): RecordedItem => ({
    ...rest,
    ...(supersededBy ? { supersededBy: { memoryId: supersededBy.memoryId } } : {}),
  }));
  return {
    ...turn,
    budget: view.budget,
    retrievalMode: view.retrievalMode,
    timings: view.timings,
    items,
    toolUses: [],
  };
}

export class TurnContexts {
  constructor(
    private readonly store: Store,
    /** The system prompt as set now: the record does not keep a copy of it. */
    private readonly systemPrompt: () => string,
  ) {}

  /** Keeps the record of a reply's context. A record that cannot be written costs only the inspection. */
  keep(view: ContextView, turn: { messageId: string; conversationId: string; at: number }): void {
    try {
      this.store.turnContexts.save(toTurnRecord(view, turn));
    } catch {
      // A full disk or a damaged table: the reply itself matters more than its explanation.
    }
  }

  /** Notes a tool a reply used, so the note under the reply survives a reload. */
  noteToolUse(messageId: string, use: { name: string; ok: boolean }): void {
    try {
      this.store.turnContexts.addToolUse(messageId, use);
    } catch {
      // As above: only the note is lost.
    }
  }

  /** The tools each reply of a conversation used, by reply. */
  toolUses(conversationId: string): Record<string, ToolUse[]> {
    return this.store.turnContexts.toolUses(conversationId);
  }

  /**
   * The context of the last reply on the branch shown now (the inspector's "latest"): after a
   * switch to another version, that version's reply, not the last one written.
   */
  ofShownReply(conversationId: string): TurnContextView | null {
    const reply = this.store.messages
      .latest(conversationId, 2)
      .filter((m) => m.role === 'assistant')
      .at(-1);
    return reply ? this.view(reply.id) : null;
  }

  /** The context a reply was answered with, or null when none was kept for it. */
  view(messageId: string): TurnContextView | null {
    const record = this.store.turnContexts.find(messageId);
    if (!record) return null;
    const chunkTexts = new Map(
      this.store.chunks
        .byIds(record.items.flatMap((i) => (i.section === 'retrieved' ? (i.source.chunkIds ?? []) : [])))
        .map((c) => [c.id, c.text]),
    );
    const messageIds = record.items
      .filter((i) => i.section === 'recent' || i.section === 'user')
      .flatMap((i) => (i.source.messageId ? [i.source.messageId] : []));
    const messageTexts = this.store.messages.contents(messageIds);
    const items = record.items.map((item) => this.withText(item, chunkTexts, messageTexts));
    return {
      messageId: record.messageId,
      conversationId: record.conversationId,
      at: record.at,
      context: {
        conversationId: record.conversationId,
        items,
        budget: record.budget,
        retrievalMode: record.retrievalMode,
        timings: record.timings,
      },
    };
  }

  private withText(
    item: RecordedItem,
    chunkTexts: ReadonlyMap<string, string>,
    messageTexts: ReadonlyMap<string, string>,
  ): ContextItemView {
    const { supersededBy, ...rest } = item;
    const text = this.textOf(item, chunkTexts, messageTexts);
    const current = supersededBy ? this.store.memories.find(supersededBy.memoryId) : undefined;
    return {
      ...rest,
      text: text ?? '',
      ...(text === undefined ? { gone: true } : {}),
      ...(supersededBy && current
        ? { supersededBy: { memoryId: supersededBy.memoryId, current: current.content } }
        : {}),
    };
  }

  /** The item's text as stored now; undefined when it has been deleted since. */
  private textOf(
    item: RecordedItem,
    chunkTexts: ReadonlyMap<string, string>,
    messageTexts: ReadonlyMap<string, string>,
  ): string | undefined {
    const { source } = item;
    switch (item.section) {
      case 'system':
        return this.systemPrompt();
      case 'tools':
        return JSON.stringify(TOOLS.map((tool) => ({ type: 'function', function: tool })));
      case 'core_memory':
      case 'memory':
        return source.memoryId ? this.store.memories.find(source.memoryId)?.content : undefined;
      case 'summary':
        return source.summaryId ? this.store.summaries.get(source.summaryId)?.content : undefined;
      case 'retrieved': {
        const parts = (source.chunkIds ?? []).map((id) => chunkTexts.get(id));
        return parts.length > 0 && parts.every((p) => p !== undefined) ? parts.join('') : undefined;
      }
      default:
        return source.messageId ? messageTexts.get(source.messageId) : undefined;
    }
  }
}
