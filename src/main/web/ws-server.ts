// The contract over a loopback WebSocket, so the renderer can run in an ordinary browser
// against a real engine. An adapter like the IPC binding: it serves the built renderer and
// carries `{ id, method, input }` → `{ id, result }` and `{ event, payload }` frames, nothing
// more. Only 127.0.0.1, only the server's own origin, only with this run's random token.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Result } from '../../shared/contract';
import type { SerializedError } from '../../shared/errors';
import { EngineApi } from '../engine/api';
import type { RecoveryApi } from '../engine/api/recovery-api';
import type { Engine } from '../engine/engine';
import type { Disposable } from '../engine/lifecycle';
import { forwardEngineEvents } from '../event-feed';
import { rendererCsp, securityHeaders, staticFileHandler } from './static-files';

export interface WebBindingOptions {
  /** The full contract, or only the start-up problem screen's while the profile cannot be opened. */
  api: EngineApi | RecoveryApi;
  /** Null while the profile cannot be opened: no engine, no events. */
  engine: Engine | null;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built renderer; defaults to ./out/renderer. */
  staticDir?: string;
  /** Defaults to a fresh random token; tests may pass their own. */
  token?: string;
}

export interface WebBinding extends Disposable {
  /** Page URL with the token in its fragment (never sent to the server by the browser). */
  url: string;
  port: number;
  token: string;
  server: Server;
  /** Serves another api from the next connection on (the profile was recovered; the page reloads). */
  serve(api: EngineApi, engine: Engine): void;
  /** Drops every client and stops listening; disposing again waits for the same shutdown. */
  dispose(): Promise<void>;
}

export const RPC_PATH = '/rpc';
/** Largest frame accepted: the contract's biggest input (12 Mi chars) JSON-encoded, with room. */
export const MAX_FRAME_BYTES = 32 * 1024 * 1024;
/**
 * Back-pressure: past this many bytes of answers queued for a client that is not reading, its
 * next calls wait (and past INBOX_PAUSE_BYTES of waiting calls its socket is no longer read)
 * until the queue drains below the low mark. Other clients are not affected.
 */
export const PAUSE_QUEUED_BYTES = 16 * 1024 * 1024;
const RESUME_QUEUED_BYTES = 4 * 1024 * 1024;
const INBOX_PAUSE_BYTES = 64 * 1024 * 1024;
/** Calls of one client being answered at once. */
export const MAX_CALLS_IN_FLIGHT = 8;
/** A client this far behind is dropped, so one stuck tab cannot grow the server without bound. */
export const DROP_QUEUED_BYTES = 64 * 1024 * 1024;
/** How long a socket without a `?token=` may take to send `{ token }` as its first frame. */
const AUTH_TIMEOUT_MS = 5_000;
const POLICY_VIOLATION = 1008;

type Frame = { id: string | number | null; result: Result<unknown> };

export async function startWebBinding(options: WebBindingOptions): Promise<WebBinding> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const staticDir = resolve(options.staticDir ?? 'out/renderer');
  const headers = securityHeaders(rendererCsp(staticDir));
  const serveStatic = staticFileHandler(staticDir, headers);
  let port = 0;
  const ownHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];

  const server = createServer((req, res) => {
    // A foreign Host header means DNS rebinding or a proxy: this server answers only to itself.
    if (!ownHosts().includes(req.headers.host ?? '')) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request');
      return;
    }
    serveStatic(req, res).catch(() => res.destroy());
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  let serving: Pick<WebBindingOptions, 'api' | 'engine'> = { api: options.api, engine: options.engine };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const origin = req.headers.origin ?? '';
    if (
      path !== RPC_PATH ||
      !ownHosts().includes(req.headers.host ?? '') ||
      !ownHosts().some((h) => origin === `http://${h}`)
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const offered = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
    const session = new RpcSession(ws, serving.api, serving.engine, (candidate) => tokensMatch(candidate, token));
    if (offered !== null) session.authenticate(offered);
    else session.awaitTokenFrame();
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;

  let shutdown: Promise<void> | null = null;
  const stopServing = async (): Promise<void> => {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((done) => wss.close(() => done()));
    const closed = new Promise<void>((done) => server.close(() => done()));
    server.closeAllConnections();
    await closed;
  };

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    server,
    serve: (api, engine) => {
      serving = { api, engine };
    },
    dispose: () => (shutdown ??= stopServing()),
  };
}

