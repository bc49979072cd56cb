// The contract over the loopback WebSocket served by `npm run start:web`: numbered requests
// with a pending map, pushed events to listeners, reconnection with back-off. A disconnect
// rejects every call in flight with a typed error, so the UI never waits on a dead socket.
import type {
  EventName,
  EventPayloads,
  MethodInput,
  MethodName,
  MethodOutputs,
  MnemoBridge,
  Result,
} from '../../../shared/contract';
import { bridgeError, toBridgeError, type BridgeError } from './bridge-error';

export interface WebSocketBridgeOptions {
  /** ws://host/rpc?token=… */
  url: string;
  backoffMs?: { initial: number; max: number };
  /** For tests: a WebSocket implementation other than the browser's. */
  createSocket?: (url: string) => WebSocket;
}

interface Pending {
  frame: string;
  sent: boolean;
  resolve: (value: unknown) => void;
  reject: (error: BridgeError) => void;
}

/** Close code the server uses for a missing or wrong token: reconnecting cannot help. */
const POLICY_VIOLATION = 1008;

export class WebSocketBridge implements MnemoBridge {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private delay: number;
  private refused = false;
  private readonly backoff: { initial: number; max: number };
  private readonly createSocket: (url: string) => WebSocket;

  constructor(private readonly options: WebSocketBridgeOptions) {
    this.backoff = options.backoffMs ?? { initial: 250, max: 5_000 };
    this.delay = this.backoff.initial;
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.connect();
  }

  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutputs[M]> {
    if (this.refused) return Promise.reject(refusedError());
    const id = this.nextId++;
    return new Promise<MethodOutputs[M]>((resolve, reject) => {
      const entry: Pending = {
        frame: JSON.stringify({ id, method, input }),
        sent: false,
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      this.pending.set(id, entry);
      this.flush();
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (payload: never) => void);
    return () => void set.delete(listener as (payload: never) => void);
  }

  /** Stops reconnecting and rejects whatever is still waiting. */
  close(): void {
    this.refused = true;
    this.socket?.close();
    this.rejectAll(bridgeError('INTERNAL', 'The connection to Mnemo was closed.', { reason: 'closed' }));
  }

  private connect(): void {
    const socket = this.createSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      this.delay = this.backoff.initial;
      this.flush();
    };
    socket.onmessage = (message) => this.onFrame(message.data);
    // A failed connection is reported again as a close, which is where it is handled.
    socket.onerror = () => undefined;
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (event.code === POLICY_VIOLATION) {
        this.refused = true;
        this.rejectAll(refusedError());
        return;
      }
      this.rejectAll(
        bridgeError('INTERNAL', 'The connection to Mnemo was lost; reconnecting.', { reason: 'disconnected' }),
      );
      if (!this.refused) this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    const wait = this.delay;
    this.delay = Math.min(this.delay * 2, this.backoff.max);
    setTimeout(() => {
      if (!this.refused) this.connect();
    }, wait);
  }

  private flush(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== socket.OPEN) return;
    for (const entry of this.pending.values()) {
      if (entry.sent) continue;
      socket.send(entry.frame);
      entry.sent = true;
    }
  }

  private onFrame(data: unknown): void {
    let frame: { id?: unknown; result?: Result<unknown>; event?: EventName; payload?: unknown };
    try {
      frame = JSON.parse(String(data)) as typeof frame;
    } catch {
      return;
    }
    if (typeof frame.event === 'string') {
      for (const listener of this.listeners.get(frame.event) ?? []) listener(frame.payload as never);
      return;
    }
    const entry = typeof frame.id === 'number' ? this.pending.get(frame.id) : undefined;
    if (!entry || !frame.result) return;
    this.pending.delete(frame.id as number);
    if (frame.result.ok) entry.resolve(frame.result.value);
    else entry.reject(toBridgeError(frame.result.error));
  }

  private rejectAll(error: BridgeError): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) entry.reject(error);
  }
}

function refusedError(): BridgeError {
  return bridgeError(
    'INTERNAL',
    'Mnemo refused this page: open the address `npm run start:web` printed (it carries the access token).',
    { reason: 'unauthorized' },
  );
}
