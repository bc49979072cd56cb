// One policy for how long a test waits on a condition (a reply stored, an index caught up): long
// enough for a loaded 2-core machine, where everything runs late, and still a failure when the
// condition never holds. vitest.config.ts gives it to expect.poll; setup hooks, where
// expect.poll is not available, wait with `waitUntil`.
import { vi } from 'vitest';

export const CONDITION_TIMEOUT_MS = 30_000;

/** Resolves once `check` stops throwing (or returns true); fails after CONDITION_TIMEOUT_MS. */
export function waitUntil(check: () => unknown, what: string): Promise<void> {
  return vi.waitFor(
    () => {
      if (check() === false) throw new Error(`still waiting: ${what}`);
    },
    { timeout: CONDITION_TIMEOUT_MS, interval: 20 },
  );
}
