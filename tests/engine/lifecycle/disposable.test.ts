// The lifetime vocabulary itself: a DisposableStore releases what it holds last-first, once,
// and a part that fails to release never keeps the others from being released.
import { describe, expect, it } from 'vitest';
import { DisposableStore, DisposalError, toDisposable } from '../../../src/main/engine/lifecycle';

function recorder() {
  const released: string[] = [];
  const part = (name: string, fail = false) =>
    toDisposable(async () => {
      // A real part waits on something before it is gone (a child process, a drain).
      await new Promise((resolve) => setImmediate(resolve));
      released.push(name);
      if (fail) throw new Error(`${name} would not go`);
    });
  return { released, part };
}

describe('DisposableStore', () => {
  it('releases in reverse order of creation, each after the one registered after it is gone', async () => {
    const { released, part } = recorder();
    const store = new DisposableStore();
    for (const name of ['database', 'chroma', 'indexer', 'summaries']) store.add(part(name));
    await store.dispose();
    expect(released).toEqual(['summaries', 'indexer', 'chroma', 'database']);
  });

  it('is idempotent: disposing twice, or while disposal runs, releases each part once', async () => {
    let count = 0;
    const store = new DisposableStore();
    store.add({ dispose: () => void count++ });
    const first = store.dispose();
    const second = store.dispose();
    expect(second).toBe(first);
    await first;
    await store.dispose();
    expect(count).toBe(1);
    expect(store.isDisposed).toBe(true);
  });

  it('keeps releasing past a part that fails, and reports every failure together', async () => {
    const { released, part } = recorder();
    const store = new DisposableStore();
    store.add(part('database'));
    store.add(part('chroma', true));
    store.add(part('indexer'));
    store.add(part('socket', true));
    const failure = await store.dispose().then(
      () => null,
      (error: unknown) => error,
    );
    expect(released).toEqual(['socket', 'indexer', 'chroma', 'database']);
    expect(failure).toBeInstanceOf(DisposalError);
    expect((failure as DisposalError).errors.map((e: Error) => e.message)).toEqual([
      'socket would not go',
      'chroma would not go',
    ]);
  });

  it('releases at once what is registered after it was disposed', async () => {
    const store = new DisposableStore();
    await store.dispose();
    let released = false;
    store.add(toDisposable(() => void (released = true)));
    await expect.poll(() => released).toBe(true);
  });

  it('toDisposable runs its function once however often it is disposed', async () => {
    let count = 0;
    const once = toDisposable(() => void count++);
    await Promise.all([once.dispose(), once.dispose()]);
    await once.dispose();
    expect(count).toBe(1);
  });
});
