// A reproducible synthetic chat history for the bench: a seeded PRNG writes every turn, so the
// same seed always gives the same history. Words follow a Zipf curve over a made-up lexicon
// plus real function words and per-topic words, so FTS5 and the embeddings see something like
// natural text (a few very common terms, a long tail of rare ones), not 100 words repeated.
// Short user turns, medium answers, now and then a long answer that spans several chunks.

/** mulberry32: small, fast, good enough to make reproducible text. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS: Record<string, readonly string[]> = {
  cooking: [
    'recipe',
    'oven',
    'garlic',
    'risotto',
    'basil',
    'dough',
    'simmer',
    'saffron',
    'lentils',
    'marinade',
    'skillet',
    'broth',
    'yeast',
    'paprika',
    'fennel',
  ],
  travel: [
    'flight',
    'Lisbon',
    'itinerary',
    'hostel',
    'passport',
    'ferry',
    'Kyoto',
    'luggage',
    'visa',
    'train',
    'layover',
    'Oslo',
    'museum',
    'booking',
    'hiking',
  ],
  code: [
    'TypeScript',
    'compiler',
    'refactor',
    'database',
    'index',
    'latency',
    'migration',
    'query',
    'cache',
    'deploy',
    'regression',
    'schema',
    'pipeline',
    'benchmark',
    'thread',
  ],
  garden: [
    'tomatoes',
    'compost',
    'seedlings',
    'pruning',
    'aphids',
    'mulch',
    'raspberries',
    'greenhouse',
    'soil',
    'watering',
    'hedge',
    'bulbs',
    'lavender',
    'slugs',
    'trellis',
  ],
  fitness: [
    'marathon',
    'intervals',
    'stretching',
    'cadence',
    'protein',
    'recovery',
    'treadmill',
    'squats',
    'tempo',
    'shoes',
    'physio',
    'hamstring',
    'rowing',
    'sprint',
    'plank',
  ],
  music: [
    'cello',
    'scales',
    'metronome',
    'Radiohead',
    'chords',
    'rehearsal',
    'vinyl',
    'concert',
    'bassline',
    'tuning',
    'Bach',
    'sonata',
    'amplifier',
    'choir',
    'setlist',
  ],
  family: [
    'sister',
    'nephew',
    'birthday',
    'grandmother',
    'wedding',
    'holiday',
    'cousin',
    'anniversary',
    'dinner',
    'visit',
    'toddler',
    'school',
    'uncle',
    'reunion',
    'babysitter',
  ],
  money: [
    'budget',
    'mortgage',
    'savings',
    'invoice',
    'pension',
    'rent',
    'taxes',
    'receipt',
    'spending',
    'insurance',
    'refund',
    'salary',
    'broker',
    'dividend',
    'loan',
  ],
  health: [
    'allergy',
    'dentist',
    'migraine',
    'sleep',
    'vitamins',
    'prescription',
    'clinic',
    'posture',
    'caffeine',
    'therapist',
    'eczema',
    'blood',
    'checkup',
    'inhaler',
    'knee',
  ],
  reading: [
    'novel',
    'chapter',
    'Tolkien',
    'library',
    'poetry',
    'audiobook',
    'Murakami',
    'essay',
    'footnote',
    'paperback',
    'bookclub',
    'memoir',
    'translation',
    'kindle',
    'sequel',
  ],
};
const TOPIC_NAMES = Object.keys(TOPICS);
// Function words make up about half of running English text (FTS5 drops most of them).
const FUNCTION_WORDS = [
  'the',
  'a',
  'and',
  'to',
  'of',
  'I',
  'it',
  'is',
  'that',
  'in',
  'you',
  'we',
  'for',
  'with',
  'on',
  'this',
  'was',
  'but',
  'so',
  'be',
  'have',
  'not',
  'about',
  'just',
  'my',
  'at',
  'or',
  'if',
  'can',
  'would',
  'then',
  'there',
  'they',
  'what',
  'when',
  'how',
  'some',
  'more',
  'again',
  'because',
];
// Common content words, placed near the head of the Zipf curve (about 0.1–0.2% of words each,
// as in English): queries use them too, and they are what makes keyword search work hard.
const COMMON_WORDS = [
  'time',
  'last',
  'said',
  'think',
  'maybe',
  'really',
  'still',
  'next',
  'week',
  'good',
  'need',
  'want',
  'make',
  'going',
  'thing',
  'day',
  'work',
  'pretty',
  'actually',
  'say',
];
const OPENERS = [
  'So',
  'Honestly',
  'By the way',
  'Quick question:',
  'Update:',
  'Okay',
  'Hmm',
  'Right',
  'Thanks!',
  'Good point.',
];
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'ta',
  'vo',
  'shi',
  'dan',
  'el',
  'por',
  'qu',
  'ist',
  'ber',
  'na',
  'ul',
  'fe',
  'gra',
  'tor',
  'zu',
  'mon',
  'ex',
  'ap',
  'lin',
  'os',
];
const LEXICON_SIZE = 12_000;
// Zipf–Mandelbrot weights 1/(rank + q)^s: the offset flattens the head, so the most common
// content word is about 0.3% of all words, not 5% like "the".
const ZIPF_S = 1.05;
const ZIPF_Q = 30;
const COMMON_WORDS_FROM_RANK = 30;

/** Content words (made up, deterministic) and the cumulative Zipf weights to draw them by rank. */
function lexicon(): { words: string[]; cumulative: Float64Array } {
  const random = seededRandom(1234);
  const made = new Set<string>(COMMON_WORDS);
  while (made.size < LEXICON_SIZE) {
    const syllables = 2 + Math.floor(random() * 2);
    let word = '';
    for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    made.add(word);
  }
  const invented = [...made].slice(COMMON_WORDS.length);
  const words = [
    ...invented.slice(0, COMMON_WORDS_FROM_RANK),
    ...COMMON_WORDS,
    ...invented.slice(COMMON_WORDS_FROM_RANK),
  ];
  const cumulative = new Float64Array(LEXICON_SIZE);
  let total = 0;
  for (let rank = 0; rank < LEXICON_SIZE; rank++) cumulative[rank] = total += 1 / (rank + 1 + ZIPF_Q) ** ZIPF_S;
  for (let rank = 0; rank < LEXICON_SIZE; rank++) cumulative[rank]! /= total;
  return { words, cumulative };
}

