// Tags on conversations (schema 12). Names are compared by their fold (shared/tags.ts), so
// adding "Work" to one chat and "work" to another gives both the same tag. A tag whose last
// link goes is deleted by a trigger; every change that removes text erases its traces after.
import { MnemoError } from '../../../shared/errors';
import {
  foldTagName,
  MAX_TAGS_PER_CONVERSATION,
  type ConversationTags,
  type Tag,
  type TagInfo,
} from '../../../shared/tags';
import { storedText, type RepoContext } from './context';

interface TagRow {
  id: string;
  name: string;
}

export class TagRepository {
  /** `eraseTraces`: run after a change that removed a name has committed (see Store). */
  constructor(
    private readonly ctx: RepoContext,
    private readonly eraseTraces: () => void,
  ) {}

  /** Every tag with how many conversations carry it, by name as a person reads it. */
  list(): TagInfo[] {
    const rows = this.ctx
      .prepare(
        `SELECT t.id, t.name, (SELECT count(*) FROM conversation_tags l WHERE l.tag_id = t.id) AS conversationCount
         FROM tags t`,
      )
      .all() as TagInfo[];
    return rows.sort(byName);
  }

  /** Each tagged conversation with its tags' ids, in the order they were added. */
  assignments(): ConversationTags[] {
    const rows = this.ctx
      .prepare(
        `SELECT l.conversation_id, l.tag_id FROM conversation_tags l JOIN tags t ON t.id = l.tag_id
         ORDER BY l.conversation_id, l.added_at, t.rowid`,
      )
      .all() as { conversation_id: string; tag_id: string }[];
    const byConversation = new Map<string, string[]>();
    for (const row of rows) {
      const ids = byConversation.get(row.conversation_id) ?? [];
      ids.push(row.tag_id);
      byConversation.set(row.conversation_id, ids);
    }
    return [...byConversation].map(([conversationId, tagIds]) => ({ conversationId, tagIds }));
  }

  /** One conversation's tags, in the order they were added. */
  forConversation(conversationId: string): Tag[] {
    return this.ctx
      .prepare(
        `SELECT t.id, t.name FROM conversation_tags l JOIN tags t ON t.id = l.tag_id
         WHERE l.conversation_id = ? ORDER BY l.added_at, t.rowid`,
      )
      .all(conversationId) as TagRow[];
  }

  find(tagId: string): Tag | undefined {
    return this.ctx.prepare(`SELECT id, name FROM tags WHERE id = ?`).get(tagId) as TagRow | undefined;
  }

  get(tagId: string): Tag {
    const found = this.find(tagId);
    if (!found) throw new MnemoError('NOT_FOUND', 'That tag no longer exists.', { tagId });
    return found;
  }

  /**
   * Tags a conversation with `name` (an existing tag when one has the same fold, else a new
   * one); tagging twice changes nothing. `addedAt` keeps an import's order.
   */
  add(conversationId: string, name: string, addedAt = this.ctx.now()): Tag {
    return this.ctx.db.transaction(() => {
      const tag = this.byFold(name) ?? this.create(name);
      const carried = this.forConversation(conversationId);
      if (carried.some((t) => t.id === tag.id)) return tag;
      if (carried.length >= MAX_TAGS_PER_CONVERSATION)
        throw new MnemoError(
          'INVALID_INPUT',
          `A conversation can carry at most ${MAX_TAGS_PER_CONVERSATION} tags. Remove one first.`,
          { conversationId },
        );
      this.ctx
        .prepare(`INSERT INTO conversation_tags (conversation_id, tag_id, added_at) VALUES (?, ?, ?)`)
        .run(conversationId, tag.id, addedAt);
      return tag;
    })();
  }

  /** Takes a tag off a conversation; the tag goes too when no conversation carries it any more. */
  remove(conversationId: string, tagId: string): void {
    this.get(tagId);
    this.ctx
      .prepare(`DELETE FROM conversation_tags WHERE conversation_id = ? AND tag_id = ?`)
      .run(conversationId, tagId);
    this.eraseTraces();
  }

  /**
   * Renames a tag everywhere. Renaming it to another tag's name merges the two: the other tag
   * keeps its id and gains this one's conversations. Returns the tag that now holds them.
   */
  rename(tagId: string, name: string): Tag {
    const renamed = this.ctx.db.transaction(() => {
      this.get(tagId);
      const other = this.byFold(name);
      if (other && other.id !== tagId) {
        this.ctx
          .prepare(
            `INSERT OR IGNORE INTO conversation_tags (conversation_id, tag_id, added_at)
             SELECT conversation_id, ?, added_at FROM conversation_tags WHERE tag_id = ?`,
          )
          .run(other.id, tagId);
        this.ctx.prepare(`DELETE FROM tags WHERE id = ?`).run(tagId);
        return other;
      }
      this.ctx
        .prepare(`UPDATE tags SET name = ?, fold = ? WHERE id = ?`)
        .run(storedText(name), foldTagName(name), tagId);
      return this.get(tagId);
    })();
    this.eraseTraces();
    return renamed;
  }

  /** Deletes a tag from every conversation. */
  delete(tagId: string): void {
    this.get(tagId);
    this.ctx.prepare(`DELETE FROM tags WHERE id = ?`).run(tagId);
    this.eraseTraces();
  }

  private byFold(name: string): Tag | undefined {
    return this.ctx.prepare(`SELECT id, name FROM tags WHERE fold = ?`).get(foldTagName(name)) as TagRow | undefined;
  }

  private create(name: string): Tag {
    const tag = { id: this.ctx.newId(), name: storedText(name) };
    this.ctx
      .prepare(`INSERT INTO tags (id, name, fold, created_at) VALUES (?, ?, ?, ?)`)
      .run(tag.id, tag.name, foldTagName(name), this.ctx.now());
    return tag;
  }
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const byName = (a: Tag, b: Tag): number => collator.compare(a.name, b.name);
