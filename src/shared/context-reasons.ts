// Why an item is in the prompt, as a code with the values needed to say it: the engine decides
// the reason, the renderer words it in the UI's language (i18n key `reason.<code>`). Kept with
// each turn's record, so a reason never quotes stored text (a deleted message or memory must
// leave none of its words behind).
import { z } from 'zod';

/** How a found item matched the message: by meaning (above the relevance floor), by shared words, or both. */
const matched = { close: z.boolean(), words: z.boolean() };
/** Set when the excerpt states an older value that a memory has since replaced. */
const superseded = { superseded: z.literal(true).optional() };

export const contextReason = z.discriminatedUnion('code', [
  z.object({ code: z.literal('system') }).strict(),
  z.object({ code: z.literal('tools'), count: z.number().int().min(0) }).strict(),
  z.object({ code: z.literal('user') }).strict(),
  z.object({ code: z.literal('corePinned') }).strict(),
  /** One of the latest turns; `stopped` when its reply was stopped. */
  z.object({ code: z.literal('recent'), stopped: z.boolean() }).strict(),
  z
    .object({
      code: z.literal('summary'),
      firstSeq: z.number().int(),
      lastSeq: z.number().int(),
      trigger: z.enum(['overflow', 'idle', 'end']),
    })
    .strict(),
  /** A memory found by search; `relevant` false: not close to the message, in because there was room. */
  z.object({ code: z.literal('memory'), relevant: z.boolean(), ...matched }).strict(),
  /**
   * An excerpt found by retrieval; `copies` > 1 when the same words were said several times;
   * `occasion` when it matched neither way but was said on an occasion whose talk as a whole matches;
   * `namedTime` when it was said within a time the message names ("last May", "two weeks ago").
   */
  z
    .object({
      code: z.literal('excerpt'),
      here: z.boolean(),
      ...matched,
      occasion: z.literal(true).optional(),
      namedTime: z.literal(true).optional(),
      copies: z.number().int().min(1),
      ...superseded,
    })
    .strict(),
  /** Context beside a found excerpt. */
  z
    .object({
      code: z.literal('neighbour'),
      of: z.enum(['replyToFound', 'questionOfFound', 'turnBeforeFound', 'turnAfterFound']),
      ...superseded,
    })
    .strict(),
  /** `part` counts from 1. */
  z.object({ code: z.literal('partOfMessage'), part: z.number().int().min(1), ...superseded }).strict(),
  /** A record kept before reasons had codes, and not recognised: its words as they were kept. */
  z.object({ code: z.literal('recorded'), text: z.string().max(500) }).strict(),
]);

export type ContextReason = z.infer<typeof contextReason>;
export type ContextReasonCode = ContextReason['code'];
export type NeighbourKind = Extract<ContextReason, { code: 'neighbour' }>['of'];
