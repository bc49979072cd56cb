// `npm run start:web`: the app in an ordinary browser against a real engine, for end-to-end
// tests and for machines without a desktop session. Builds the renderer when out/renderer is
// missing, opens the engine on the desktop app's data folder (or --data DIR / MNEMO_DATA_DIR),
// and serves it on 127.0.0.1 with a per-run token. The data is encrypted with a key that a
// passphrase protects here (typed on the start-up screen, or --passphrase-file): see lib/web-unlock.ts.
//   npm run start:web -- [--data DIR] [--port N] [--ollama URL] [--test-ollama] [--passphrase-file FILE]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EngineApi } from '../src/main/engine/api';
import { RecoveryApi } from '../src/main/engine/api/recovery-api';
import { resolveEngineConfig } from '../src/main/engine/config';
import { dataPaths, Engine } from '../src/main/engine/engine';
import type { KeyProvider } from '../src/main/engine/keys';
import { keyUnlockProblem, ProfileUnavailableError } from '../src/main/engine/profile';
import { MnemoError } from '../src/shared/errors';
import { keepProcessAlive } from '../src/main/process-guard';
import { startWebBinding } from '../src/main/web/ws-server';
import { TestOllamaServer } from '../testkit/ollama-server';
import { webUnlocker } from './lib/web-unlock';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const staticDir = join(root, 'out', 'renderer');

/** The folder Electron's app.getPath('userData') gives the desktop app. */
function desktopDataDir(): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Mnemo');
  if (process.platform === 'win32')
    return join(process.env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Mnemo');
  return join(process.env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'Mnemo');
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      ollama: { type: 'string' },
      'test-ollama': { type: 'boolean', default: false },
      'passphrase-file': { type: 'string' },
    },
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port: ${values.port}`);
  return {
    dataDir: resolve(values.data ?? process.env['MNEMO_DATA_DIR'] ?? desktopDataDir()),
    port,
    ollama: values.ollama,
    testOllama: values['test-ollama'],
    passphraseFile: values['passphrase-file'],
  };
}

function buildRendererIfMissing(): void {
  if (existsSync(join(staticDir, 'index.html'))) return;
  console.log('Building the renderer (once)…');
  const build = spawnSync('npx', ['--no-install', 'electron-vite', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) throw new Error('`electron-vite build` failed.');
}

async function main(): Promise<void> {
  keepProcessAlive();
  const options = parseOptions();
  buildRendererIfMissing();
  mkdirSync(options.dataDir, { recursive: true });

  const testOllama = options.testOllama ? new TestOllamaServer() : null;
  const ollamaHost = testOllama ? await testOllama.start() : options.ollama;
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  let engine: Engine | null = null;
  let savedHost: string | null = null;
  const paths = dataPaths(options.dataDir);
  const unlock = webUnlocker(paths, options.passphraseFile);
  const openEngine = async (keys: KeyProvider): Promise<Engine> => {
    const opened = await Engine.open({ config: resolveEngineConfig(options.dataDir), keys, appVersion: version });
    // A host given on the command line wins over the saved one for this run only (restored on
    // exit): the desktop app must not find a test server's address in its settings afterwards.
    savedHost = opened.internals.settings.get().ollamaHost;
    if (ollamaHost) opened.services.settings.apply({ ollamaHost });
    engine = opened;
    return opened;
  };
  let web: Awaited<ReturnType<typeof startWebBinding>>;
  let keys: KeyProvider | null = null;
  try {
    keys = unlock(undefined);
    const opened = await openEngine(keys);
    web = await startWebBinding({ api: new EngineApi(opened), engine: opened, port: options.port, staticDir });
  } catch (error) {
    // A key that cannot be unlocked and a file that cannot be opened share the start-up problem
    // screen: the page shows it (with a passphrase field where one is wanted) until the way out works.
    const problem = error instanceof ProfileUnavailableError ? error.problem : keyUnlockProblem(error, paths);
    if (!problem) throw error;
    console.log(`Mnemo could not open its data: ${problem.message} Open the page to continue.`);
    const recovery = new RecoveryApi({
      paths,
      problem,
      keys,
      unlock,
      onRecovered: async (unlocked) => {
        if (!unlocked) throw new MnemoError('INTERNAL', 'The profile’s key is not unlocked.');
        const opened = await openEngine(unlocked);
        web.serve(new EngineApi(opened), opened);
      },
    });
    web = await startWebBinding({ api: recovery, engine: null, port: options.port, staticDir });
  }

  console.log(`Data folder: ${options.dataDir}`);
  if (testOllama) console.log(`Test Ollama server: ${testOllama.url}`);
  console.log(`Mnemo is running at ${web.url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: closing Mnemo…`);
    await web.dispose().catch(() => undefined);
    const open: Engine | null = engine;
    if (open) {
      if (ollamaHost && savedHost !== null && open.internals.settings.get().ollamaHost === ollamaHost)
        open.services.settings.apply({ ollamaHost: savedHost });
      await open.close().catch((error: unknown) => console.error('Mnemo: closing the engine failed:', error));
    }
    await testOllama?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`Mnemo could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
