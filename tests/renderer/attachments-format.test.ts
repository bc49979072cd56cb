// The attachment format read back exactly as written, whatever the file holds (backtick fences
// of its own, blank lines, a line that looks like an opener), and plain messages left alone.
import { describe, expect, it } from 'vitest';
import { composeMessage, parseMessage } from '../../src/shared/attachments';

describe('attachments in a message text', () => {
  it('round-trips text and files, even files holding fences and fake openers', () => {
    const files = [
      { name: 'notes.md', text: '# Title\n\n```js\nlet a = 1;\n```\n\n```` attachment "x.md"\nnot a real one\n````\n' },
      { name: 'data "q".csv', text: 'a,b\n1,2' },
      { name: 'empty.txt', text: '' },
    ];
    for (const text of ['Please read these.', '', 'Two\n\nparagraphs ```with``` ticks']) {
      const content = composeMessage(text, files);
      expect(parseMessage(content)).toEqual({ text: text.trim() ? text : '', attachments: files });
    }
  });

  it('leaves a message without files as it is, including ordinary code blocks', () => {
    const plain = 'Look:\n\n```ts\nconst x = 1;\n```';
    expect(parseMessage(plain)).toEqual({ text: plain, attachments: [] });
    expect(composeMessage(plain, [])).toBe(plain);
  });
});