const LEXICON = lexicon();

export interface SyntheticTurn {
  role: 'user' | 'assistant';
  text: string;
  createdAt: number;
}

export interface SyntheticConversation {
  title: string;
  createdAt: number;
  turns: SyntheticTurn[];
}

export interface HistoryOptions {
  seed?: number;
  messagesPerConversation?: number;
  /** Share of assistant turns that are long answers (600 to ~2,500 words, several chunks). */
  longShare?: number;
  start?: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Draws words and builds sentences from one seeded stream. */
class Writer {
  constructor(private readonly random: () => number) {}

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  /** A word: function word, topic word or a lexicon word drawn by Zipf rank. */
  word(topic: readonly string[]): string {
    const r = this.random();
    if (r < 0.45) return this.pick(FUNCTION_WORDS);
    if (r < 0.55) return this.pick(topic);
    return this.lexiconWord();
  }

  lexiconWord(): string {
    return LEXICON.words[this.zipfRank()]!;
  }

  /** About `words` words in sentences of 6–20 words, in paragraphs for longer texts. */
  text(words: number, topic: readonly string[]): string {
    const out: string[] = [this.pick(OPENERS)];
    let sentence = 1;
    let sentenceLength = 6 + Math.floor(this.random() * 15);
    for (let i = 1; i < words; i++) {
      out.push(this.word(topic));
      if (++sentence >= sentenceLength) {
        const end = this.random() < 0.15 ? '?' : '.';
        out[out.length - 1] += i < words - 1 && this.random() < 0.12 ? `${end}\n\n` : end;
        sentence = 0;
        sentenceLength = 6 + Math.floor(this.random() * 15);
      }
    }
    return `${out.join(' ').replace(/\n\n /g, '\n\n')}${sentence === 0 ? '' : '.'}`;
  }

  private zipfRank(): number {
    const target = this.random();
    let lo = 0;
    let hi = LEXICON_SIZE - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (LEXICON.cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Words in a turn: short user turns, medium answers, a share of long answers. */
function turnLength(role: 'user' | 'assistant', random: () => number, longShare: number): number {
  if (role === 'user') return 4 + Math.floor(random() * random() * 60);
  if (random() < longShare) return 600 + Math.floor(random() * 1900);
  return 10 + Math.floor(random() * 140);
}

/** Yields conversations until `messages` turns are made (the last one may be shorter). */
export function* syntheticHistory(messages: number, options: HistoryOptions = {}): Generator<SyntheticConversation> {
  const random = seededRandom(options.seed ?? 42);
  const writer = new Writer(random);
  const perConversation = options.messagesPerConversation ?? 200;
  const longShare = options.longShare ?? 0.05;
  const start = options.start ?? Date.UTC(2024, 0, 1, 9);
  let made = 0;
  for (let c = 0; made < messages; c++) {
    const topicName = writer.pick(TOPIC_NAMES);
    const createdAt = start + c * DAY;
    const count = Math.min(perConversation, messages - made);
    const turns: SyntheticTurn[] = [];
    for (let t = 0; t < count; t++) {
      const role = t % 2 === 0 ? 'user' : 'assistant';
      // Mostly on the conversation's topic, sometimes drifting to another.
      const topic = TOPICS[random() < 0.8 ? topicName : writer.pick(TOPIC_NAMES)]!;
      turns.push({
        role,
        text: writer.text(turnLength(role, random, longShare), topic),
        createdAt: createdAt + t * MINUTE,
      });
    }
    made += count;
    yield { title: `Bench ${c + 1}: ${topicName}`, createdAt, turns };
  }
}

/** Questions about one topic, for timing retrieval the way a new message would trigger it. */
export function syntheticQueries(count: number, seed = 7): string[] {
  const random = seededRandom(seed);
  const writer = new Writer(random);
  return Array.from({ length: count }, () => {
    const topic = TOPICS[writer.pick(TOPIC_NAMES)]!;
    return `What did we say about the ${writer.pick(topic)} and the ${writer.lexiconWord()} last time?`;
  });
}

/**
 * Text of `tokens` tokens as counted by `count` (within one sentence of it), for the
 * long-message timing. The counter is passed in so this module stays free of engine code.
 */
export function longText(tokens: number, count: (text: string) => number, seed = 11): string {
  const topic = TOPICS.code!;
  let words = Math.ceil(tokens / 1.3);
  let text = '';
  // Two corrections of the words-per-token guess land within a fraction of a percent.
  for (let attempt = 0; attempt < 3; attempt++) {
    text = new Writer(seededRandom(seed)).text(words, topic);
    const got = count(text);
    if (Math.abs(got - tokens) <= tokens * 0.002) break;
    words = Math.max(1, Math.round((words * tokens) / got));
  }
  return text;
}
