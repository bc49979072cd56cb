// Reply records and exports written before reasons had codes hold English sentences: each is
// read back as the code it was worded from, so an old reply's reasons are said in any language.
import { describe, expect, it } from 'vitest';
import { legacyReason } from '../../../src/main/engine/store/legacy-reasons';
import type { ContextReason } from '../../../src/shared/context-reasons';

/** Sentences exactly as the engine wrote them until session 11 (context/reasons.ts then). */
const OLD: [string, ContextReason][] = [
  ['Your system prompt, sent with every message.', { code: 'system' }],
  ['Describes the 3 tools the model may use, sent with every message.', { code: 'tools', count: 3 }],
  ['Describes the 1 tool the model may use, sent with every message.', { code: 'tools', count: 1 }],
  ['Your message.', { code: 'user' }],
  ['A memory you pinned, sent with every message.', { code: 'corePinned' }],
  ['One of the latest turns of this chat.', { code: 'recent', stopped: false }],
  ['One of the latest turns of this chat (its reply was stopped).', { code: 'recent', stopped: true }],
  [
    'A summary of earlier turns of this chat (turns 1 to 40), written while the chat was quiet.',
    { code: 'summary', firstSeq: 1, lastSeq: 40, trigger: 'idle' },
  ],
  [
    'A summary of earlier turns of this chat (turns 3 to 9), written when the chat grew too long for the model.',
    { code: 'summary', firstSeq: 3, lastSeq: 9, trigger: 'overflow' },
  ],
  [
    'Not closely related to your message; included because there was room.',
    { code: 'memory', relevant: false, close: false, words: false },
  ],
  [
    'Relevant to your message: close in meaning to your message and shares words with it.',
    { code: 'memory', relevant: true, close: true, words: true },
  ],
  [
    'Relevant to your message: shares words with your message.',
    { code: 'memory', relevant: true, close: false, words: true },
  ],
  [
    'Earlier in this chat: close in meaning to your message.',
    { code: 'excerpt', here: true, close: true, words: false, copies: 1 },
  ],
  [
    'From another chat: found by the search, though not closely related to your message. Said 30 times; the newest is shown.',
    { code: 'excerpt', here: false, close: false, words: false, copies: 30 },
  ],
  [
    'From another chat: shares words with your message. It states an older value that a memory has since replaced.',
    { code: 'excerpt', here: false, close: false, words: true, copies: 1, superseded: true },
  ],
  ['The reply to a message found above, for context.', { code: 'neighbour', of: 'replyToFound' }],
  ['The question a reply found above answered, for context.', { code: 'neighbour', of: 'questionOfFound' }],
  ['The reply a message found above followed up on, for context.', { code: 'neighbour', of: 'turnBeforeFound' }],
  ['The next message after a reply found above, for context.', { code: 'neighbour', of: 'turnAfterFound' }],
  ['Part 2 of a long message found above, for context.', { code: 'partOfMessage', part: 2 }],
];

describe('reasons kept as English sentences', () => {
  it.each(OLD)('reads "%s" as its code', (sentence, code) => {
    expect(legacyReason(sentence)).toEqual(code);
  });

  it('keeps a sentence it does not recognise as it was', () => {
    expect(legacyReason('Something a later version said.')).toEqual({
      code: 'recorded',
      text: 'Something a later version said.',
    });
  });
});
