// What the engine sends as codes with values is said in every UI language: each code of each
// union is walked (a code added to the union without samples here does not compile), and a key
// missing from a locale, a {{value}} left unfilled or an English sentence in Chinese fails.
import { afterAll, describe, expect, it } from 'vitest';
import { i18n } from '../../src/renderer/src/i18n';
import { reasonText } from '../../src/renderer/src/lib/context-reason';
import { hintWords } from '../../src/renderer/src/lib/health-hint';
import type { ContextReason, ContextReasonCode } from '../../src/shared/context-reasons';
import type { HealthHint, HealthHintId } from '../../src/shared/monitoring';

const REASONS: { [C in ContextReasonCode]: Extract<ContextReason, { code: C }>[] } = {
  system: [{ code: 'system' }],
  tools: [
    { code: 'tools', count: 1 },
    { code: 'tools', count: 3 },
  ],
  user: [{ code: 'user' }],
  corePinned: [{ code: 'corePinned' }],
  recent: [
    { code: 'recent', stopped: false },
    { code: 'recent', stopped: true },
  ],
  summary: (['overflow', 'idle', 'end'] as const).map((trigger) => ({
    code: 'summary',
    firstSeq: 1,
    lastSeq: 1200,
    trigger,
  })),
  memory: [
    { code: 'memory', relevant: false, close: false, words: false },
    { code: 'memory', relevant: true, close: true, words: true },
    { code: 'memory', relevant: true, close: true, words: false },
    { code: 'memory', relevant: true, close: false, words: true },
    { code: 'memory', relevant: true, close: false, words: false },
  ],
  excerpt: [true, false].flatMap((here) =>
    [
      [true, true],
      [true, false],
      [false, true],
      [false, false],
    ].map(([close, words]) => ({ code: 'excerpt' as const, here, close: close!, words: words!, copies: 1 })),
  ),
  neighbour: (['replyToFound', 'questionOfFound', 'turnBeforeFound', 'turnAfterFound'] as const).map((of) => ({
    code: 'neighbour',
    of,
  })),
  partOfMessage: [{ code: 'partOfMessage', part: 2 }],
  recorded: [{ code: 'recorded', text: '' }],
};

const HINTS: { [I in HealthHintId]: Extract<HealthHint, { id: I }>[] } = {
  'prompt-squeezed': [{ id: 'prompt-squeezed', severity: 'warning', share: 0.38 }],
  'chroma-unavailable': [
    { id: 'chroma-unavailable', severity: 'warning', timesToday: 1 },
    { id: 'chroma-unavailable', severity: 'warning', timesToday: 4 },
  ],
  'keyword-only': [{ id: 'keyword-only', severity: 'warning', share: 0.3 }],
  'index-behind': [
    { id: 'index-behind', severity: 'info', backlog: 2000, perMinute: 100 },
    { id: 'index-behind', severity: 'info', backlog: 1000, perMinute: 1000 },
    { id: 'index-behind', severity: 'info', backlog: 600_000, perMinute: 100 },
    { id: 'index-behind', severity: 'warning', backlog: 1500, perMinute: 0 },
  ],
  'slow-embedding': [{ id: 'slow-embedding', severity: 'warning', ms: 1234 }],
  'slow-assembly': [{ id: 'slow-assembly', severity: 'info', ms: 300 }],
  'slow-first-token': [{ id: 'slow-first-token', severity: 'info', ms: 12_000 }],
  'slow-generation': [{ id: 'slow-generation', severity: 'info', tokensPerSecond: 2.5 }],
};

const allReasons = Object.values(REASONS).flat() as ContextReason[];
const allHints = Object.values(HINTS).flat() as HealthHint[];
/** Reasons with their remarks: said several times, out of date. */
const remarked: ContextReason[] = [
  { code: 'excerpt', here: false, close: true, words: false, copies: 30, superseded: true },
  { code: 'neighbour', of: 'replyToFound', superseded: true },
];

async function inLanguage<T>(language: string, say: () => T): Promise<T> {
  await i18n.changeLanguage(language);
  return say();
}

/** Every sentence of every sample, in one language. */
const sentences = () => [
  ...[...allReasons, ...remarked].map(reasonText),
  ...allHints.flatMap((h) => Object.values(hintWords(h))),
];

afterAll(() => i18n.changeLanguage('en'));

describe('engine codes in the UI languages', () => {
  it.each(['en', 'zh-CN'])('%s has a whole sentence for every code, with every value filled', async (language) => {
    const said = await inLanguage(language, sentences);
    for (const text of said) {
      expect(text).not.toMatch(/\{\{|\}\}|undefined|NaN|^(reason|monitoring)\.|\breason\.\w|hint\.\w/);
      expect(text.length).toBeGreaterThan(3);
    }
  });

  it('says each code differently in Chinese, in Chinese', async () => {
    const english = await inLanguage('en', sentences);
    const chinese = await inLanguage('zh-CN', sentences);
    expect(chinese).toHaveLength(english.length);
    chinese.forEach((text, i) => {
      expect(text).not.toBe(english[i]);
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      // Names (Ollama, OLLAMA_KEEP_ALIVE, token, “ollama ps”) may stay; English sentences may not.
      expect(text).not.toMatch(/\b(the|your|and|of|to|is)\b/i);
    });
  });

  it('words reasons as the engine worded them before, in English', async () => {
    await i18n.changeLanguage('en');
    expect(reasonText({ code: 'tools', count: 1 })).toBe(
      'Describes the 1 tool the model may use, sent with every message.',
    );
    expect(reasonText(remarked[0]!)).toBe(
      'From another chat: close in meaning to your message. Said 30 times; the newest is shown. It states an older value that a memory has since replaced.',
    );
    expect(reasonText({ code: 'summary', firstSeq: 1, lastSeq: 1200, trigger: 'idle' })).toBe(
      'A summary of earlier turns of this chat (turns 1 to 1,200), written while the chat was quiet.',
    );
    expect(reasonText({ code: 'recorded', text: 'As it was kept.' })).toBe('As it was kept.');
  });

  it('writes numbers, shares and plurals the way each language does', async () => {
    expect(await inLanguage('en', () => hintWords(HINTS['index-behind'][0]!).message)).toBe(
      'Indexing is 2,000 items behind. At the last hour’s pace (100 a minute) that takes about 20 minutes.',
    );
    expect(await inLanguage('en', () => hintWords(HINTS['chroma-unavailable'][0]!).message)).toBe(
      'The vector index has been unavailable once today.',
    );
    expect(await inLanguage('en', () => hintWords(HINTS['prompt-squeezed'][0]!).message)).toContain('38% of turns');
    expect(await inLanguage('zh-CN', () => hintWords(HINTS['index-behind'][0]!).message)).toBe(
      '索引落后 2,000 项。按过去一小时的速度（每分钟 100 项），大约需要 20 分钟。',
    );
    expect(await inLanguage('zh-CN', () => hintWords(HINTS['slow-first-token'][0]!).message)).toBe(
      '模型需要 12.0 秒才开始回答。',
    );
    expect(await inLanguage('zh-CN', () => reasonText({ code: 'tools', count: 3 }))).toBe(
      '说明模型可以使用的 3 个工具，随每条消息一起发送。',
    );
  });
});
