// The shape of a conversation's message tree: which leaf is active, where the active path
// forks (the ‹ n / m › switchers), and moving between branches. A conversation keeps
// `active_leaf_id` NULL until it first forks, so one that never branched reads as before.
import type { BranchPoint, Message } from '../../../shared/domain';
import { MnemoError } from '../../../shared/errors';
import { OFF_PATH, onPath, PATH } from './active-path';
import type { RepoContext } from './context';

export class MessageTreeRepository {
  constructor(private readonly ctx: RepoContext) {}

  /** The end of the active path: the message a new turn follows (null in an empty conversation). */
  leaf(conversationId: string): string | null {
    const chosen = this.ctx
      .prepare(`SELECT active_leaf_id FROM conversations WHERE id = ?`)
      .pluck()
      .get(conversationId) as string | null | undefined;
    return chosen ?? this.newest(conversationId);
  }

  /** After a message was written under `parentId`: it ends the active path, which forks if the parent had another child. */
  appended(conversationId: string, messageId: string, parentId: string | null): void {
    const branched =
      this.ctx
        .prepare(`SELECT active_leaf_id IS NOT NULL FROM conversations WHERE id = ?`)
        .pluck()
        .get(conversationId) === 1;
    const siblings = this.ctx
      .prepare(`SELECT count(*) FROM messages WHERE conversation_id = ? AND parent_id IS ? AND id <> ?`)
      .pluck()
      .get(conversationId, parentId, messageId) as number;
    if (branched || siblings > 0) this.setLeaf(conversationId, messageId);
  }

  /** Before a message is deleted: its children move up to its parent, and the path keeps a valid end. */
  removing(message: Message): void {
    this.ctx.prepare(`UPDATE messages SET parent_id = ? WHERE parent_id = ?`).run(message.parentId, message.id);
    const leaf = this.ctx
      .prepare(`SELECT active_leaf_id FROM conversations WHERE id = ?`)
      .pluck()
      .get(message.conversationId) as string | null;
    if (leaf !== message.id) return;
    const next =
      message.parentId ??
      this.ctx
        .prepare(`SELECT id FROM messages WHERE conversation_id = ? AND id <> ? ORDER BY seq DESC LIMIT 1`)
        .pluck()
        .get(message.conversationId, message.id);
    this.setLeaf(message.conversationId, (next as string | undefined) ?? null);
  }

  /** Where the active path forks: each of its messages that has siblings, with them all in order. */
  branchPoints(conversationId: string): BranchPoint[] {
    // Every fork sets a leaf (`appended`), so a conversation without one has none.
    if (this.chosenLeaf(conversationId) === null) return [];
    const rows = this.ctx
      .prepare(
        `WITH RECURSIVE ${PATH}
         SELECT p.id AS messageId, (SELECT json_group_array(id) FROM (SELECT s.id FROM messages s WHERE s.conversation_id = @conversationId AND s.parent_id IS p.parent_id ORDER BY s.seq)) AS siblings
         FROM messages p WHERE p.conversation_id = @conversationId AND ${onPath('p')}
           AND (SELECT count(*) FROM messages s WHERE s.conversation_id = @conversationId AND s.parent_id IS p.parent_id) > 1
         ORDER BY p.seq`,
      )
      .all({ conversationId }) as { messageId: string; siblings: string }[];
    return rows.map((row) => ({ messageId: row.messageId, siblingIds: JSON.parse(row.siblings) as string[] }));
  }

  /**
   * Shows the branch through `messageId`: the active path now runs through it down to the
   * newest message written under it. Returns its conversation's id.
   */
  select(messageId: string): string {
    const message = this.message(messageId);
    const newest = this.ctx
      .prepare(
        `WITH RECURSIVE below(id, seq) AS (
           SELECT id, seq FROM messages WHERE id = ?
           UNION ALL SELECT m.id, m.seq FROM messages m JOIN below ON m.parent_id = below.id)
         SELECT id FROM below ORDER BY seq DESC LIMIT 1`,
      )
      .pluck()
      .get(messageId) as string;
    this.setLeaf(message.conversationId, newest);
    return message.conversationId;
  }

  /** "Branch from here": the active path ends at `messageId`; what followed it stays, as another branch. */
  branchAt(messageId: string): string {
    const message = this.message(messageId);
    this.setLeaf(message.conversationId, messageId);
    return message.conversationId;
  }

  /** The messages from the first one down to `messageId`, in order (what a branch into a new conversation copies). */
  ancestry(messageId: string): string[] {
    this.message(messageId);
    const ids = this.ctx
      .prepare(
        `WITH RECURSIVE up(id, parent_id, depth) AS (
           SELECT id, parent_id, 0 FROM messages WHERE id = ?
           UNION ALL SELECT m.id, m.parent_id, up.depth + 1 FROM messages m JOIN up ON m.id = up.parent_id)
         SELECT id FROM up ORDER BY depth DESC`,
      )
      .pluck()
      .all(messageId) as string[];
    return ids;
  }

  /**
   * Of these conversations, those that have forked: only their turns can be off an active path
   * (every fork sets the leaf, see `appended`). Most never do, so retrieval asks this of its hits'
   * few conversations before the path query, which looks up every hit's message.
   */
  branched(conversationIds: readonly string[]): Set<string> {
    if (conversationIds.length === 0) return new Set();
    return new Set(
      this.ctx
        .prepare(
          `SELECT id FROM conversations WHERE id IN (SELECT value FROM json_each(?)) AND active_leaf_id IS NOT NULL`,
        )
        .pluck()
        .all(JSON.stringify(conversationIds)) as string[],
    );
  }

  /** Of these message and summary ids, those off their conversation's active path (see active-path.ts). */
  offActivePath(ids: readonly string[]): Set<string> {
    if (ids.length === 0) return new Set();
    return new Set(this.ctx.prepare(OFF_PATH).pluck().all(JSON.stringify(ids)) as string[]);
  }

  /** Sets which message ends the active path (imports restore it as exported). */
  setLeaf(conversationId: string, messageId: string | null): void {
    this.ctx.prepare(`UPDATE conversations SET active_leaf_id = ? WHERE id = ?`).run(messageId, conversationId);
  }

  /** The exported shape of a conversation's tree: its active leaf, or null for a single path. */
  chosenLeaf(conversationId: string): string | null {
    return (
      (this.ctx.prepare(`SELECT active_leaf_id FROM conversations WHERE id = ?`).pluck().get(conversationId) as
        string | null | undefined) ?? null
    );
  }

  private newest(conversationId: string): string | null {
    return (
      (this.ctx
        .prepare(`SELECT id FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1`)
        .pluck()
        .get(conversationId) as string | undefined) ?? null
    );
  }

  private message(id: string): { conversationId: string } {
    const found = this.ctx.prepare(`SELECT conversation_id AS conversationId FROM messages WHERE id = ?`).get(id) as
      { conversationId: string } | undefined;
    if (!found) throw new MnemoError('NOT_FOUND', 'That message no longer exists.', { messageId: id });
    return found;
  }
}
