// A conversation's active path: the one line of turns the user sees, the model is shown and
// the summaries fold, from the root to the conversation's active leaf (migration 011). The
// other branches stay stored, indexed and searchable. This file is the one definition of it:
// every query that reads "the conversation's turns" opens with `WITH RECURSIVE ${PATH}` and
// keeps its rows with `onPath`. A conversation that never branched (leaf NULL) is one path
// of every message, so its queries cost what they did before the tree.

/** The active path's messages as `path(id, parent_id)`, walked up from the leaf of @conversationId. */
export const PATH = `path(id, parent_id) AS (
    SELECT id, parent_id FROM messages INDEXED BY messages_parents WHERE id = (SELECT active_leaf_id FROM conversations WHERE id = @conversationId)
    UNION ALL SELECT up.id, up.parent_id FROM messages up INDEXED BY messages_parents JOIN path ON up.id = path.parent_id)`;

/**
 * At most @limit messages of a path walked up from @start, newest first, as `walk(id, parent_id,
 * seq)`: a page of a branched conversation's path without walking all of it.
 */
export const WALK = `walk(id, parent_id, seq) AS (
    SELECT id, parent_id, seq FROM messages INDEXED BY messages_parents WHERE id = @start
    UNION ALL SELECT up.id, up.parent_id, up.seq FROM messages up INDEXED BY messages_parents JOIN walk ON up.id = walk.parent_id
    LIMIT @limit)`;

const UNBRANCHED = `(SELECT active_leaf_id FROM conversations WHERE id = @conversationId) IS NULL`;

/** True for a row of `messages` (as `alias`) of @conversationId that is on its active path. */
export const onPath = (alias: string): string => `(${UNBRANCHED} OR ${alias}.id IN (SELECT id FROM path))`;

/** True for a summary (as `alias`) of @conversationId that covers only turns on its active path. */
export const summaryOnPath = (alias: string): string =>
  `(${UNBRANCHED} OR NOT EXISTS (SELECT 1 FROM summary_messages sm WHERE sm.summary_id = ${alias}.id AND sm.message_id NOT IN (SELECT id FROM path)))`;

/**
 * Of the message and summary ids in the JSON array `?`, those off their conversation's active
 * path (a turn of another branch, a summary covering one). For retrieval into a prompt, which
 * follows each conversation's active path only.
 */
export const OFF_PATH = `
  WITH RECURSIVE
    asked(id) AS (SELECT value FROM json_each(?)),
    branched(conversation_id, leaf) AS (
      SELECT c.id, c.active_leaf_id FROM conversations c
      WHERE c.active_leaf_id IS NOT NULL AND c.id IN (
        SELECT conversation_id FROM messages WHERE id IN (SELECT id FROM asked)
        UNION SELECT conversation_id FROM summaries WHERE id IN (SELECT id FROM asked))),
    path(id, parent_id) AS (
      SELECT m.id, m.parent_id FROM branched JOIN messages m ON m.id = branched.leaf
      UNION ALL SELECT up.id, up.parent_id FROM messages up JOIN path ON up.id = path.parent_id)
  SELECT m.id FROM messages m JOIN branched b ON b.conversation_id = m.conversation_id
  WHERE m.id IN (SELECT id FROM asked) AND m.id NOT IN (SELECT id FROM path)
  UNION
  SELECT s.id FROM summaries s JOIN branched b ON b.conversation_id = s.conversation_id
  WHERE s.id IN (SELECT id FROM asked)
    AND EXISTS (SELECT 1 FROM summary_messages sm WHERE sm.summary_id = s.id AND sm.message_id NOT IN (SELECT id FROM path))`;
