import { describe, expect, it } from 'vitest';
import { snippetSegments } from '../../src/renderer/src/lib/snippet';

describe('snippetSegments', () => {
  it('splits marked matches from plain text', () => {
    expect(snippetSegments('my «cat» is «grey»!')).toEqual([
      { text: 'my ', match: false },
      { text: 'cat', match: true },
      { text: ' is ', match: false },
      { text: 'grey', match: true },
      { text: '!', match: false },
    ]);
  });

  it('keeps HTML as text and leaves unmatched markers alone', () => {
    expect(snippetSegments('<b>«x»</b> and « open')).toEqual([
      { text: '<b>', match: false },
      { text: 'x', match: true },
      { text: '</b> and « open', match: false },
    ]);
  });

  it('handles empty input, empty matches and adjacent matches', () => {
    expect(snippetSegments('')).toEqual([]);
    expect(snippetSegments('a«»b')).toEqual([{ text: 'ab', match: false }]);
    expect(snippetSegments('«a»«b»')).toEqual([{ text: 'ab', match: true }]);
  });
});
