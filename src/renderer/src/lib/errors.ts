// Turns whatever a call rejected with into words for people. The bridge rejects with the
// engine's typed error ({ code, message, refused? }); anything else is shown as it is. A refusal
// with a problem code (shared/problems.ts) is worded here in the UI's language; otherwise the
// engine's English stays in English, and in another language the error codes a person can meet
// get their translated message (filled from the error's details); every other code keeps the
// engine's text.
import type { ErrorCode } from '../../../shared/errors';
import type { Problem } from '../../../shared/problems';
import { isSecretKind } from '../../../shared/secrets';
import { i18n, t } from '../i18n';
import type en from '../i18n/locales/en.json';
import { problemText } from './problem-text';
import { secretsText } from './secrets';

export interface UiError {
  code: ErrorCode | 'UNKNOWN';
  message: string;
  details?: Record<string, unknown>;
  refused?: Problem;
  fieldProblems?: Partial<Record<string, Problem>>;
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
    const { code, message, details, refused, fieldProblems } = error as Partial<UiError> & { message: string };
    return {
      code: typeof code === 'string' ? code : 'UNKNOWN',
      message,
      ...(details ? { details } : {}),
      ...(refused ? { refused } : {}),
      ...(fieldProblems ? { fieldProblems } : {}),
    };
  }
  return { code: 'UNKNOWN', message: String(error) };
}

export function errorMessage(error: unknown): string {
  return localErrorText(toUiError(error));
}

/** The error in the UI's language: the engine's text in English or for a code without a translation. */
export function localErrorText({ code, message, details, refused }: UiError): string {
  const problem = refused ? problemWords(refused) : null;
  if (problem) return problem;
  if (code === 'UNKNOWN' || i18n.language.startsWith('en')) return message;
  const kinds = details?.kinds;
  if ((code === 'SECRET_DETECTED' || code === 'SECRET_REFUSED') && Array.isArray(kinds) && kinds.length > 0) {
    if (kinds.every(isSecretKind))
      return t(code === 'SECRET_DETECTED' ? 'errors.secretDetectedKinds' : 'errors.secretRefusedKinds', {
        what: secretsText(kinds),
      });
  }
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

/** A problem worded in the UI's language; null for a code this version does not know (a newer engine's). */
export function problemWords(problem: Problem): string | null {
  try {
    const text = problemText(problem);
    return typeof text === 'string' && text.length > 0 ? text : null;
  } catch {
    return null;
  }
}
