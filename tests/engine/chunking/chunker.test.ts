import fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { describe, expect, it } from 'vitest';
import { chunkText, chunkTextInSlices, countTokens, reassemble } from '../../../src/main/engine/chunking';

/** A small deterministic generator, so big random inputs are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

function checkInvariants(text: string, limit: number) {
  const chunks = chunkText(text, { chunkTokens: limit });
  expect(chunks.map((c) => c.text).join('')).toBe(text);
  expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
  for (const chunk of chunks) {
    expect(chunk.tokenCount).toBe(countTokens(chunk.text));
    expect(chunk.tokenCount).toBeLessThanOrEqual(limit);
    if (text.length > 0) expect(chunk.text.length).toBeGreaterThan(0);
    const first = chunk.text.charCodeAt(0);
    if (chunk.index > 0)
      expect(first >= 0xdc00 && first <= 0xdfff && /[\ud800-\udbff]$/.test(chunks[chunk.index - 1]!.text)).toBe(false);
  }
  expect(reassemble([...chunks].reverse())).toBe(text);
  return chunks;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** True when a cut at `at` separates a surrogate pair. */
const tearsPair = (text: string, at: number) => isHigh(text.charCodeAt(at - 1)) && isLow(text.charCodeAt(at));

// 'binary' never yields half a surrogate pair; raw UTF-16 code units do, anywhere.
const codeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  maxLength: 80,
});

const pieces = fc.oneof(
  codeUnits,
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom('東', '京', '。', '語', '！', ' '), maxLength: 120 }),
  fc.constantFrom(
    '\n\n',
    '\n',
    '```ts\nconst a = 1;\n\nconst b = 2;\n```\n',
    '👩‍👩‍👧‍👦',
    '🇵🇹',
    '\ud800',
    '\udfff',
    '\u0000',
    '<|endoftext|>',
    '   ',
    '. ',
    '! ',
    '\r\n\r\n',
    '....',
  ),
  fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 50, maxLength: 400 }),
);

