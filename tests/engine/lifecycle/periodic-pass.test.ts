// The one timer policy of the idle jobs (background summaries, fact extraction): passes on a
// timer, never two at once, and stopping waits for the pass under way and starts no other.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { idleCheckEvery, PeriodicPass } from '../../../src/main/engine/lifecycle';
import { watchUnhandledRejections } from '../../support/faults';

/** A pass that ends when the test says so. */
function heldPasses() {
  const ends: (() => void)[] = [];
  let started = 0;
  const pass = () =>
    new Promise<number>((resolve) => {
      const n = ++started;
      ends.push(() => resolve(n));
    });
  return { pass, started: () => started, endNext: () => ends.shift()?.() };
}

describe('PeriodicPass', () => {
  afterEach(() => vi.useRealTimers());

  it('runs one pass at a time: a call while one runs gets that one', async () => {
    const held = heldPasses();
    const passes = new PeriodicPass(held.pass);
    const first = passes.runOnce();
    expect(passes.runOnce()).toBe(first);
    expect(held.started()).toBe(1);
    held.endNext();
    expect(await first).toBe(1);
    const second = passes.runOnce();
    expect(held.started()).toBe(2);
    held.endNext();
    expect(await second).toBe(2);
  });

  it('passes on the timer; stop waits for the pass under way and no pass starts after it', async () => {
    vi.useFakeTimers();
    const held = heldPasses();
    const passes = new PeriodicPass(held.pass);
    passes.start(1_000);
    passes.start(10); // a second start changes nothing
    await vi.advanceTimersByTimeAsync(999);
    expect(held.started()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(held.started()).toBe(1);
    // The timer fires again while the first pass runs: still one pass.
    await vi.advanceTimersByTimeAsync(3_000);
    expect(held.started()).toBe(1);

    let stopped = false;
    const stopping = passes.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    held.endNext();
    await stopping;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(held.started()).toBe(1);
  });

  it('a pass that fails from the timer is no unhandled rejection, and the next pass still runs', async () => {
    vi.useFakeTimers();
    const rejections = watchUnhandledRejections();
    let calls = 0;
    const passes = new PeriodicPass(() =>
      ++calls === 1 ? Promise.reject(new Error('store unreadable')) : Promise.resolve(),
    );
    passes.start(100);
    await vi.advanceTimersByTimeAsync(200);
    await passes.stop();
    vi.useRealTimers();
    expect(calls).toBe(2);
    expect(await rejections.settled()).toEqual([]);
    rejections.dispose();
  });

  it('looks a quarter of the idle time apart, between every second and every minute', () => {
    expect(idleCheckEvery(600_000)).toBe(60_000);
    expect(idleCheckEvery(8_000)).toBe(2_000);
    expect(idleCheckEvery(100)).toBe(1_000);
  });
});
