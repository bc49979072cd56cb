// Turns whatever a call rejected with into words for people. The bridge rejects with the
// engine's typed error ({ code, message }); anything else is shown as it is. The engine writes
// English; in another language the codes a person can meet get their translated message
// (filled from the error's details), and every other code keeps the engine's text.
import type { ErrorCode } from '../../../shared/errors';
import { i18n, t } from '../i18n';
import type en from '../i18n/locales/en.json';

export interface UiError {
  code: ErrorCode | 'UNKNOWN';
  message: string;
  details?: Record<string, unknown>;
}

type ErrorKey = keyof (typeof en)['errors'];
type Detail = 'host' | 'model';

/**
 * The translated codes: each one's key in the locales (camelCase: i18next reads "_x" at the
 * end of a key as a plural or context suffix) and the details its message is filled from.
 */
const TRANSLATED: Partial<Record<ErrorCode, { key: ErrorKey; needs: readonly Detail[] }>> = {
  OLLAMA_UNREACHABLE: { key: 'ollamaUnreachable', needs: ['host'] },
  OLLAMA_TIMEOUT: { key: 'ollamaTimeout', needs: ['host'] },
  OLLAMA_BAD_RESPONSE: { key: 'ollamaBadResponse', needs: [] },
  MODEL_MISSING: { key: 'modelMissing', needs: ['model'] },
  CHROMA_DOWN: { key: 'chromaDown', needs: [] },
  CHROMA_START_FAILED: { key: 'chromaStartFailed', needs: [] },
  SECRET_DETECTED: { key: 'secretDetected', needs: [] },
  SECRET_REFUSED: { key: 'secretRefused', needs: [] },
  DB_TOO_NEW: { key: 'dbTooNew', needs: [] },
  DB_MIGRATION_FAILED: { key: 'dbMigrationFailed', needs: [] },
  DB_CORRUPT: { key: 'dbCorrupt', needs: [] },
  DISK_FULL: { key: 'diskFull', needs: [] },
  PROFILE_UNAVAILABLE: { key: 'profileUnavailable', needs: [] },
  DB_KEY_MISSING: { key: 'dbKeyMissing', needs: [] },
  DB_KEY_WRONG: { key: 'dbKeyWrong', needs: [] },
  PASSPHRASE_REQUIRED: { key: 'passphraseRequired', needs: [] },
  WRONG_PASSPHRASE: { key: 'wrongPassphrase', needs: [] },
  ABORTED: { key: 'aborted', needs: [] },
};

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
  return localErrorText(toUiError(error));
}

/** The error in the UI's language: the engine's text in English or for a code without a translation. */
export function localErrorText({ code, message, details }: UiError): string {
  if (code === 'UNKNOWN' || i18n.language.startsWith('en')) return message;
  const translated = TRANSLATED[code];
  if (!translated) return message;
  const values: Partial<Record<Detail, string>> = {};
  for (const name of translated.needs) {
    const value = details?.[name];
    if (typeof value !== 'string') return message;
    values[name] = value;
  }
  return t(`errors.${translated.key}`, values);
}
