// The one shape a failed call rejects with, on both transports: the engine's typed error as
// plain data (an Error would lose its fields crossing contextBridge).
import type { ErrorCode, SerializedError } from '../../../shared/errors';

export interface BridgeError extends SerializedError {
  name: 'MnemoError';
}

export function bridgeError(code: ErrorCode, message: string, details?: Record<string, unknown>): BridgeError {
  return details ? { name: 'MnemoError', code, message, details } : { name: 'MnemoError', code, message };
}

/** An error the engine sent, with every field it carries (the problem codes the UI words too). */
export function toBridgeError(error: SerializedError): BridgeError {
  return { name: 'MnemoError', ...error };
}

export function isBridgeError(value: unknown): value is BridgeError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'MnemoError' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}
