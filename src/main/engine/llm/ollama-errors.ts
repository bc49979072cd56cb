// Turns every way an Ollama request can fail into a MnemoError with a code the UI can
// explain. The client never lets a raw Error out; anything unrecognised after a response
// started is treated as a bad response, because that is what it looks like to the user.
import { MnemoError } from '../../../shared/errors';

// Socket codes that mean "something answered, then hung up" rather than "nothing is there".
const CLOSED_CODES = new Set(['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_HEADERS_TIMEOUT', 'HPE_INVALID_CONSTANT']);

export function unreachable(host: string, cause?: unknown): MnemoError {
  return new MnemoError(
    'OLLAMA_UNREACHABLE',
    `Ollama is not reachable at ${host}. Is it running? Start it with \`ollama serve\`.`,
    { host },
    { cause },
  );
}

export function modelMissing(model: string, serverMessage: string): MnemoError {
  return new MnemoError(
    'MODEL_MISSING',
    `The model "${model}" is not installed in Ollama. Install it with \`ollama pull ${model}\`.`,
    {
      model,
      serverMessage,
    },
  );
}

export function timedOut(host: string, kind: 'request' | 'stream', ms: number): MnemoError {
  const message =
    kind === 'request'
      ? `Ollama at ${host} did not answer within ${ms} ms.`
      : `Ollama at ${host} stopped sending the reply (nothing for ${ms} ms).`;
  return new MnemoError('OLLAMA_TIMEOUT', message, { host, timeoutMs: ms, kind });
}

export function aborted(): MnemoError {
  return new MnemoError('ABORTED', 'The request to Ollama was stopped.');
}

export function badResponse(reason: string, details?: Record<string, unknown>, cause?: unknown): MnemoError {
  return new MnemoError('OLLAMA_BAD_RESPONSE', `Ollama sent a response Mnemo could not use: ${reason}.`, details, {
    cause,
  });
}

/** What an error answer's body says: Ollama's `{"error": "..."}`, or the text itself when it is not that. */
export function serverMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: the text itself is the message
  }
  return text.trim();
}

/** A non-2xx answer: 404 on a model means it is not pulled; anything else keeps its status. */
export function httpError(status: number, serverMessage: string, model: string | undefined): MnemoError {
  if (status === 404 && model && /not found/i.test(serverMessage)) return modelMissing(model, serverMessage);
  return new MnemoError('OLLAMA_ERROR', `Ollama answered with an error (${status}): ${serverMessage}`, {
    status,
    serverMessage,
    ...(model ? { model } : {}),
  });
}

/** A fetch that failed before any response arrived (refused, DNS, reset, bad URL...). */
export function connectionFailure(host: string, error: unknown): MnemoError {
  const code = errorCode(error);
  if (code && CLOSED_CODES.has(code))
    return badResponse('the connection closed before an answer', { host, code }, error);
  return unreachable(host, error);
}

/** Node's fetch hides the socket error in `cause`, sometimes inside an AggregateError. */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const record = current as { code?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof record.code === 'string') return record.code;
    if (Array.isArray(record.errors) && record.errors.length > 0) current = record.errors[0];
    else current = record.cause;
  }
  return undefined;
}
