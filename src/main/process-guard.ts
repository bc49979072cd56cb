// The last line of defence for both hosts of the engine (the Electron main process and
// browser mode's server): a failure nothing caught is logged with its typed code and the app
// stays up, instead of Node ending the process and taking every open conversation with it.
// Engine paths catch their own failures; reaching this handler is a bug to fix, not a design.
import { toMnemoError } from '../shared/errors';

export type FailureLog = (line: string) => void;

/** Installs the handlers; the returned function removes them. */
export function keepProcessAlive(log: FailureLog = (line) => console.error(line)): () => void {
  const onRejection = (reason: unknown): void => log(describe('a background task failed', reason));
  const onException = (error: unknown): void => log(describe('an unexpected error', error));
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

function describe(what: string, value: unknown): string {
  const failure = toMnemoError(value);
  const stack = value instanceof Error && value.stack ? `\n${value.stack}` : '';
  return `Mnemo: ${what} and was caught at the top (${failure.code}): ${failure.message}${stack}`;
}
