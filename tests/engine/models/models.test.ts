// Ollama's models through the contract on a real engine and the test Ollama server over HTTP:
// the list says what each model can do; Settings refuses a model that cannot take its role
// (not installed, wrong kind, Ollama gone) beside the field, every field at once, before
// saving anything; pulls stream progress, can be cancelled and resumed, and fail in words;
// deletes remove the model; a failed embedding switch is reported, not silently reverted.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import type { ModelInfo, ModelPullView, Result, SettingsView } from '../../../src/shared/contract';
import { startEngine, type EngineHarness } from '../../support/engine';

let h: EngineHarness;
let api: EngineApi;

beforeAll(async () => {
  h = await startEngine();
  api = new EngineApi(h.engine);
});
afterAll(() => h.dispose());
beforeEach(() => h.ollama.reset());

const value = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
};

describe('the model list', () => {
  it('lists each installed model with size, family, quantisation and what it can do', async () => {
    const models = value<ModelInfo[]>(await api.dispatch('models.list', {}));
    expect(models.map((m) => [m.name, m.kind, m.supportsTools])).toEqual([
      ['gemma2:2b', 'chat', false],
      ['llama3.2:3b', 'chat', true],
      ['nomic-embed-text:latest', 'embedding', false],
    ]);
    expect(models[1]).toMatchObject({
      family: 'llama',
      parameterSize: '3.2B',
      quantization: 'Q4_K_M',
      capabilities: ['completion', 'tools'],
      sizeBytes: expect.any(Number),
    });
  });
});

describe('choosing models in Settings', () => {
  it('refuses a model that is not installed, beside the field, and saves nothing of the change', async () => {
    const before = value<SettingsView>(await api.dispatch('settings.get', {}));
    const refused = await api.dispatch('settings.update', {
      embeddingModel: 'mxbai-embed-large',
      systemPrompt: 'Be brief.',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        details: {
          issues: ['embeddingModel'],
          fields: {
            embeddingModel:
              'mxbai-embed-large is not installed in Ollama. Download it under "Ollama models" below, or pick an installed model.',
          },
        },
      },
    });
    expect(value<SettingsView>(await api.dispatch('settings.get', {}))).toEqual(before);
    expect(h.engine.services.settings.embeddingSwitch()).toBeNull();
  });

  it('refuses a model of the wrong kind for its role, and names every wrong field at once in words', async () => {
    const refused = await api.dispatch('settings.update', {
      chatModel: 'nomic-embed-text',
      embeddingModel: 'llama3.2:3b',
      contextLength: 100,
      chunkTokens: 99_999,
    });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.details?.fields).toEqual({
      chatModel:
        'nomic-embed-text is an embedding model: it turns text into numbers for search and cannot chat. Pick a chat model.',
      embeddingModel:
        'llama3.2:3b is a chat model and cannot make the embeddings search needs. Pick an embedding model, such as nomic-embed-text.',
      contextLength: 'Enter a whole number of tokens from 512 to 2,000,000.',
      chunkTokens: 'Enter a whole number of tokens from 50 to 4,000.',
    });
    // The message names fields as the form does, never by their internal names.
    expect(refused.error.message).toContain('Context length: Enter a whole number');
    expect(refused.error.message).not.toMatch(/contextLength|chunkTokens|chatModel/);
  });

  it('refuses an embedding model while Ollama cannot be reached, naming the host; a chat model is kept for later', async () => {
    const host = h.engine.internals.ollama.host;
    await h.ollama.stop();
    try {
      expect(await api.dispatch('settings.update', { embeddingModel: 'mxbai-embed-large' })).toMatchObject({
        ok: false,
        error: {
          details: { fields: { embeddingModel: expect.stringContaining(`Ollama is not reachable at ${host}`) } },
        },
      });
      expect(await api.dispatch('settings.update', { chatModel: 'gemma2:2b' })).toMatchObject({
        ok: true,
        value: { chatModel: 'gemma2:2b' },
      });
    } finally {
      await h.ollama.start({ port: Number(new URL(host).port) });
    }
    expect(await api.dispatch('settings.update', { chatModel: 'llama3.2:3b' })).toMatchObject({ ok: true });
  });

  it('switches to an installed embedding model; a switch that fails in the background says why and stops claiming to build', async () => {
    value(await api.dispatch('models.pull', { model: 'mxbai-embed-large' }));
    // The answer already shows the chosen model as the one being switched to (the form keeps it).
    expect(await api.dispatch('settings.update', { embeddingModel: 'mxbai-embed-large' })).toMatchObject({
      ok: true,
      value: { pendingEmbeddingModel: 'mxbai-embed-large' },
    });
    await expect.poll(() => h.engine.services.settings.embeddingModel()).toBe('mxbai-embed-large');
    expect(h.engine.services.settings.embeddingSwitch()).toBeNull();

    // The model disappears between the check and the switch (removed in a terminal).
    h.ollama.removeModel('nomic-embed-text');
    const switching = h.engine.services.settings.save({ embeddingModel: 'nomic-embed-text' });
    await expect(switching).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    h.ollama.reset(); // nomic-embed-text is back
    await h.engine.services.settings.save({ embeddingModel: 'nomic-embed-text' });
    h.ollama.removeModel('nomic-embed-text'); // gone again before the background switch asks for it
    await expect.poll(() => h.engine.services.settings.embeddingSwitch()?.state).toBe('failed');
    expect(h.engine.services.settings.embeddingSwitch()).toMatchObject({
      model: 'nomic-embed-text',
      error: expect.objectContaining({ code: 'MODEL_MISSING', message: expect.stringContaining('not installed') }),
    });
    expect(value<SettingsView>(await api.dispatch('settings.get', {}))).toMatchObject({
      embeddingModel: 'mxbai-embed-large',
      pendingEmbeddingModel: null,
    });
    expect(
      value<{ indexing: { embeddingSwitch: unknown } }>(await api.dispatch('app.status', {})).indexing.embeddingSwitch,
    ).toMatchObject({ state: 'failed', model: 'nomic-embed-text' });
  });
});

