// Binds the contract to Electron IPC: one `invoke` channel for calls, one channel for pushed
// events. Calls are accepted only from the app's own windows showing the app's own renderer
// (the built file or the dev server); everything else gets a typed refusal, never the engine.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_CHANNEL, type Result } from '../shared/contract';
import { EngineApi } from './engine/api';
import type { RecoveryApi } from './engine/api/recovery-api';
import type { Engine } from './engine/engine';
import type { Disposable } from './engine/lifecycle';
import { forwardEngineEvents } from './event-feed';

export interface IpcBindingOptions {
  /** The full contract, or only the start-up problem screen's while the profile cannot be opened. */
  api: EngineApi | RecoveryApi;
  /** Null while the profile cannot be opened: no engine, no events. */
  engine: Engine | null;
  /** file:// URL of the built renderer's index.html. */
  rendererFileUrl: string;
  /** The electron-vite dev server, when running in development. */
  devServerUrl?: string;
}

export interface IpcBinding extends Disposable {
  /** Lets this window call the engine and receive its events (until it is destroyed). */
  attach(window: BrowserWindow): void;
  /** Stops answering calls and pushing events; disposing again does nothing (a newer binding keeps its handler). */
  dispose(): void;
}

const FORBIDDEN: Result<never> = {
  ok: false,
  error: {
    code: 'INVALID_INPUT',
    message: 'Forbidden: calls are accepted only from the Mnemo window.',
    details: { reason: 'forbidden' },
  },
};

export function bindIpc(options: IpcBindingOptions): IpcBinding {
  const trusted = new Set<WebContents>();
  const isTrustedUrl = trustedUrlCheck(options.rendererFileUrl, options.devServerUrl);

  const isTrustedSender = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    return trusted.has(event.sender) && frame !== null && frame.parent === null && isTrustedUrl(frame.url);
  };

  ipcMain.handle(IPC_CHANNEL.call, (event, method: unknown, input: unknown) => {
    if (!isTrustedSender(event)) return FORBIDDEN;
    return options.api.dispatch(method, input);
  });

  const { engine, api } = options;
  const stopEvents =
    engine && api instanceof EngineApi
      ? forwardEngineEvents(engine, api, (name, payload) => {
          for (const contents of trusted) {
            if (!contents.isDestroyed()) contents.send(IPC_CHANNEL.event, name, payload);
          }
        })
      : () => undefined;

  let disposed = false;
  return {
    attach(window) {
      const contents = window.webContents;
      trusted.add(contents);
      contents.once('destroyed', () => trusted.delete(contents));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      ipcMain.removeHandler(IPC_CHANNEL.call);
      stopEvents();
      trusted.clear();
    },
  };
}

/** Same document as the built renderer (hash and query aside), or the dev server's origin. */
function trustedUrlCheck(rendererFileUrl: string, devServerUrl: string | undefined): (url: string) => boolean {
  const withoutFragment = (url: string) => url.replace(/[?#].*$/s, '');
  const rendererFile = withoutFragment(rendererFileUrl);
  const devOrigin = devServerUrl ? safeOrigin(devServerUrl) : null;
  return (url) => withoutFragment(url) === rendererFile || (devOrigin !== null && safeOrigin(url) === devOrigin);
}

function safeOrigin(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
