// Rows a recovery can rebuild from others instead of dropping: a message whose row sat on a
// damaged page still has its whole text in its chunks (they join back to it exactly), and a
// conversation whose row was lost still has its messages. Without this, losing one page of the
// conversations table would cost every message in it as an orphan.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';

/** Title of a conversation whose own row could not be read; its messages are what was kept. */
export const RECOVERED_TITLE = 'Recovered conversation';

/** Rebuilds lost conversations, then lost messages; returns how many rows it made. Runs on the recovered copy. */
export function restoreLostRows(db: BetterSqlite3.Database): number {
  return restoreLostMessages(db) + restoreLostConversations(db);
}

interface LostMessage {
  id: string;
  conversation_id: string;
  role: string;
  created_at: number;
  content: string;
  token_count: number;
  pieces: number;
  last_index: number;
}

/** Messages whose every chunk survived: the chunks in order are the message's text. */
function restoreLostMessages(db: BetterSqlite3.Database): number {
  const lost = db
    .prepare(
      `SELECT response_id AS id, min(conversation_id) AS conversation_id, min(role) AS role, min(created_at) AS created_at,
              group_concat(text, '' ORDER BY chunk_index) AS content, sum(token_count) AS token_count,
              count(*) AS pieces, max(chunk_index) AS last_index
       FROM chunks c
       WHERE type = 'message' AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = c.response_id)
       GROUP BY response_id
       ORDER BY min(created_at), min(rowid)`,
    )
    .all() as LostMessage[];
  const whole = lost.filter((m) => m.pieces === m.last_index + 1 && (m.role === 'user' || m.role === 'assistant'));
  const insert = db.prepare(
    `INSERT INTO messages (id, conversation_id, seq, role, content, status, model, token_count, error, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'complete', NULL, ?, NULL, ?, ?)`,
  );
  const taken = db.prepare(`SELECT seq FROM messages WHERE conversation_id = ?`).pluck();
  const freeSeqs = new Map<string, () => number>();
  for (const message of whole) {
    let next = freeSeqs.get(message.conversation_id);
    if (!next)
      freeSeqs.set(
        message.conversation_id,
        (next = gapFiller(new Set(taken.all(message.conversation_id) as number[]))),
      );
    insert.run(
      message.id,
      message.conversation_id,
      next(),
      message.role,
      message.content,
      message.token_count,
      message.created_at,
      message.created_at,
    );
  }
  return whole.length;
}

/**
 * Positions for lost messages: the gaps the readable ones left, in order, then after the last.
 * A damaged page held consecutive messages, so oldest-first into the gaps puts them back in place.
 */
function gapFiller(taken: Set<number>): () => number {
  let seq = 0;
  return () => {
    do seq += 1;
    while (taken.has(seq));
    return seq;
  };
}

/** A conversation row for each conversation that still has messages or chunks but lost its own row. */
function restoreLostConversations(db: BetterSqlite3.Database): number {
  return db
    .prepare(
      `INSERT INTO conversations (id, title, created_at, updated_at)
       SELECT conversation_id, ?, min(created_at), max(created_at) FROM (
         SELECT conversation_id, created_at FROM messages UNION ALL SELECT conversation_id, created_at FROM chunks
       ) AS kept
       WHERE NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = kept.conversation_id)
       GROUP BY conversation_id`,
    )
    .run(RECOVERED_TITLE).changes;
}
