// The last line of defence for both hosts of the engine (the Electron main process and
// browser mode's server): a failure nothing caught is logged with its typed code and the app
// stays up, instead of Node ending the process and taking every open conversation with it.
// Engine paths catch their own failures; reaching this handler is a bug to fix, not a design.
import { toMnemoError } from '../shared/errors';

export type FailureLog = (line: string) => void;

/** Installs the handlers; the returned function removes them. */
export function keepProcessAlive(log: FailureLog = (line) => console.error(line)): () => void {
  // Logging must never feed itself: a log line that fails to be written is not logged again.
  let logging = false;
  const report = (what: string, value: unknown): void => {
    if (logging) return;
    logging = true;
    try {
      log(describe(what, value));
    } catch {
      // Nowhere to write it: the app stays up all the same.
    } finally {
      logging = false;
    }
  };
  const onRejection = (reason: unknown): void => report('a background task failed', reason);
  const onException = (error: unknown): void => report('an unexpected error', error);
  // The terminal or parent that read the app's output went away (a closed shell, an ended test
  // runner): its log lines have nowhere to go, which is no failure of the app. Unheard, each such
  // write error reached the handler above, whose own line failed the same way: a loop that kept a
  // core a quarter busy for as long as the app ran.
  const onStreamError = (error: Error): void => {
    if (!isClosedReader(error)) report('writing its output failed', error);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  process.stdout.on('error', onStreamError);
  process.stderr.on('error', onStreamError);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    process.stdout.off('error', onStreamError);
    process.stderr.off('error', onStreamError);
  };
}

function isClosedReader(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ECONNRESET';
}

function describe(what: string, value: unknown): string {
  const failure = toMnemoError(value);
  const stack = value instanceof Error && value.stack ? `\n${value.stack}` : '';
  return `Mnemo: ${what} and was caught at the top (${failure.code}): ${failure.message}${stack}`;
}
