// The context each reply was answered with, kept with the reply so any past one can be
// inspected ("Why this reply?"), after a restart or an import too. Compact by design: item
// ids, sections, tokens, scores and reasons, never copies of the text (the inspector reads
// the text from where it lives, so a deleted message or memory leaves none behind here).
// A record goes with its reply (ON DELETE CASCADE), and so with its conversation.
import type { ContextItemView, ContextView, ToolUse } from '../../../shared/contract';
import type { RepoContext } from './context';
import { contextReason, type ContextReason } from '../../../shared/context-reasons';
import { legacyReason } from './legacy-reasons';

function keptReason(value: unknown): ContextReason {
  if (typeof value === 'string') return legacyReason(value);
  const parsed = contextReason.safeParse(value);
  // A reason this version does not know (written by a newer one) still says something.
  return parsed.success ? parsed.data : { code: 'recorded', text: '' };
}

/** One item of a prompt, without its text. */
export type RecordedItem = Omit<ContextItemView, 'text' | 'supersededBy' | 'gone'> & {
  supersededBy?: { memoryId: string };
};

export interface TurnContextRecord {
  /** The reply this context was assembled for. */
  messageId: string;
  conversationId: string;
  at: number;
  budget: ContextView['budget'];
  retrievalMode: ContextView['retrievalMode'];
  timings: ContextView['timings'];
  items: RecordedItem[];
  toolUses: ToolUse[];
}

interface Row {
  message_id: string;
  conversation_id: string;
  at: number;
  record: string;
  tool_uses: string;
}

type StoredBody = Pick<TurnContextRecord, 'budget' | 'retrievalMode' | 'timings' | 'items'>;

/** A record as kept: items written before reasons had codes hold an English sentence. */
type KeptBody = Omit<StoredBody, 'items'> & { items: (Omit<RecordedItem, 'reason'> & { reason: unknown })[] };

const toRecord = (row: Row): TurnContextRecord => {
  const body = JSON.parse(row.record) as KeptBody;
  return {
    messageId: row.message_id,
    conversationId: row.conversation_id,
    at: row.at,
    ...body,
    items: body.items.map((item) => ({ ...item, reason: keptReason(item.reason) })),
    toolUses: JSON.parse(row.tool_uses) as ToolUse[],
  };
};

export class TurnContextRepository {
  constructor(private readonly ctx: RepoContext) {}

  /** Keeps (or replaces) the record of a reply; its tool uses start afresh. */
  save(record: TurnContextRecord): void {
    const body: StoredBody = {
      budget: record.budget,
      retrievalMode: record.retrievalMode,
      timings: record.timings,
      items: record.items,
    };
    this.ctx
      .prepare(
        `INSERT OR REPLACE INTO turn_contexts (message_id, conversation_id, at, record, tool_uses) VALUES (?, ?, ?, ?, ?)`,
      )
      .run(record.messageId, record.conversationId, record.at, JSON.stringify(body), JSON.stringify(record.toolUses));
  }

  find(messageId: string): TurnContextRecord | undefined {
    const row = this.ctx.prepare(`SELECT * FROM turn_contexts WHERE message_id = ?`).get(messageId) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Notes a tool the reply used (nothing when the reply has no record). */
  addToolUse(messageId: string, use: ToolUse): void {
    this.ctx
      .prepare(`UPDATE turn_contexts SET tool_uses = json_insert(tool_uses, '$[#]', json(?)) WHERE message_id = ?`)
      .run(JSON.stringify({ name: use.name, ok: use.ok }), messageId);
  }

  /** The tools each reply of a conversation used, by reply (replies that used none are left out). */
  toolUses(conversationId: string): Record<string, ToolUse[]> {
    const rows = this.ctx
      .prepare(`SELECT message_id, tool_uses FROM turn_contexts WHERE conversation_id = ? AND tool_uses <> '[]'`)
      .all(conversationId) as Pick<Row, 'message_id' | 'tool_uses'>[];
    return Object.fromEntries(rows.map((r) => [r.message_id, JSON.parse(r.tool_uses) as ToolUse[]]));
  }

  /** Every record of a conversation, oldest first (for an export). */
  forConversation(conversationId: string): TurnContextRecord[] {
    return (
      this.ctx
        .prepare(`SELECT * FROM turn_contexts WHERE conversation_id = ? ORDER BY at, message_id`)
        .all(conversationId) as Row[]
    ).map(toRecord);
  }
}
