// Ids of new rows (conversations, messages, chunks, ...): UUID version 7 (RFC 9562) — 48 bits of
// milliseconds since 1970, then random bits — instead of version 4's random bits only. Why: every
// id is a key of several indexes (messages by id and by parent, chunks by id and by message), and
// a random key lands on a random leaf of each. A 1,000-turn import at 100k messages then rewrote
// thousands of scattered index pages per commit, which an encrypted file must encrypt, and decrypt and
// encrypt again when checkpointing. Ids that grow with time append at each index's right edge.
// The time an id carries is already stored beside it (created_at), and in Chroma's metadata.
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/** A UUIDv7 string; ids made later in this process sort after earlier ones, even within one millisecond. */
export function timeOrderedId(now: number = Date.now()): string {
  // Within one millisecond (or if the clock steps back) a 12-bit counter keeps the order.
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMs += 1;
    sequence = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8); // version 7, then the counter's high 4 bits
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f); // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