/** One browser tab's connection: authentication first, then calls and pushed events. */
class RpcSession {
  private authenticated = false;
  private stopEvents: (() => void) | null = null;
  private authTimer: NodeJS.Timeout | null = null;
  /** Bytes handed to the socket and not yet written out to the client. */
  private queuedBytes = 0;
  /** Calls received and not yet started, with their size. */
  private readonly inbox: { data: RawData; isBinary: boolean; bytes: number }[] = [];
  private inboxBytes = 0;
  private inFlight = 0;
  private readingPaused = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly api: EngineApi | RecoveryApi,
    private readonly engine: Engine | null,
    private readonly isToken: (candidate: string) => boolean,
  ) {
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('close', () => this.dispose());
    ws.on('error', () => this.dispose());
  }

  authenticate(candidate: string): void {
    if (!this.isToken(candidate)) return this.refuse('Invalid token');
    this.authenticated = true;
    this.clearAuthTimer();
    if (this.engine && this.api instanceof EngineApi)
      this.stopEvents = forwardEngineEvents(this.engine, this.api, (event, payload) => this.send({ event, payload }));
  }

  awaitTokenFrame(): void {
    this.authTimer = setTimeout(() => this.refuse('Token required'), AUTH_TIMEOUT_MS);
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (!this.authenticated) return void this.onFrame(data, isBinary);
    const bytes = rawLength(data);
    this.inbox.push({ data, isBinary, bytes });
    this.inboxBytes += bytes;
    this.pump();
  }

  /** Starts waiting calls while the client keeps up with the answers. */
  private pump(): void {
    while (
      this.inbox.length > 0 &&
      this.inFlight < MAX_CALLS_IN_FLIGHT &&
      this.queuedBytes < PAUSE_QUEUED_BYTES &&
      this.ws.readyState === WebSocket.OPEN
    ) {
      const next = this.inbox.shift()!;
      this.inboxBytes -= next.bytes;
      this.inFlight += 1;
      void this.onFrame(next.data, next.isBinary).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
    this.updateReading();
  }

  /** Stops reading the socket while this client is far behind, so TCP slows the client itself down. */
  private updateReading(): void {
    const behind = this.inboxBytes > INBOX_PAUSE_BYTES || this.queuedBytes > PAUSE_QUEUED_BYTES;
    const caughtUp = this.inboxBytes < INBOX_PAUSE_BYTES / 2 && this.queuedBytes < RESUME_QUEUED_BYTES;
    if (behind && !this.readingPaused) {
      this.readingPaused = true;
      this.ws.pause();
    } else if (caughtUp && this.readingPaused && this.ws.readyState === WebSocket.OPEN) {
      this.readingPaused = false;
      this.ws.resume();
    }
  }

  private async onFrame(data: RawData, isBinary: boolean): Promise<void> {
    const frame = isBinary ? undefined : parseJson(rawText(data));
    if (!this.authenticated) {
      const candidate = isRecord(frame) && typeof frame['token'] === 'string' ? frame['token'] : '';
      return this.authenticate(candidate);
    }
    if (!isRecord(frame))
      return this.reply({ id: null, result: invalid('A frame is a JSON object: { id, method, input }.') });
    const id = readId(frame['id']);
    if (id === undefined) return this.reply({ id: null, result: invalid('A frame needs an id (string or integer).') });
    if (typeof frame['method'] !== 'string') return this.reply({ id, result: invalid('A frame needs a method name.') });
    this.reply({ id, result: await this.api.dispatch(frame['method'], frame['input']) });
  }

  private reply(frame: Frame): void {
    if (!this.send(frame))
      this.send({
        id: frame.id,
        result: { ok: false, error: { code: 'INTERNAL', message: 'The result could not be encoded.' } },
      });
  }

  /** False when the value cannot be encoded; a closed socket just drops it. */
  private send(value: unknown): boolean {
    let text: string;
    try {
      text = JSON.stringify(value);
    } catch {
      return false;
    }
    if (this.ws.readyState !== WebSocket.OPEN) return true;
    const bytes = Buffer.byteLength(text);
    if (this.queuedBytes + bytes > DROP_QUEUED_BYTES) {
      this.dropTooSlow();
      return true;
    }
    this.queuedBytes += bytes;
    this.ws.send(text, () => this.written(bytes));
    this.updateReading();
    return true;
  }

  private written(bytes: number): void {
    this.queuedBytes -= bytes;
    if (this.queuedBytes < RESUME_QUEUED_BYTES) this.pump();
  }

  /** Closing politely would queue behind megabytes the client is not reading: cut it off. */
  private dropTooSlow(): void {
    this.dispose();
    this.ws.terminate();
  }

  private refuse(reason: string): void {
    this.clearAuthTimer();
    this.ws.close(POLICY_VIOLATION, reason);
  }

  private clearAuthTimer(): void {
    if (this.authTimer) clearTimeout(this.authTimer);
    this.authTimer = null;
  }

  private dispose(): void {
    this.clearAuthTimer();
    this.inbox.length = 0;
    this.inboxBytes = 0;
    this.stopEvents?.();
    this.stopEvents = null;
  }
}

function tokensMatch(candidate: string, token: string): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function invalid(message: string): Result<never> {
  const error: SerializedError = { code: 'INVALID_INPUT', message };
  return { ok: false, error };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, b) => sum + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readId(value: unknown): string | number | undefined {
  if (typeof value === 'string' && value.length > 0 && value.length <= 200) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return undefined;
}
