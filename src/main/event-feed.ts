// What both transports (Electron IPC, the loopback WebSocket) push to the renderer: chat
// events, index progress, written summaries, and the app status whenever it changes, polled
// every few seconds and refreshed at once when Chroma or the indexer reports something.
import type { EventName, EventPayloads } from '../shared/contract';
import type { EngineApi } from './engine/api';
import type { ChatEvent } from './engine/chat';
import type { Engine } from './engine/engine';

export type EventSink = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export const STATUS_POLL_MS = 3_000;

/** Starts forwarding; the returned function stops it. */
export function forwardEngineEvents(
  engine: Engine,
  api: EngineApi,
  send: EventSink,
  options: { statusPollMs?: number } = {},
): () => void {
  let stopped = false;
  let lastStatus = '';
  let polling = false;

  const pushStatus = async (): Promise<void> => {
    if (stopped || polling) return;
    polling = true;
    try {
      const status = await api.status();
      const key = JSON.stringify(status);
      if (!stopped && key !== lastStatus) {
        lastStatus = key;
        send('status', status);
      }
    } catch {
      // The engine is closing; the next poll (if any) tries again.
    } finally {
      polling = false;
    }
  };

  const onChat = (event: ChatEvent): void => {
    send('chat', event);
    if (event.type === 'summary-written')
      send('summary-written', { conversationId: event.conversationId, summary: event.summary });
  };
  const onProgress = (progress: EventPayloads['index-progress']): void => send('index-progress', progress);
  const onImport = (progress: EventPayloads['import-progress']): void => send('import-progress', progress);
  const onPull = (pull: EventPayloads['model-pull']): void => {
    send('model-pull', pull);
    if (pull.state !== 'pulling') void pushStatus(); // a model came or a download ended: the installed list changed
  };
  const onChange = (): void => void pushStatus();

  engine.on('chat', onChat);
  engine.on('index-progress', onProgress);
  engine.on('import-progress', onImport);
  engine.on('model-pull', onPull);
  engine.on('chroma-state', onChange);
  engine.on('index-error', onChange);
  const timer = setInterval(onChange, options.statusPollMs ?? STATUS_POLL_MS);
  timer.unref();
  void pushStatus();

  return () => {
    stopped = true;
    clearInterval(timer);
    engine.off('chat', onChat);
    engine.off('index-progress', onProgress);
    engine.off('import-progress', onImport);
    engine.off('model-pull', onPull);
    engine.off('chroma-state', onChange);
    engine.off('index-error', onChange);
  };
}
