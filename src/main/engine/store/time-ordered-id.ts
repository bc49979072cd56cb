// Ids of new rows (conversations, messages, chunks, ...): UUID version 7 (RFC 9562) — 48 bits of
// milliseconds since 1970, then a counter and random bits — instead of version 4's random bits only.
// Why: every id is a key of several indexes (messages by id and by parent, chunks by id and by
// message), and a random key lands on a random leaf of each. A 1,000-turn import at 100k messages
// then rewrote thousands of scattered index pages per commit, which an encrypted file must encrypt,
// and decrypt and encrypt again when checkpointing. Ids that grow with time append at each index's
// right edge. The time an id carries is already stored beside it (created_at), and in Chroma's metadata.
// The `uuid` package keeps ids made within one millisecond (or after the clock stepped back) in order.
import { v7 } from 'uuid';

/** A UUIDv7 string; ids made later in this process sort after earlier ones. */
export function timeOrderedId(): string {
  return v7();
}
