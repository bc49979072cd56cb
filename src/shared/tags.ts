// Tags on conversations: what a tag is, and the one rule for a tag's name, used by the contract
// (what the user types) and by imports (what a file brings).
import { z } from 'zod';

export const MAX_TAG_CHARS = 40;
export const MAX_TAGS_PER_CONVERSATION = 20;

export interface Tag {
  id: string;
  /** As the user typed it; tags differing only in case or spacing are one tag. */
  name: string;
}

export interface TagInfo extends Tag {
  /** How many conversations carry it (archived ones too). */
  conversationCount: number;
}

/** Which tags one conversation carries, by id, in the order they were added. */
export interface ConversationTags {
  conversationId: string;
  tagIds: string[];
}

export interface TagsOverview {
  /** Every tag, by name. */
  tags: TagInfo[];
  /** The conversations that carry tags; a conversation without any is not listed. */
  assignments: ConversationTags[];
}

// C0, DEL and C1 controls, and the line and paragraph separators: a tag is one short line.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** A tag's name: trimmed, not empty, at most MAX_TAG_CHARS characters, one line of printable text. */
export const tagName = z
  .string()
  .trim()
  .min(1, 'A tag needs a name.')
  .max(MAX_TAG_CHARS, `A tag is at most ${MAX_TAG_CHARS} characters.`)
  .refine((name) => !CONTROL.test(name), 'A tag cannot hold control characters or line breaks.')
  .refine((name) => name.isWellFormed(), 'A tag must be valid text.');

/** The key that makes two names the same tag: NFKC, lower case, runs of spaces as one. */
export const foldTagName = (name: string): string => name.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
