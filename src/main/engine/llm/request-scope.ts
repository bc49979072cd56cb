// One Ollama request's lifetime: its own abort controller (the `ollama` package's abort()
// would stop every stream of an instance), the caller's AbortSignal, a timeout, and a fetch
// wrapper that turns transport failures, HTTP errors and invalid NDJSON lines into typed
// errors before the package sees them (it would log and skip a bad line, or throw a bare Error).
import { MnemoError } from '../../../shared/errors';
import { aborted, badResponse, connectionFailure, httpError, serverMessage, timedOut } from './ollama-errors';

export type Fetch = typeof fetch;

export interface RequestScopeOptions {
  host: string;
  baseFetch: Fetch;
  signal?: AbortSignal;
  /** 'request': one deadline for the whole exchange. 'stream': an idle deadline the caller re-arms. */
  kind: 'request' | 'stream';
  timeoutMs: number;
  /** Named in MODEL_MISSING errors when the server answers 404. */
  model?: string;
}

export class RequestScope {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timedOut = false;
  private readonly onCallerAbort = () => this.controller.abort();

  constructor(private readonly options: RequestScopeOptions) {
    if (options.signal?.aborted) this.controller.abort();
    options.signal?.addEventListener('abort', this.onCallerAbort, { once: true });
    this.arm();
  }

  /** (Re)starts the deadline; for streams, called while waiting on the server. */
  arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.options.timeoutMs);
  }

  /** Stops the deadline while the caller, not the server, holds things up. */
  disarm(): void {
    clearTimeout(this.timer);
  }

  throwIfStopped(): void {
    if (this.options.signal?.aborted) throw aborted();
  }

  /** Releases the timer and the caller's signal and cancels whatever is still in flight. */
  dispose(): void {
    clearTimeout(this.timer);
    this.options.signal?.removeEventListener('abort', this.onCallerAbort);
    this.controller.abort();
  }

  /** Any failure as a MnemoError; the stop reason (caller abort, timeout) wins over its symptom. */
  toError(error: unknown): MnemoError {
    if (this.options.signal?.aborted) return aborted();
    if (this.timedOut) return timedOut(this.options.host, this.options.kind, this.options.timeoutMs);
    if (error instanceof MnemoError) return error;
    if (this.options.kind === 'stream')
      return badResponse('the reply stream ended before it was complete', undefined, error);
    return badResponse(error instanceof Error ? error.message : String(error), undefined, error);
  }

  /** The fetch handed to the `ollama` package for this request only. */
  readonly fetch: Fetch = async (input, init) => {
    const signal = init?.signal ? AbortSignal.any([init.signal, this.controller.signal]) : this.controller.signal;
    let response: Response;
    try {
      response = await this.options.baseFetch(input, { ...init, signal });
    } catch (error) {
      throw this.controller.signal.aborted ? this.toError(error) : connectionFailure(this.options.host, error);
    }
    if (!response.ok) throw httpError(response.status, await this.errorMessage(response), this.options.model);
    if (this.options.kind !== 'stream' || !response.body) return response;
    return new Response(response.body.pipeThrough(ndjsonGuard()), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  private async errorMessage(response: Response): Promise<string> {
    try {
      return serverMessage(await response.text()) || response.statusText || `HTTP ${response.status}`;
    } catch (error) {
      throw this.toError(error);
    }
  }
}

/**
 * Passes NDJSON through line by line, failing the stream on a line that is not JSON or that
 * carries Ollama's mid-stream `{"error": ...}`, so the package never silently skips either.
 */
function ndjsonGuard(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffer = '';
  /** Forwards one line; false once the stream has been failed. */
  const emit = (line: string, controller: TransformStreamDefaultController<Uint8Array>): boolean => {
    if (line.trim() === '') return true;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      controller.error(badResponse('a line of the reply stream is not JSON', { line: line.slice(0, 200) }, error));
      return false;
    }
    const serverError = (parsed as { error?: unknown } | null)?.error;
    if (typeof serverError === 'string') {
      controller.error(
        new MnemoError('OLLAMA_ERROR', `Ollama reported an error: ${serverError}`, { serverMessage: serverError }),
      );
      return false;
    }
    controller.enqueue(encoder.encode(line + '\n'));
    return true;
  };
  return new TransformStream({
    transform(chunk, controller) {
      buffer += decoder.decode(chunk, { stream: true });
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (!emit(line, controller)) return;
    },
    flush(controller) {
      emit(buffer + decoder.decode(), controller);
    },
  });
}