describe('chunkText', () => {
  it('reassembles any text exactly, with every chunk counted and within the limit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 30 }).map((p) => p.join('')),
        fc.integer({ min: 5, max: 60 }),
        (text, limit) => {
          checkInvariants(text, limit);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps code points whole at limits so small that one emoji is over them (property)', () => {
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 8 }).map((p) => p.join('')),
        fc.integer({ min: 1, max: 4 }),
        (text, limit) => {
          const chunks = chunkText(text, { chunkTokens: limit });
          expect(chunks.map((c) => c.text).join('')).toBe(text);
          let at = 0;
          for (const chunk of chunks) {
            expect(chunk.tokenCount).toBe(countTokens(chunk.text));
            if (chunk.tokenCount > limit) expect([...chunk.text]).toHaveLength(1);
            if (at > 0) expect(tearsPair(text, at)).toBe(false);
            at += chunk.text.length;
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses a chunk size below one token', () => {
    for (const chunkTokens of [0, -5, Number.NaN]) {
      expect(() => chunkText('some text', { chunkTokens })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });

  it('gives one empty chunk for empty text and one chunk for short text', () => {
    expect(chunkText('')).toEqual([{ index: 0, text: '', tokenCount: 0 }]);
    expect(chunkText('   \n\t ')).toHaveLength(1);
    expect(chunkText('Hello there.')).toEqual([
      { index: 0, text: 'Hello there.', tokenCount: countTokens('Hello there.') },
    ]);
  });

  it('keeps a text exactly at the limit whole', () => {
    const text = 'word '.repeat(200).trim();
    const limit = countTokens(text);
    expect(chunkText(text, { chunkTokens: limit })).toHaveLength(1);
    expect(chunkText(text, { chunkTokens: limit - 1 }).length).toBeGreaterThan(1);
  });

  it('splits at paragraph boundaries when paragraphs fit', () => {
    const paragraphs = Array.from({ length: 6 }, (_, i) => `Paragraph ${i}. ` + 'Some words in it. '.repeat(10));
    const text = paragraphs.join('\n\n');
    const chunks = checkInvariants(text, 120);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.text.endsWith('\n\n')).toBe(true);
  });

  it('treats CRLF blank lines as paragraph boundaries', () => {
    const text = Array.from({ length: 6 }, (_, i) => `Paragraph ${i}. ` + 'Some words in it. '.repeat(10)).join(
      '\r\n\r\n',
    );
    const chunks = checkInvariants(text, 120);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.text.endsWith('\r\n\r\n')).toBe(true);
  });

  it('splits one giant paragraph at sentence ends', () => {
    const text = Array.from({ length: 200 }, (_, i) => `This is sentence number ${i} of a long paragraph.`).join(' ');
    const chunks = checkInvariants(text, 100);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.text.trimEnd().endsWith('.')).toBe(true);
  });

  it('does not split a fenced code block that fits', () => {
    const code = '```python\ndef f():\n    return 1\n\n\ndef g():\n    return 2\n```';
    const text = `Intro text here.\n\n${code}\n\nOutro text here.`;
    const chunks = checkInvariants(text, countTokens(code) + 10);
    expect(chunks.some((c) => c.text.includes(code))).toBe(true);
  });

  it('chunks a 20k-token message into about forty 500-token chunks', () => {
    const text = Array.from({ length: 1800 }, (_, i) => `Line ${i}: the harbour lights were dim tonight.`).join('\n');
    expect(countTokens(text)).toBeGreaterThan(19_000);
    const chunks = checkInvariants(text, 500);
    expect(chunks.length).toBeGreaterThanOrEqual(38);
    expect(chunks.length).toBeLessThanOrEqual(45);
  });

  it('handles 1 MB of words, of one unbroken run, and of CJK', () => {
    const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    checkInvariants(
      Array.from({ length: 200_000 }, (_, i) => words[(i * 7) % 5])
        .join(' ')
        .slice(0, 1_000_000),
      500,
    );
    checkInvariants('x'.repeat(1_000_000), 500);
    checkInvariants('東京都は日本の首都です'.repeat(90_000), 500);
  }, 120_000);

  // Speed is measured by `npm run bench`, not asserted here; these cases guard correctness on
  // the inputs that used to be pathological (the vitest timeout still catches a hang).
  it('chunks 1 MB of CJK that never repeats (no tokenizer cache to lean on)', () => {
    const random = seeded(42);
    const text = Array.from({ length: 1_000_000 }, () =>
      String.fromCharCode(0x4e00 + Math.floor(random() * 20_900)),
    ).join('');
    const chunks = chunkText(text, { chunkTokens: 500 });
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    expect(chunks.every((c) => c.tokenCount <= 500)).toBe(true);
    // Slices aim near the limit, so chunks are well filled (not a flood of tiny ones).
    expect(chunks.length).toBeLessThan(chunks.reduce((sum, c) => sum + c.tokenCount, 0) / 400);
  }, 60_000);

  it('cuts in slices exactly as in one go, letting the event loop turn between slices', async () => {
    const texts = [
      Array.from({ length: 2000 }, (_, i) => `Line ${i}: the harbour lights were dim tonight.`).join('\n'),
      'x'.repeat(100_000),
      '東京都は日本の首都です'.repeat(9_000),
      'short',
    ];
    for (const text of texts) {
      let turns = 0;
      const ticker = setInterval(() => (turns += 1), 0);
      const sliced = await chunkTextInSlices(text, { chunkTokens: 200, sliceMs: 1 });
      clearInterval(ticker);
      expect(sliced).toEqual(chunkText(text, { chunkTokens: 200 }));
      if (text.length > 20_000) expect(turns).toBeGreaterThan(0);
    }
  }, 60_000);

  it('handles many code fences and long whitespace runs', () => {
    checkInvariants('```\n\n'.repeat(40_000), 500);
    checkInvariants(' '.repeat(200_000), 500);
    checkInvariants('\n'.repeat(100_000), 50);
    // Runs of sentence marks with no space after them used to be rescanned from every position.
    checkInvariants('.'.repeat(200_000), 500);
    checkInvariants('!?'.repeat(100_000), 500);
  }, 60_000);

  it('keeps blank lines with the line above instead of making one-token pieces of them', () => {
    const chunks = checkInvariants('\n'.repeat(100_000), 500);
    expect(chunks.length).toBeLessThan(100);
    const lines = checkInvariants('first line\n\n\nsecond line\n', 4);
    expect(lines[0]!.text).toBe('first line\n\n\n');
  });

  it('keeps emoji and ZWJ sequences whole across cuts', () => {
    checkInvariants('👩‍👩‍👧‍👦🇵🇹😀'.repeat(2000), 20);
  });

  it('refuses to reassemble a set with a gap or a duplicate', () => {
    expect(() =>
      reassemble([
        { index: 0, text: 'a' },
        { index: 2, text: 'c' },
      ]),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() =>
      reassemble([
        { index: 0, text: 'a' },
        { index: 0, text: 'a' },
        { index: 1, text: 'b' },
      ]),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(reassemble([])).toBe('');
  });
});

describe('countTokens', () => {
  it('counts exactly what js-tiktoken counts for cl100k, special-token text included', () => {
    const reference = new Tiktoken(cl100k);
    const samples = [
      'Hello, world!',
      '<|endoftext|> is text here',
      '東京都は日本の首都です。',
      'def f(x):\n    return x * 2\n',
      '🇵🇹 👩‍👩‍👧‍👦 naïve café',
      '\u0000nul',
      'a'.repeat(300),
      '',
    ];
    for (const text of samples) expect(countTokens(text)).toBe(reference.encode(text, [], []).length);
  });

  it('never throws on special-token text, lone surrogates or NUL', () => {
    for (const text of ['<|endoftext|>', '<|fim_prefix|><|im_start|>', '\ud800', '\udfff\ud800', '\u0000'.repeat(10)]) {
      expect(countTokens(text)).toBeGreaterThan(0);
      expect(
        chunkText(text, { chunkTokens: 1 })
          .map((c) => c.text)
          .join(''),
      ).toBe(text);
    }
  });

  it('bounds long whitespace runs from above', () => {
    const reference = new Tiktoken(cl100k);
    for (const run of [' '.repeat(2_000), '\n'.repeat(2_000)]) {
      expect(countTokens(run)).toBeGreaterThanOrEqual(reference.encode(run, [], []).length);
      expect(countTokens(run)).toBeLessThanOrEqual(reference.encode(run, [], []).length + 10); // ≤ 2 per 400-char cut
    }
  });

  it('bounds long unbroken runs from above instead of spending seconds on them', () => {
    const reference = new Tiktoken(cl100k);
    const run = '東京都は日本の首都です'.repeat(60); // 660 characters without a space
    const exact = reference.encode(run, [], []).length;
    expect(countTokens(run)).toBeGreaterThanOrEqual(exact);
    expect(countTokens(run)).toBeLessThanOrEqual(Math.ceil(exact * 1.02) + 2);
  });
});
