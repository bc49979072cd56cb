import { describe, expect, it } from 'vitest';
import type { AppStatus, SettingsView } from '../../src/shared/contract';
import type { Conversation } from '../../src/shared/domain';
import { sortConversations, upsertConversation } from '../../src/renderer/src/lib/conversations';
import { toUiError } from '../../src/renderer/src/lib/errors';
import { chatHref, parseRoute } from '../../src/renderer/src/lib/route';
import { settingsPatch, toForm } from '../../src/renderer/src/lib/settings-form';
import { setupProblems } from '../../src/renderer/src/lib/status';

const conv = (id: string, updatedAt: number, pinned = false): Conversation => ({
  id,
  title: id,
  createdAt: 0,
  updatedAt,
  archived: false,
  pinned,
  temporary: false,
  settings: {},
});

const status = (ollama: Partial<AppStatus['ollama']>): AppStatus => ({
  ollama: {
    reachable: true,
    host: 'http://127.0.0.1:11434',
    version: '0.9',
    chatModelInstalled: true,
    embeddingModelInstalled: true,
    error: null,
    ...ollama,
  },
  chroma: { state: 'ready' },
  indexing: { pending: 0, lastError: null, job: null, embeddingSwitch: null },
  dataDir: '/data',
  chatModel: 'llama3.2',
  embeddingModel: 'nomic-embed-text',
  memoryMode: 'tools',
});

describe('conversations order', () => {
  it('puts pinned first, then newest', () => {
    expect(sortConversations([conv('a', 1), conv('b', 3), conv('c', 2, true)]).map((c) => c.id)).toEqual([
      'c',
      'b',
      'a',
    ]);
    expect(upsertConversation([conv('a', 1), conv('b', 3)], conv('a', 5)).map((c) => c.id)).toEqual(['a', 'b']);
  });
});

describe('routes', () => {
  it('round-trips a conversation at a message and defaults to chat', () => {
    expect(parseRoute(chatHref('c/1', 'm 2'))).toEqual({
      view: 'chat',
      conversationId: 'c/1',
      messageId: 'm 2',
      memoryId: null,
    });
    expect(parseRoute('#token=abc').view).toBe('chat');
    expect(parseRoute('#/memory/x')).toMatchObject({ view: 'memory', memoryId: 'x' });
    expect(parseRoute('#/history').view).toBe('history');
  });
});

describe('setupProblems', () => {
  it('says how to start Ollama when it is down', () => {
    const [problem] = setupProblems(status({ reachable: false }));
    expect(problem?.command).toBe('ollama serve');
    expect(problem?.message).toContain('Start it with');
  });

  it('names the exact pull command for missing models', () => {
    const problems = setupProblems(status({ chatModelInstalled: false, embeddingModelInstalled: false }));
    expect(problems.map((p) => p.command)).toEqual(['ollama pull llama3.2', 'ollama pull nomic-embed-text']);
    expect(setupProblems(status({}))).toEqual([]);
    expect(setupProblems(null)).toEqual([]);
  });
});

describe('settingsPatch', () => {
  const current: SettingsView = {
    ollamaHost: 'http://127.0.0.1:11434',
    chatModel: 'llama3.2',
    embeddingModel: 'nomic-embed-text',
    memorySaveMode: 'ask',
    contextLength: null,
    reservedOutputTokens: 1024,
    chunkTokens: 256,
    idleSummaryMs: 300_000,
    metricsRetentionDays: 90,
    metricsMaxTurns: 100_000,
    crossConversationDefault: true,
    systemPrompt: 'Be kind.',
    dataDir: '/data',
    pendingEmbeddingModel: null,
  };

  it('sends only what changed, converting units', () => {
    expect(settingsPatch(toForm(current), current)).toEqual({});
    const form = {
      ...toForm(current),
      contextLength: '8192',
      idleSummarySeconds: '60',
      crossConversationDefault: false,
    };
    expect(settingsPatch(form, current)).toEqual({
      contextLength: 8192,
      idleSummaryMs: 60_000,
      crossConversationDefault: false,
    });
  });

  it('passes non-numbers on as NaN for the form to reject', () => {
    expect(Number.isNaN(settingsPatch({ ...toForm(current), chunkTokens: 'lots' }, current).chunkTokens)).toBe(true);
  });
});

describe('toUiError', () => {
  it('reads the bridge error shape and anything else', () => {
    expect(toUiError({ name: 'MnemoError', code: 'MODEL_MISSING', message: 'pull it' })).toEqual({
      code: 'MODEL_MISSING',
      message: 'pull it',
    });
    expect(toUiError('boom')).toEqual({ code: 'UNKNOWN', message: 'boom' });
  });
});
