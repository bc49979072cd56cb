// `window.mnemo` exists when the page runs inside the desktop app (the preload exposes it).
import type { MnemoBridge } from '../../../shared/contract';

declare global {
  interface Window {
    mnemo?: MnemoBridge;
  }
}

export {};
