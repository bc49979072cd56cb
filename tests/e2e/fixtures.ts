// Starts one Mnemo in browser mode per test file: a fresh data folder, the test Ollama server
// (scriptable from the test), and `scripts/start-web.ts` as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base } from '@playwright/test';
import { TestOllamaServer } from '../../testkit/ollama-server';

export interface MnemoApp {
  url: string;
  ollama: TestOllamaServer;
  dataDir: string;
}

const root = join(import.meta.dirname, '..', '..');
export const screenshotDir = join(root, 'test-results', 'screenshots');

async function startApp(): Promise<{ app: MnemoApp; stop: () => Promise<void> }> {
  const ollama = new TestOllamaServer();
  const ollamaUrl = await ollama.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'mnemo-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'start-web.ts'), '--data', dataDir, '--ollama', ollamaUrl], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('start:web did not print its URL within 60 s')), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /running at (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`start:web exited early (${code})`)));
  });
  return {
    app: { url, ollama, dataDir },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await ollama.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ mnemo: MnemoApp }>({
  // Playwright reads fixture dependencies from the destructuring pattern; this one has none.
  // eslint-disable-next-line no-empty-pattern
  mnemo: async ({}, use) => {
    const { app, stop } = await startApp();
    mkdirSync(screenshotDir, { recursive: true });
    await use(app);
    await stop();
  },
});

export { expect } from '@playwright/test';
