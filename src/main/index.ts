// The thin Electron shell: one hardened window and the app lifecycle. Everything the app
// knows lives in src/main/engine; this file only starts it when the app is ready, binds the
// contract to IPC, and closes it (summaries, indexer, Chroma sidecar) when the app quits.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { EngineApi } from './engine/api';
import { RecoveryApi } from './engine/api/recovery-api';
import { resolveEngineConfig } from './engine/config';
import { dataPaths, Engine } from './engine/engine';
import { DisposableStore, toDisposable } from './engine/lifecycle';
import { ProfileKeyring, type KeyProvider } from './engine/keys';
import { keyUnlockProblem, ProfileUnavailableError } from './engine/profile';
import { MnemoError } from '../shared/errors';
import type { ProfileProblem } from '../shared/profile';
import { bindIpc, type IpcBinding } from './ipc';
import { electronKeychain } from './keychain';
import { keepProcessAlive } from './process-guard';

/** How long quitting may spend summarising this session's conversations. */
const QUIT_SUMMARY_MS = 5_000;

const RENDERER_FILE = join(__dirname, '../renderer/index.html');
const DEV_SERVER_URL = process.env['ELECTRON_RENDERER_URL'];

keepProcessAlive();

/**
 * What quitting releases, in reverse order of creation: a contract binding goes before the
 * engine it serves, and the engine summarises this session's conversations as it closes.
 */
const running = new DisposableStore();
let ipc: IpcBinding | null = null;

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Mnemo',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());

  // The renderer may never navigate away or open windows; https links go to the OS browser.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });

  ipc?.attach(window);
  if (DEV_SERVER_URL) void window.loadURL(DEV_SERVER_URL);
  else void window.loadFile(RENDERER_FILE);
  return window;
}

const dataDir = (): string => process.env['MNEMO_DATA_DIR'] ?? app.getPath('userData');

/** Unlocks the profile's key: silently through the keychain, or with the passphrase typed on the start-up screen. */
function unlockKey(passphrase: string | undefined): ProfileKeyring {
  const paths = dataPaths(dataDir());
  return ProfileKeyring.unlock({
    keyPath: paths.key,
    databasePath: paths.database,
    keychain: electronKeychain(),
    ...(passphrase !== undefined ? { passphrase } : {}),
  });
}

async function startEngine(keys: KeyProvider): Promise<Engine> {
  const appRoot = app.getAppPath();
  const nativeBinding = process.env['MNEMO_SQLITE_BINDING'];
  const engine = await Engine.open({
    config: resolveEngineConfig(dataDir()),
    keys,
    chromaLauncherPath: join(appRoot, 'resources', 'chroma-launcher.mjs'),
    chromaResolveFrom: join(appRoot, 'package.json'),
    appVersion: app.getVersion(),
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  running.add(toDisposable(() => engine.close({ summarizeFor: QUIT_SUMMARY_MS })));
  return engine;
}

function bindContract(api: EngineApi | RecoveryApi, opened: Engine | null): IpcBinding {
  ipc?.dispose();
  ipc = bindIpc({
    api,
    engine: opened,
    rendererFileUrl: pathToFileURL(RENDERER_FILE).href,
    ...(DEV_SERVER_URL ? { devServerUrl: DEV_SERVER_URL } : {}),
  });
  return running.add(ipc);
}

/**
 * The start-up problem screen's contract (a damaged or lost file, or a key that needs the
 * passphrase or cannot be found); once the user's choice worked, the full one.
 */
function recoveryContract(problem: ProfileProblem, keys: KeyProvider | null): RecoveryApi {
  const nativeBinding = process.env['MNEMO_SQLITE_BINDING'];
  return new RecoveryApi({
    paths: dataPaths(dataDir()),
    problem,
    keys,
    unlock: unlockKey,
    ...(nativeBinding ? { nativeBinding } : {}),
    onRecovered: async (unlocked) => {
      if (!unlocked) throw new MnemoError('INTERNAL', 'The profile’s key is not unlocked.');
      const engine = await startEngine(unlocked);
      const binding = bindContract(new EngineApi(engine), engine);
      // The renderer reloads itself after a successful recovery; the windows are re-attached first.
      for (const window of BrowserWindow.getAllWindows()) binding.attach(window);
    },
  });
}

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  let keys: KeyProvider | null = null;
  try {
    keys = unlockKey(undefined);
    const engine = await startEngine(keys);
    bindContract(new EngineApi(engine), engine);
  } catch (error) {
    const problem =
      error instanceof ProfileUnavailableError ? error.problem : keyUnlockProblem(error, dataPaths(dataDir()));
    if (!problem) {
      dialog.showErrorBox('Mnemo could not open its data', error instanceof Error ? error.message : String(error));
      app.exit(1);
      return;
    }
    bindContract(recoveryContract(problem, keys), null);
  }
  createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quit: 'no' | 'releasing' | 'released' = 'no';
app.on('before-quit', (event) => {
  if (quit === 'released') return;
  // Held until everything is released, however often quitting is asked for meanwhile.
  event.preventDefault();
  if (quit === 'releasing') return;
  quit = 'releasing';
  void running
    .dispose()
    .catch(() => undefined)
    .finally(() => {
      quit = 'released';
      app.quit();
    });
});
