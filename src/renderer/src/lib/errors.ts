// Turns whatever a call rejected with into words for people. The bridge rejects with the
// engine's typed error ({ code, message }); anything else is shown as it is.
import type { ErrorCode } from '../../../shared/errors';

export interface UiError {
  code: ErrorCode | 'UNKNOWN';
  message: string;
  details?: Record<string, unknown>;
}

export function toUiError(error: unknown): UiError {
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    const { code, message, details } = error as { code?: unknown; message: string; details?: Record<string, unknown> };
    return {
      code: typeof code === 'string' ? (code as ErrorCode) : 'UNKNOWN',
      message,
      ...(details ? { details } : {}),
    };
  }
  return { code: 'UNKNOWN', message: String(error) };
}

export function errorMessage(error: unknown): string {
  return toUiError(error).message;
}
