// What the engine sends as codes with values is said in every UI language: each code of each
// union is walked (a code added to the union without samples here does not compile), and a key
// missing from a locale, a {{value}} left unfilled or an English sentence in Chinese fails.
import { afterAll, describe, expect, it } from 'vitest';
import { i18n } from '../../src/renderer/src/i18n';
import { reasonText } from '../../src/renderer/src/lib/context-reason';
import { hintWords } from '../../src/renderer/src/lib/health-hint';
import type { ContextReason, ContextReasonCode } from '../../src/shared/context-reasons';
import type { HealthHint, HealthHintId } from '../../src/shared/monitoring';
import type { Problem, ProblemCode } from '../../src/shared/problems';
import { problemText } from '../../src/renderer/src/lib/problem-text';
import { localErrorText } from '../../src/renderer/src/lib/errors';
import { fieldProblems } from '../../src/renderer/src/stores/settings-store';
import { draftReasonText } from '../../src/renderer/src/lib/draft-reason';
import { secretsText } from '../../src/renderer/src/lib/secrets';
import { SECRET_KINDS } from '../../src/shared/secrets';

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
  excerpt: [true, false].flatMap((here): Extract<ContextReason, { code: 'excerpt' }>[] => [
    ...[
      [true, true],
      [true, false],
      [false, true],
      [false, false],
    ].map(([close, words]) => ({ code: 'excerpt' as const, here, close: close!, words: words!, copies: 1 })),
    { code: 'excerpt', here, close: false, words: false, copies: 1, occasion: true },
    { code: 'excerpt', here, close: false, words: false, copies: 1, namedTime: true },
    { code: 'excerpt', here, close: true, words: true, copies: 1, namedTime: true },
  ]),
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

const PROBLEMS: { [C in ProblemCode]: Extract<Problem, { code: C }> } = {
  numberRange: { code: 'numberRange', field: 'idleSummaryMs' },
  hostNotUrl: { code: 'hostNotUrl' },
  hostScheme: { code: 'hostScheme' },
  hostRemote: { code: 'hostRemote', host: 'http://10.0.0.5:11434', hostname: '10.0.0.5:11434' },
  modelEmpty: { code: 'modelEmpty', role: 'embedding' },
  modelNameLong: { code: 'modelNameLong', max: 200 },
  modelHostUnreachable: { code: 'modelHostUnreachable', host: 'http://127.0.0.1:11434', model: 'bge-m3' },
  modelNotInstalled: { code: 'modelNotInstalled', model: 'bge-m3' },
  modelIsEmbedding: { code: 'modelIsEmbedding', model: 'bge-m3' },
  modelCannotChat: { code: 'modelCannotChat', model: 'bge-m3' },
  modelIsChat: { code: 'modelIsChat', model: 'llama3.2' },
  systemPromptLong: { code: 'systemPromptLong', max: 20_000 },
  reserveTooLarge: { code: 'reserveTooLarge', reserve: 4000, window: 4096, max: 3840 },
  chunkTooLarge: { code: 'chunkTooLarge', chunk: 3000, window: 4096, max: 2048 },
  invalidValue: { code: 'invalidValue' },
  memoryEmpty: { code: 'memoryEmpty' },
  memoryTooLong: { code: 'memoryTooLong', max: 4000, length: 5123 },
  importanceRange: { code: 'importanceRange' },
  messageEmpty: { code: 'messageEmpty' },
  messageTooLong: { code: 'messageTooLong', max: 1_000_000, length: 1_200_000 },
  notJson: { code: 'notJson' },
  notAnExport: { code: 'notAnExport' },
  exportTooLarge: { code: 'exportTooLarge', maxMi: 256 },
  exportIncomplete: { code: 'exportIncomplete' },
  exportVersion: { code: 'exportVersion', version: '7', supported: 1 },
  exportDamaged: { code: 'exportDamaged', at: 'messages.3.role', issue: 'Invalid option' },
  importBusy: { code: 'importBusy' },
  importGone: { code: 'importGone' },
  sealedDamaged: { code: 'sealedDamaged' },
  sealedVersion: { code: 'sealedVersion', version: '9' },
  passphraseShort: { code: 'passphraseShort', min: 8 },
  passphraseMustStay: { code: 'passphraseMustStay' },
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
  ...Object.values(PROBLEMS).map((p) => problemText(p as Problem)),
  ...SECRET_KINDS.map((kind) => secretsText([kind])),
  draftReasonText({ code: 'noFact' }),
  draftReasonText({ code: 'modelFailed', error: { code: 'OLLAMA_TIMEOUT', message: 'x', details: { host: 'h' } } }),
];

afterAll(() => i18n.changeLanguage('en'));

describe('engine codes in the UI languages', () => {
  it.each(['en', 'zh-CN'])('%s has a whole sentence for every code, with every value filled', async (language) => {
    const said = await inLanguage(language, sentences);
    for (const text of said) {
      expect(text).not.toMatch(/\{\{|\}\}|undefined|NaN|^(reason|monitoring)\.|\breason\.\w|hint\.\w/);
      expect(text.length).toBeGreaterThan(1);
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

  it('words a refusal by its problem code, beside its field too, and falls back to the English for a code it does not know', async () => {
    const error = {
      code: 'INVALID_INPUT' as const,
      message: 'Not saved. Embedding model: bge-m3 is not installed in Ollama. …',
      details: { fields: { embeddingModel: 'bge-m3 is not installed in Ollama. …', chunkTokens: 'English only.' } },
      fieldProblems: { embeddingModel: PROBLEMS.modelNotInstalled },
    };
    await i18n.changeLanguage('zh-CN');
    expect(fieldProblems(error)).toEqual({
      embeddingModel: 'Ollama 中没有安装 bge-m3。请在下方的“Ollama 模型”中下载它，或选择一个已安装的模型。',
      chunkTokens: 'English only.',
    });
    expect(
      localErrorText({ code: 'INVALID_INPUT', message: 'A memory cannot be empty.', refused: PROBLEMS.memoryEmpty }),
    ).toBe('记忆不能为空。');
    const fromNewer = JSON.parse('{"code":"someday"}') as Problem;
    expect(localErrorText({ code: 'INVALID_INPUT', message: 'Said by a newer engine.', refused: fromNewer })).toBe(
      'Said by a newer engine.',
    );
    expect(
      localErrorText({ code: 'SECRET_DETECTED', message: 'English.', details: { kinds: ['password', 'pin'] } }),
    ).toBe('这似乎包含密码和PIN 码。记忆会被放进提示词。仍然保存吗？');
    await i18n.changeLanguage('en');
    expect(secretsText(['password', 'pin', 'iban'])).toBe('a password, a PIN, and a bank account number (IBAN)');
  });
});
