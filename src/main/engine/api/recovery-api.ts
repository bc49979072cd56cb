// The contract while the profile cannot be opened (see profile/): the start-up problem screen
// asks what is wrong and picks a way out; every other call is refused with the same typed
// error, so a renderer that asks anyway learns why. `onRecovered` lets the host open the engine
// on the repaired folder and bind the full contract in place of this one.
import { methodInputs, type MethodName, type MethodOutputs, type Result } from '../../../shared/contract';
import { MnemoError, toMnemoError } from '../../../shared/errors';
import {
  PASSPHRASE_ACTIONS,
  type ProfileProblem,
  type RecoveryAction,
  type RecoveryOutcome,
} from '../../../shared/profile';
import type { KeyProvider } from '../keys';
import { inspectProfile, keyUnlockProblem, recoverProfile, type ProfilePaths } from '../profile';

export interface RecoveryApiOptions {
  paths: ProfilePaths;
  problem: ProfileProblem;
  nativeBinding?: string;
  /** The profile's key when it was unlocked (the problem is the file's); null when the key is the problem. */
  keys?: KeyProvider | null;
  /** Unlocks the key again, with the passphrase typed on the screen (the shell knows the keychain). */
  unlock?: (passphrase: string | undefined) => KeyProvider;
  /** Opens the engine once the folder is repaired, with the key; a failure there is reported to the screen. */
  onRecovered: (keys: KeyProvider | null) => Promise<void>;
}

interface RecoverInput {
  action: RecoveryAction;
  backup?: string | undefined;
  passphrase?: string | undefined;
}

export class RecoveryApi {
  private problem: ProfileProblem;
  private keys: KeyProvider | null;
  private recovering: Promise<RecoveryOutcome> | null = null;

  constructor(private readonly options: RecoveryApiOptions) {
    this.problem = options.problem;
    this.keys = options.keys ?? null;
  }

  /** Never throws, like EngineApi.dispatch. */
  async dispatch(method: unknown, input: unknown): Promise<Result<unknown>> {
    try {
      return { ok: true, value: await this.run(method, input) };
    } catch (error) {
      return { ok: false, error: toMnemoError(error).toJSON() };
    }
  }

  private async run(method: unknown, input: unknown): Promise<unknown> {
    if (method === 'profile.problem') return this.problem satisfies MethodOutputs['profile.problem'];
    if (method === 'profile.recover') {
      const parsed = methodInputs['profile.recover'].safeParse(input ?? {});
      if (!parsed.success)
        throw new MnemoError(
          'INVALID_INPUT',
          `Invalid input for profile.recover: ${parsed.error.issues[0]?.message ?? 'unknown'}`,
        );
      if (!this.problem.actions.includes(parsed.data.action))
        throw new MnemoError('INVALID_INPUT', `“${parsed.data.action}” is not a way out of this problem.`);
      // One recovery at a time: a second click waits for the first instead of racing it.
      this.recovering ??= this.recover(parsed.data).finally(() => (this.recovering = null));
      return this.recovering;
    }
    const name =
      typeof method === 'string' && Object.hasOwn(methodInputs, method) ? (method as MethodName) : 'this call';
    throw new MnemoError(
      'PROFILE_UNAVAILABLE',
      `Mnemo’s data could not be opened, so ${name} is not available. ${this.problem.message}`,
      { reason: this.problem.reason },
    );
  }

  private async recover(request: RecoverInput): Promise<RecoveryOutcome> {
    const { paths, nativeBinding } = this.options;
    const outcome = this.carryOut(request);
    // The result is checked like any start: a backup that is itself damaged leads back here.
    const still = inspectProfile(paths, {
      key: this.keys?.databaseKey ?? null,
      ...(nativeBinding ? { nativeBinding } : {}),
    });
    if (still) {
      this.problem = still;
      throw new MnemoError('PROFILE_UNAVAILABLE', `That did not help: ${still.message}`, { reason: still.reason });
    }
    await this.options.onRecovered(this.keys);
    return outcome;
  }

  /** Key actions unlock and never touch the files; the others repair the folder. */
  private carryOut(request: RecoverInput): RecoveryOutcome {
    const { paths, nativeBinding } = this.options;
    if (PASSPHRASE_ACTIONS.includes(request.action) || request.action === 'try-again') {
      if (PASSPHRASE_ACTIONS.includes(request.action) && !request.passphrase)
        throw new MnemoError('INVALID_INPUT', 'Type the passphrase first.');
      if (request.action === 'choose-passphrase' && (request.passphrase ?? '').length < 8)
        throw new MnemoError('INVALID_INPUT', 'The passphrase needs at least 8 characters.');
      this.unlockKey(request.passphrase);
      return { action: request.action, setAsidePath: null };
    }
    const key = this.keys?.databaseKey ?? null;
    return recoverProfile(paths, {
      action: request.action,
      key,
      ...(request.backup ? { backup: request.backup } : {}),
      ...(nativeBinding ? { nativeBinding } : {}),
    });
  }

  private unlockKey(passphrase: string | undefined): void {
    if (!this.options.unlock) {
      if (this.keys) return;
      throw new MnemoError('INTERNAL', 'This host cannot unlock the profile’s key.');
    }
    try {
      this.keys = this.options.unlock(passphrase);
    } catch (error) {
      // A wrong passphrase stays on the screen with its own wording; the files are untouched.
      const problem = keyUnlockProblem(error, this.options.paths);
      if (problem) this.problem = problem;
      throw error;
    }
  }
}
