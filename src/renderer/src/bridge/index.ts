// The renderer's one way to reach the engine: the preload's `window.mnemo` inside the desktop
// app, or the loopback WebSocket when the same page runs in a browser (`npm run start:web`).
import type { MnemoBridge } from '../../../shared/contract';
import { WebSocketBridge } from './ws-client';

export { WebSocketBridge, type WebSocketBridgeOptions } from './ws-client';
export { bridgeError, isBridgeError, toBridgeError, type BridgeError } from './bridge-error';

const TOKEN_KEY = 'mnemo.token';
let bridge: MnemoBridge | null = null;

export function getBridge(): MnemoBridge {
  bridge ??=
    window.mnemo ??
    new WebSocketBridge({ url: `ws://${window.location.host}/rpc?token=${encodeURIComponent(accessToken())}` });
  return bridge;
}

/** Which transport `getBridge` uses, for the status bar and diagnostics. */
export function bridgeKind(): 'electron' | 'websocket' {
  return window.mnemo ? 'electron' : 'websocket';
}

/**
 * The token from `#token=…`, kept for this tab so a reload or the views' own use of the
 * fragment does not lose it.
 */
function accessToken(): string {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    window.sessionStorage.setItem(TOKEN_KEY, fromHash);
    return fromHash;
  }
  return window.sessionStorage.getItem(TOKEN_KEY) ?? '';
}
