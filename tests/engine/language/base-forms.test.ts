// Irregular past forms are indexed and searched as their base form, so a question in the present
// ("what did she buy?") finds what was told in the past ("she bought"), which the Porter stemmer
// cannot see. Unit checks of the mapping, then through a real SQLite file: keyword search, the
// retriever's keyword ranking, and History's snippets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseForm, baseForms, foldQuery, indexText } from '../../../src/main/engine/language';
import { ftsTerms, type Store } from '../../../src/main/engine/store';
import { openTestStore, tempDir, testClock } from '../../support/store';

describe('baseForms', () => {
  it('writes irregular past forms and participles as their base form, whatever their case', () => {
    expect(baseForms('We went to Lisbon and bought tiles; Ana had taken the train.')).toBe(
      'We go to Lisbon and buy tiles; Ana had take the train.',
    );
    expect(baseForms('WENT Thought')).toBe('go think');
    expect(baseForm('spoke')).toBe('speak');
  });

  it('leaves regular verbs to the stemmer, the forms of be, have and do, and forms that are verbs themselves', () => {
    // Regular past forms: Porter already makes walked and walk one term.
    expect(baseForms('We walked and talked.')).toBe('We walked and talked.');
    // Function words the keyword query drops anyway: no index copy for them.
    expect(baseForms('It was late, we had dinner, and did the dishes.')).toBe(
      'It was late, we had dinner, and did the dishes.',
    );
    // "saw" and "lay" are verbs of their own (to saw, to lay): mapping them would merge two verbs.
    expect(baseForms('I saw the saw; she lay down.')).toBe('I saw the saw; she lay down.');
  });

  it('changes whole words only, as the index splits them', () => {
    expect(baseForms('Wentworth went2 forgotten-ish 我went')).toBe('Wentworth went2 forget-ish 我went');
  });
});

describe('the keyword index and its queries meet at the base form', () => {
  it('gives an index copy only to text holding an irregular past form', () => {
    expect(indexText('She bought tiles in Porto.')).toBe('She buy tiles in Porto.');
    expect(indexText('She buys tiles in Porto.')).toBeNull();
    // Folding and segmenting still apply, with the base forms.
    expect(indexText('Jürgen went to 东京')).toBe('Jürgen go to  东 京 ');
  });

  it('reads a question in the past or present as the same terms', () => {
    expect(foldQuery('Where did they GO?')).toBe('where did they go?');
    expect(ftsTerms('Where did they go?')).toEqual(['go']);
    expect(ftsTerms('Where they went')).toEqual(['go']);
    expect(ftsTerms('What did Mia buy in Porto?')).toEqual(['mia', 'buy', 'porto']);
  });
});

describe('searching stored text by base form (real SQLite file)', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    dir = tempDir();
    store = openTestStore(dir.path, { now: testClock().now });
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('finds "went" and "bought" by "go" and "buy", keeps the text as written, and highlights the word in it', () => {
    const c = store.conversations.create();
    const trip = store.messages.appendTurn({
      conversationId: c.id,
      role: 'user',
      content: 'In May we went to Porto and bought blue tiles.',
    });
    store.messages.appendTurn({ conversationId: c.id, role: 'user', content: 'The tiles in the kitchen are cracked.' });
    store.messages.appendTurn({ conversationId: c.id, role: 'user', content: 'The weather in May was grey.' });

    const [tripChunk] = store.chunks.forResponse(trip.id);
    expect(tripChunk!.text).toBe('In May we went to Porto and bought blue tiles.');

    // Keyword search (History): the past forms are hits for the base form and highlighted as written.
    expect(store.chunks.search('where did we go').map((h) => h.snippet)).toEqual([
      'In May we «went» to Porto and bought blue tiles.',
    ]);
    expect(store.chunks.search('buy tiles')[0]!.snippet).toBe('In May we went to Porto and «bought» blue «tiles».');

    // The retriever's keyword ranking: the turn naming both the buying and the tiles comes first.
    const ranked = store.chunks.rank('What tiles did we buy?', { limit: 10 });
    expect(ranked.map((h) => h.chunkId)).toEqual([
      tripChunk!.id,
      store.chunks.forResponse(store.messages.list(c.id)[1]!.id)[0]!.id,
    ]);
    expect(store.chunks.rank('buy', { limit: 10 }).map((h) => h.chunkId)).toEqual([tripChunk!.id]);
  });

  it('finds memories by base form too', () => {
    const memory = store.memories.create(
      { content: 'Grew up in Lyon and spoke French at home', category: 'background', importance: 3, source: 'user' },
      'user',
    );
    store.memories.create(
      { content: 'Likes French cinema', category: 'preference', importance: 3, source: 'user' },
      'user',
    );
    expect(store.memories.search('where did they grow up').map((h) => h.memory.id)).toEqual([memory.id]);
    expect(store.memories.search('speak').map((h) => h.memory.id)).toEqual([memory.id]);
  });
});
