// Test runner for the engine (plain Node) and the renderer's logic. Suites that start real
// servers (Chroma, the test Ollama server) run in forked processes so a crash stays contained.
import { defineConfig } from 'vitest/config';
import { CONDITION_TIMEOUT_MS } from './tests/support/waits';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits on a condition; its 1 s default fails a correct test on a loaded 2-core
    // machine (a title or an index write a few seconds late). A wait that does not settle still fails.
    expect: { poll: { timeout: CONDITION_TIMEOUT_MS } },
    reporters: ['default'],
  },
});
