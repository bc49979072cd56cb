// Builds a real Store on a real SQLite file in a temp folder, with the real chunker and a
// deterministic clock and ids so assertions can name them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkText, countTokens } from '../../src/main/engine/chunking';
import { Store, type OpenDatabaseOptions, type StoreDeps } from '../../src/main/engine/store';

/** Every test profile is encrypted, with this fixed key (the app makes a random one per profile). */
export const TEST_KEY = Buffer.from('6d6e656d6f2d746573742d6b65792d303132333435363738396162636465660a', 'hex');

export interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function testClock(start = Date.UTC(2026, 0, 1)): TestClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export function sequentialIds(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(6, '0')}`;
}

export function storeDeps(overrides: Partial<StoreDeps> & { chunkTokens?: number } = {}): StoreDeps {
  const chunkTokens = overrides.chunkTokens ?? 500;
  return {
    now: overrides.now ?? testClock().now,
    newId: overrides.newId ?? sequentialIds(),
    chunk: overrides.chunk ?? ((text) => chunkText(text, { chunkTokens })),
    countTokens: overrides.countTokens ?? countTokens,
  };
}

export function tempDir(label = 'mnemo-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), label));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function openTestStore(
  dir: string,
  deps: Partial<StoreDeps> & { chunkTokens?: number } = {},
  options: OpenDatabaseOptions = {},
): Store {
  return Store.open(join(dir, 'mnemo.sqlite'), storeDeps(deps), { key: TEST_KEY, ...options });
}
