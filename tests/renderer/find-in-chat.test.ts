import { describe, expect, it } from 'vitest';
import { findHits, hitCountText, occurrences, stepHit } from '../../src/renderer/src/lib/find-in-chat';
import type { Message } from '../../src/shared/domain';

const msg = (id: string, content: string): Message => ({
  id,
  conversationId: 'c',
  seq: 1,
  parentId: null,
  role: 'user',
  content,
  status: 'complete',
  model: null,
  tokenCount: 0,
  error: null,
  createdAt: 0,
  updatedAt: 0,
});

describe('find in chat', () => {
  it('finds every occurrence, case aside, in reading order', () => {
    const messages = [msg('a', 'The Tide and the tide'), msg('b', 'nothing'), msg('c', 'tidepool')];
    expect(findHits(messages, ' TIDE ')).toEqual([
      { messageId: 'a', occurrence: 0 },
      { messageId: 'a', occurrence: 1 },
      { messageId: 'c', occurrence: 0 },
    ]);
    expect(findHits(messages, '   ')).toEqual([]);
    expect(occurrences('aaaa', 'aa')).toEqual([0, 2]);
  });

  it('moves through hits with wrap-around and says where it is', () => {
    expect(stepHit(0, 3, 1)).toBe(1);
    expect(stepHit(2, 3, 1)).toBe(0);
    expect(stepHit(0, 3, -1)).toBe(2);
    expect(stepHit(-1, 3, -1)).toBe(2);
    expect(stepHit(0, 0, 1)).toBe(-1);
    expect(hitCountText(2, 12, 'x')).toBe('3 of 12');
    expect(hitCountText(-1, 0, 'x')).toBe('No matches');
    expect(hitCountText(-1, 0, '')).toBe('');
  });
});