describe('pulling and deleting models', () => {
  it('pulls with progress (bytes of all layers, a speed) and the model is listed after', async () => {
    const events: ModelPullView[] = [];
    const listen = (view: ModelPullView) => events.push(view);
    h.engine.on('model-pull', listen);
    h.ollama.scriptPulls({ stepMs: 30, steps: 20 });
    try {
      const done = value<ModelPullView>(await api.dispatch('models.pull', { model: 'qwen2.5:0.5b' }));
      expect(done).toMatchObject({ model: 'qwen2.5:0.5b', state: 'done', error: null });
      expect(done.completedBytes).toBe(done.totalBytes);
    } finally {
      h.engine.off('model-pull', listen);
    }
    const downloading = events.filter((e) => e.state === 'pulling' && e.step === 'downloading');
    expect(downloading.length).toBeGreaterThan(1);
    expect(downloading.map((e) => e.completedBytes)).toEqual(
      [...downloading.map((e) => e.completedBytes)].sort((a, b) => a - b),
    );
    expect(downloading.some((e) => (e.bytesPerSecond ?? 0) > 0)).toBe(true);
    expect(events.at(-1)?.state).toBe('done');
    const models = value<ModelInfo[]>(await api.dispatch('models.list', {}));
    expect(models.find((m) => m.name === 'qwen2.5:0.5b')).toMatchObject({
      kind: 'chat',
      supportsTools: true,
      family: 'qwen2',
    });
  });

  it('cancels a pull (Ollama sees the request end), then a retry resumes from the bytes already fetched', async () => {
    h.ollama.scriptPulls({ stepMs: 50, steps: 40 });
    let firstBytes = 0;
    const cancelled = new Promise<ModelPullView>((resolve) => {
      const listen = (view: ModelPullView) => {
        if (view.step === 'downloading' && view.completedBytes > 0 && firstBytes === 0) {
          firstBytes = view.completedBytes;
          void api
            .dispatch('models.cancelPull', { model: 'phi3:mini' })
            .then((r) => expect(r).toEqual({ ok: true, value: { cancelled: true } }));
        }
        if (view.state !== 'pulling') {
          h.engine.off('model-pull', listen);
          resolve(view);
        }
      };
      h.engine.on('model-pull', listen);
    });
    const answer = value<ModelPullView>(await api.dispatch('models.pull', { model: 'phi3:mini' }));
    expect(answer.state).toBe('cancelled');
    expect((await cancelled).state).toBe('cancelled');
    await expect.poll(() => h.ollama.pullOutcomes).toEqual([{ model: 'phi3:mini', outcome: 'cancelled' }]);
    expect(h.ollama.installedModels()).not.toContain('phi3:mini');
    expect(await api.dispatch('models.cancelPull', { model: 'phi3:mini' })).toEqual({
      ok: true,
      value: { cancelled: false },
    });

    h.ollama.scriptPulls({});
    const retryBytes: number[] = [];
    const listen = (view: ModelPullView) => void (view.step === 'downloading' && retryBytes.push(view.completedBytes));
    h.engine.on('model-pull', listen);
    const retry = value<ModelPullView>(await api.dispatch('models.pull', { model: 'phi3:mini' })).state;
    h.engine.off('model-pull', listen);
    expect(retry).toBe('done');
    expect(retryBytes[0]).toBeGreaterThan(firstBytes); // resumed, not started over
    expect(h.ollama.installedModels()).toContain('phi3:mini');
  });

  it('says in words when a name is unknown or the download breaks off', async () => {
    const unknown = value<ModelPullView>(await api.dispatch('models.pull', { model: 'llama9:400b' }));
    expect(unknown).toMatchObject({
      state: 'failed',
      error: {
        code: 'NOT_FOUND',
        message:
          "Ollama's library has no model called llama9:400b. Check the name, for example llama3.2:3b or nomic-embed-text.",
      },
    });
    h.ollama.scriptPulls({ failAfter: 3 });
    const broken = value<ModelPullView>(await api.dispatch('models.pull', { model: 'phi3:mini' }));
    expect(broken).toMatchObject({
      state: 'failed',
      error: {
        code: 'OLLAMA_ERROR',
        message: expect.stringMatching(
          /^The download of phi3:mini stopped: max retries exceeded.*Retry to continue where it stopped\.$/,
        ),
      },
    });
    expect(broken.completedBytes).toBeGreaterThan(0);
  });

  it('deletes a model from Ollama; deleting one that is gone is a typed error', async () => {
    expect(await api.dispatch('models.delete', { model: 'gemma2:2b' })).toEqual({ ok: true, value: { deleted: true } });
    expect(h.ollama.installedModels()).not.toContain('gemma2:2b');
    expect(value<ModelInfo[]>(await api.dispatch('models.list', {})).map((m) => m.name)).not.toContain('gemma2:2b');
    expect(await api.dispatch('models.delete', { model: 'gemma2:2b' })).toMatchObject({
      ok: false,
      error: { code: 'MODEL_MISSING' },
    });
  });
});
