// Memories waiting for the user's review. Resolving one (approve or reject) blanks its text:
// the row stays only so the chat can say what became of the model's proposal.
import type { MemoryProposal, ProposalOrigin, ProposalStatus } from '../../../shared/domain';
import { MnemoError } from '../../../shared/errors';
import { storedText, type RepoContext } from './context';

interface ProposalRow {
  id: string;
  content: string;
  category: string;
  importance: number;
  origin: ProposalOrigin;
  status: ProposalStatus;
  conversation_id: string;
  source_message_id: string;
  reply_message_id: string | null;
  memory_id: string | null;
  created_at: number;
  resolved_at: number | null;
  source_excerpt: string;
  conversation_title: string | null;
}

/** Proposals with the start of their source message and their conversation's title. */
const SELECT = `SELECT p.*, substr(m.content, 1, 300) AS source_excerpt, c.title AS conversation_title
  FROM memory_proposals p JOIN messages m ON m.id = p.source_message_id JOIN conversations c ON c.id = p.conversation_id`;

const toProposal = (r: ProposalRow): MemoryProposal => ({
  id: r.id,
  content: r.content,
  category: r.category,
  importance: r.importance,
  origin: r.origin,
  status: r.status,
  conversationId: r.conversation_id,
  sourceMessageId: r.source_message_id,
  sourceExcerpt: r.source_excerpt,
  conversationTitle: r.conversation_title ?? '',
  replyMessageId: r.reply_message_id,
  memoryId: r.memory_id,
  createdAt: r.created_at,
  resolvedAt: r.resolved_at,
});

export interface NewProposal {
  content: string;
  category: string;
  importance: number;
  origin: ProposalOrigin;
  sourceMessageId: string;
  replyMessageId?: string | null;
}

export class MemoryProposalRepository {
  constructor(private readonly ctx: RepoContext) {}

  /** Queues a proposal; its conversation is the source message's. NOT_FOUND when that message is gone. */
  create(input: NewProposal): MemoryProposal {
    const conversationId = this.ctx
      .prepare(`SELECT conversation_id FROM messages WHERE id = ?`)
      .pluck()
      .get(input.sourceMessageId) as string | undefined;
    if (!conversationId) {
      throw new MnemoError(
        'NOT_FOUND',
        'The message this memory was proposed from no longer exists, so nothing was queued.',
        { messageId: input.sourceMessageId },
      );
    }
    const id = this.ctx.newId();
    this.ctx
      .prepare(
        `INSERT INTO memory_proposals (id, content, category, importance, origin, conversation_id, source_message_id, reply_message_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        storedText(input.content),
        storedText(input.category),
        input.importance,
        input.origin,
        conversationId,
        input.sourceMessageId,
        input.replyMessageId ?? null,
        this.ctx.now(),
      );
    return this.get(id);
  }

  get(id: string): MemoryProposal {
    const row = this.ctx.prepare(`${SELECT} WHERE p.id = ?`).get(id) as ProposalRow | undefined;
    if (!row)
      throw new MnemoError('NOT_FOUND', 'That proposal no longer exists (its message may have been deleted).', {
        proposalId: id,
      });
    return toProposal(row);
  }

  /** A pending proposal, or NOT_FOUND / INVALID_INPUT saying why it cannot be reviewed. */
  pending(id: string): MemoryProposal {
    const proposal = this.get(id);
    if (proposal.status !== 'pending')
      throw new MnemoError('INVALID_INPUT', `That proposal was already ${proposal.status}.`, {
        proposalId: id,
        status: proposal.status,
      });
    return proposal;
  }

  /** Pending proposals, oldest first. */
  listPending(): MemoryProposal[] {
    return (
      this.ctx.prepare(`${SELECT} WHERE p.status = 'pending' ORDER BY p.created_at, p.rowid`).all() as ProposalRow[]
    ).map(toProposal);
  }

  /** Every proposal of a conversation, resolved ones too (the chat's notes). */
  forConversation(conversationId: string): MemoryProposal[] {
    return (
      this.ctx
        .prepare(`${SELECT} WHERE p.conversation_id = ? ORDER BY p.created_at, p.rowid`)
        .all(conversationId) as ProposalRow[]
    ).map(toProposal);
  }

  pendingCount(): number {
    return this.ctx.prepare(`SELECT count(*) FROM memory_proposals WHERE status = 'pending'`).pluck().get() as number;
  }

  /** Marks a proposal approved or rejected and blanks its text. */
  resolve(id: string, status: 'approved' | 'rejected', memoryId: string | null = null): MemoryProposal {
    this.ctx
      .prepare(`UPDATE memory_proposals SET status = ?, content = '', memory_id = ?, resolved_at = ? WHERE id = ?`)
      .run(status, memoryId, this.ctx.now(), id);
    return this.get(id);
  }
}
