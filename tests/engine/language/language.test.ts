// Segmentation and folding for the keyword index, and the query terms made the same way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseForms, fold, foldQuery, indexText, indexWords, wordTerms } from '../../../src/main/engine/language';
import { ftsTerms, toFtsQuery } from '../../../src/main/engine/store';
import { plainSnippet } from '../../../src/main/engine/store/plain-snippet';

describe('indexText', () => {
  it('leaves text that needs neither segmenting nor folding alone (null: the index reads the text itself)', () => {
    for (const text of [
      'Our sailboat is moored at Pier Nine.',
      'café naïve Köln',
      'Привет, мир',
      'مرحبا بالعالم',
      '😀 emoji only',
    ])
      expect(indexText(text), text).toBeNull();
    // ASCII text gets a copy only for its irregular past forms (below).
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary-ascii' }),
        (text) => indexText(text) === (baseForms(text) === text ? null : baseForms(text)),
      ),
    );
  });

  it('puts spaces around each ideograph and between Thai words, and folds letters unicode61 does not', () => {
    expect(indexText('我的女儿叫米娅。')).toBe(' 我 的 女 儿 叫 米 娅 。');
    expect(indexText('Mia是我的女儿')).toBe('Mia 是 我 的 女 儿 ');
    expect(indexText('私の娘はミアです')).toBe(' 私 の 娘 は ミ ア で す ');
    expect(indexText('แมวของฉันชื่อส้ม')).toBe(' แมว ของ ฉัน ชื่อ ส้ม ');
    expect(indexText('Er heißt Jürgen, wohnt in Tromsø')).toBe('Er heisst Jürgen, wohnt in Tromso');
    expect(indexText('ＦＵＬＬ２０２６ ﾐｱ')).toBe('FULL2026  ミ ア ');
  });
});

describe('query terms', () => {
  it('are unchanged for English by segmenting and folding, for any ASCII text', () => {
    expect(ftsTerms("What's the name of Maya's dog?")).toEqual(['name', 'maya', 'dog']);
    expect(toFtsQuery('sailboat pier')).toBe('"sailboat" OR "pier"');
    // What ftsTerms added for other languages is the identity on ASCII: folding is lower-casing, and each word is its one term.
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii' }), (text) => foldQuery(text) === baseForms(text.toLowerCase())),
    );
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9][a-z0-9'_-]*$/),
        (word) => wordTerms(word).length === 1 && wordTerms(word)[0] === word,
      ),
    );
  });

  it('are phrases of characters for CJK words, bigrams where the dictionary knows no word', () => {
    expect(wordTerms('女儿')).toEqual(['女 儿']);
    expect(wordTerms('米娅')).toEqual(['米 娅']);
    expect(wordTerms('米娅几岁')).toEqual(['米 娅', '娅 几', '几 岁']);
    expect(wordTerms('ミア')).toEqual(['ミ ア']);
    expect(wordTerms('mia是我的女儿')).toEqual(['mia', '是', '我 的', '女 儿']);
    expect(toFtsQuery('我的女儿叫米娅')).toBe('"我 的" OR "女 儿" OR "叫 米" OR "米 娅"');
  });

  it('are Thai words by the dictionary, and folded as the index folds', () => {
    expect(ftsTerms('แมวของฉัน')).toEqual(['แมว', 'ของ', 'ฉัน']);
    expect(ftsTerms('Heißt STRAẞE Tromsø')).toEqual(['heisst', 'strasse', 'tromso']);
    expect(fold('ﬁne')).toBe('fine');
  });
});

describe('snippets of segmented text', () => {
  it('mark a CJK word once, in the text as written', () => {
    expect(plainSnippet('我的女儿叫米娅，她今年七岁。', '米娅', ['«', '»'])).toBe('我的女儿叫«米娅»，她今年七岁。');
    expect(plainSnippet('Mein Nachbar heißt Jürgen.', 'heisst', ['[', ']'])).toBe('Mein Nachbar [heißt] Jürgen.');
  });

  it('split the text where the index splits it, at offsets into the text', () => {
    const text = 'Mia是我的女儿 แมวของฉัน';
    for (const w of indexWords(text)) expect(text.slice(w.at, w.at + w.text.length)).toBe(w.text);
    expect(indexWords(text).map((w) => w.text)).toEqual(['Mia', '是', '我', '的', '女', '儿', 'แมว', 'ของ', 'ฉัน']);
  });
});
