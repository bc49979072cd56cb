// A model download's progress ends when the user cancels it or the app closes, through the
// contract on a real engine and the test Ollama server over HTTP: lines the client had already
// read when the cancel came are not reported as progress, and a closing engine reports nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import type { ModelPullView, Result } from '../../../src/shared/contract';
import { startEngine, type EngineHarness } from '../../support/engine';

describe('a model download ends when cancelled or when the app closes', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('after Cancel, lines already received count for nothing: only "cancelled" follows, with the bytes shown at the cancel', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    // Every line up to "writing manifest" arrives in one piece: the client holds them when the cancel comes.
    h.ollama.scriptPulls({ burst: true, steps: 4 });
    const events: ModelPullView[] = [];
    let cancelledAt = -1;
    h.engine.on('model-pull', (view) => {
      events.push(view);
      if (cancelledAt < 0 && view.step === 'downloading') {
        cancelledAt = events.length;
        void api.dispatch('models.cancelPull', { model: 'phi3:mini' });
      }
    });
    const answer = (await api.dispatch('models.pull', { model: 'phi3:mini' })) as Result<ModelPullView>;
    expect(answer).toMatchObject({ ok: true, value: { state: 'cancelled' } });
    expect(cancelledAt).toBeGreaterThan(0);
    // One report follows the cancel: that it ended, with the bytes as they stood when Cancel was pressed.
    const shownAtCancel = events[cancelledAt - 1]!.completedBytes;
    expect(events.slice(cancelledAt).map((e) => [e.state, e.step, e.completedBytes])).toEqual([
      ['cancelled', 'downloading', shownAtCancel],
    ]);
    await expect.poll(() => h!.ollama.pullOutcomes).toEqual([{ model: 'phi3:mini', outcome: 'cancelled' }]);
  });

  it('a download running when the app closes is stopped, and reports nothing once closing began', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    h.ollama.scriptPulls({ stepMs: 50, steps: 200 });
    const events: ModelPullView[] = [];
    let closing = false;
    const afterClose: ModelPullView[] = [];
    h.engine.on('model-pull', (view) => (closing ? afterClose : events).push(view));
    const pulling = api.dispatch('models.pull', { model: 'phi3:mini' }) as Promise<Result<ModelPullView>>;
    await expect.poll(() => events.some((e) => e.step === 'downloading' && e.completedBytes > 0)).toBe(true);

    closing = true;
    await h.engine.close();
    // The pull had ended (and Ollama saw the request go) by the time close finished.
    expect(await pulling).toMatchObject({ ok: true, value: { state: 'cancelled' } });
    await expect.poll(() => h!.ollama.pullOutcomes).toEqual([{ model: 'phi3:mini', outcome: 'cancelled' }]);
    expect(afterClose).toEqual([]);
  });
});
