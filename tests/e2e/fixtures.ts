// Starts one Mnemo in browser mode per test: a fresh data folder, the test Ollama server
// (scriptable from the test), and `scripts/start-web.ts` as a child process. A spec can fill
// the data folder first, through the engine's own Store, with
// `test.use({ seed: { write: (store) => … } })`: histories too long to type through the UI.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base } from '@playwright/test';
import { chunkText, countTokens, DEFAULT_CHUNK_TOKENS } from '../../src/main/engine/chunking';
import { Store } from '../../src/main/engine/store';
import { TestOllamaServer, type TestOllamaServerOptions } from '../../testkit/ollama-server';

export interface MnemoApp {
  url: string;
  ollama: TestOllamaServer;
  dataDir: string;
}

/**
 * Data written before the app starts, with the same store (and chunking) the engine uses.
 * (An object, because Playwright would take a bare function for a fixture of its own.)
 */
export interface Seed {
  write: (store: Store) => void;
  /** Runs on the closed data folder before the app starts (to damage the file, add backups…). */
  after?: (dataDir: string) => void;
}

export const root = join(import.meta.dirname, '..', '..');
export const screenshotDir = join(root, 'test-results', 'screenshots');

export function seedDataDir(dataDir: string, seed: Seed): void {
  const store = Store.open(join(dataDir, 'mnemo.sqlite'), {
    now: Date.now,
    newId: randomUUID,
    chunk: (text) => chunkText(text, { chunkTokens: DEFAULT_CHUNK_TOKENS }),
    countTokens,
  });
  try {
    store.transaction(() => seed.write(store));
  } finally {
    store.close();
  }
}

/** The passphrase browser mode is started with (--passphrase-file) unless a spec sets another. */
export const E2E_PASSPHRASE = 'correct horse battery staple';

interface AppStart {
  seed: Seed | null;
  passphrase: string;
  ollamaServer: TestOllamaServerOptions;
  /** How long the start may take: the test's whole budget (its timeout). */
  startTimeoutMs: number;
}

async function startApp({
  seed,
  passphrase,
  ollamaServer,
  startTimeoutMs,
}: AppStart): Promise<{ app: MnemoApp; stop: () => Promise<void> }> {
  const ollama = new TestOllamaServer(ollamaServer);
  const ollamaUrl = await ollama.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'mnemo-e2e-'));
  if (seed) {
    seedDataDir(dataDir, seed);
    seed.after?.(dataDir);
  }
  // Browser mode protects the key with a passphrase; a seeded (plaintext) profile is encrypted at start.
  const passphraseFile = join(mkdtempSync(join(tmpdir(), 'mnemo-e2e-pass-')), 'passphrase');
  writeFileSync(passphraseFile, `${passphrase}\n`, { mode: 0o600 });
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'scripts', 'start-web.ts'),
      '--data',
      dataDir,
      '--ollama',
      ollamaUrl,
      '--passphrase-file',
      passphraseFile,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const removeFiles = () => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(dirname(passphraseFile), { recursive: true, force: true });
  };
  let url: string;
  try {
    url = await appUrl(child, startTimeoutMs);
  } catch (error) {
    // Nothing of a start that failed is left running.
    child.kill('SIGKILL');
    await ollama.stop();
    removeFiles();
    throw error;
  }
  return {
    app: { url, ollama, dataDir },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await ollama.stop();
      removeFiles();
    },
  };
}

/**
 * The URL start:web prints once it is up. The wait is bounded by the test's own budget, not a
 * shorter clock of its own: on a loaded 2-core machine a start can take over a minute.
 */
function appUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`start:web did not print its URL within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /running at (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`start:web exited early (${code})`));
    });
  });
}

export const test = base.extend<{
  seed: Seed | null;
  passphrase: string;
  ollamaServer: TestOllamaServerOptions;
  mnemo: MnemoApp;
}>({
  seed: [null, { option: true }],
  /** How the test Ollama server starts (which models it has installed); an object, as test.use reads an array as [value, options]. */
  ollamaServer: [{}, { option: true }],
  passphrase: [E2E_PASSPHRASE, { option: true }],
  mnemo: async ({ seed, passphrase, ollamaServer }, use, testInfo) => {
    // A timeout of 0 means none: the start then waits up to ten minutes, a hang guard.
    const startTimeoutMs = testInfo.timeout > 0 ? testInfo.timeout : 10 * 60_000;
    const { app, stop } = await startApp({ seed, passphrase, ollamaServer, startTimeoutMs });
    mkdirSync(screenshotDir, { recursive: true });
    await use(app);
    await stop();
  },
});

export { expect } from '@playwright/test';
