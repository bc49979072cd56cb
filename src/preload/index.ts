// Exposes the typed contract to the sandboxed renderer, and nothing else. No logic here:
// the methods arrive with the IPC contract (src/shared), this file only forwards them.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('mnemo', Object.freeze({ version: 1 }));
