// The Ollama the engine talks to now. Settings can change its host while Mnemo runs: the old
// client is closed and a new one takes its place, and whoever keeps a client of their own (the
// chat service, the cached model windows) is told once, here, instead of at each change site.
import type { Disposable } from '../lifecycle';
import { OllamaClient } from './ollama-client';

export interface OllamaTimeouts {
  requestTimeoutMs: number;
  streamIdleTimeoutMs: number;
}

export class OllamaConnection implements Disposable {
  private client: OllamaClient;
  private readonly replacedListeners: ((client: OllamaClient) => void)[] = [];

  constructor(
    private readonly timeouts: OllamaTimeouts,
    host: string,
  ) {
    this.client = this.clientFor(host);
  }

  current(): OllamaClient {
    return this.client;
  }

  /** A client of its own for `host`: the caller closes it. */
  clientFor(host: string): OllamaClient {
    return new OllamaClient({ host, ...this.timeouts });
  }

  /** Calls `listener` with each new client after a change of host. */
  onReplaced(listener: (client: OllamaClient) => void): void {
    this.replacedListeners.push(listener);
  }

  /** Talks to `host` from now on (nothing happens when it is the current one). */
  useHost(host: string): void {
    if (host === this.client.host) return;
    this.client.close();
    this.client = this.clientFor(host);
    for (const listener of this.replacedListeners) listener(this.client);
  }

  dispose(): void {
    this.client.close();
  }
}
