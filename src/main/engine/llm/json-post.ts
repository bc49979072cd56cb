// One JSON request to Ollama over a kept-alive node:http connection, for the embedding call
// that starts every chat turn. Through the `ollama` package it goes by fetch (undici, web
// streams, AbortSignal.any): about 2 ms of this process's CPU per query, much of it after the
// answer is in, spilling into the turn's own work (issue 6 has the figures). The failures are
// the same typed errors the package path gives (see ollama-errors.ts).
import http from 'node:http';
import https from 'node:https';
import type { MnemoError } from '../../../shared/errors';
import { aborted, badResponse, connectionFailure, httpError, serverMessage, timedOut } from './ollama-errors';

export interface JsonPostOptions {
  signal?: AbortSignal;
  /** Named in MODEL_MISSING errors when the server answers 404. */
  model?: string;
}

export class OllamaJsonPost {
  private readonly base: URL;
  private readonly transport: typeof http | typeof https;
  private readonly agent: http.Agent;

  constructor(
    private readonly host: string,
    private readonly timeoutMs: number,
  ) {
    this.base = new URL(host);
    this.transport = this.base.protocol === 'https:' ? https : http;
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets: 4 });
  }

  /** POSTs `body` as JSON and gives the parsed answer, or throws a MnemoError. */
  async post(path: string, body: unknown, options: JsonPostOptions = {}): Promise<unknown> {
    const text = JSON.stringify(body);
    try {
      return await this.send(path, text, options);
    } catch (error) {
      // The server may close an idle kept-alive connection just as a request is written on it:
      // that request never reached it, so sending it once more on a fresh connection is safe.
      if (error instanceof StaleConnection) return this.send(path, text, options);
      throw error;
    }
  }

  /** Closes the kept-alive connections (the host changed, or the engine is closing). */
  close(): void {
    this.agent.destroy();
  }

  private send(path: string, body: string, { signal, model }: JsonPostOptions): Promise<unknown> {
    if (signal?.aborted) return Promise.reject(aborted());
    return new Promise((resolve, reject) => {
      let stopped: MnemoError | null = null;
      const stop = (error: MnemoError) => {
        stopped = error;
        req.destroy(error);
      };
      const onAbort = () => stop(aborted());
      const timer = setTimeout(() => stop(timedOut(this.host, 'request', this.timeoutMs)), this.timeoutMs);
      const settle = (outcome: () => unknown) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        try {
          resolve(outcome());
        } catch (error) {
          reject(error);
        }
      };
      const req = this.transport.request(
        {
          host: this.base.hostname,
          port: this.base.port,
          path: `${this.base.pathname.replace(/\/+$/, '')}${path}`,
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (part: Buffer) => parts.push(part));
          res.on('error', (error) =>
            settle(() => {
              throw stopped ?? badResponse('the connection closed before an answer', { host: this.host }, error);
            }),
          );
          res.on('end', () =>
            settle(() => answerOf(res.statusCode ?? 0, Buffer.concat(parts).toString('utf8'), model)),
          );
        },
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (!stopped && req.reusedSocket && error.code === 'ECONNRESET')
          return settle(() => {
            throw new StaleConnection();
          });
        // Reset on a fresh connection: something answered the connection, then hung up.
        const failure =
          error.code === 'ECONNRESET'
            ? badResponse('the connection closed before an answer', { host: this.host, code: error.code }, error)
            : connectionFailure(this.host, error);
        settle(() => {
          throw stopped ?? failure;
        });
      });
      req.end(body);
    });
  }
}

class StaleConnection extends Error {}

function answerOf(status: number, text: string, model: string | undefined): unknown {
  if (status < 200 || status >= 300) throw httpError(status, serverMessage(text) || `HTTP ${status}`, model);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badResponse('the answer is not JSON', { length: text.length }, error);
  }
}
