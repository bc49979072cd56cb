// End-to-end tests: the real renderer in Debian's Chromium, served by `npm run start:web`
// against a real engine (SQLite, Chroma sidecar) and the test Ollama server.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  outputDir: 'test-results/e2e-artifacts',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env['MNEMO_CHROMIUM'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    screenshot: 'only-on-failure',
    // The specs find elements by their English names; the UI follows the system's language, so
    // the browser says English unless a spec switches (the language spec does, in Settings).
    locale: 'en-US',
  },
});
