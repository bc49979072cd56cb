// The contract while the profile cannot be opened (see profile/): the start-up problem screen
// asks what is wrong and picks a way out; every other call is refused with the same typed
// error, so a renderer that asks anyway learns why. `onRecovered` lets the host open the engine
// on the repaired folder and bind the full contract in place of this one.
import { methodInputs, type MethodName, type MethodOutputs, type Result } from '../../../shared/contract';
import { MnemoError, toMnemoError } from '../../../shared/errors';
import type { ProfileProblem, RecoveryOutcome } from '../../../shared/profile';
import { inspectProfile, recoverProfile, type ProfilePaths } from '../profile';

export interface RecoveryApiOptions {
  paths: ProfilePaths;
  problem: ProfileProblem;
  nativeBinding?: string;
  /** Opens the engine once the folder is repaired; a failure there is reported to the screen. */
  onRecovered: () => Promise<void>;
}

export class RecoveryApi {
  private problem: ProfileProblem;
  private recovering: Promise<RecoveryOutcome> | null = null;

  constructor(private readonly options: RecoveryApiOptions) {
    this.problem = options.problem;
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
      if (!parsed.success) throw new MnemoError('INVALID_INPUT', `Invalid input for profile.recover: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
      if (!this.problem.actions.includes(parsed.data.action)) throw new MnemoError('INVALID_INPUT', `“${parsed.data.action}” is not a way out of this problem.`);
      // One recovery at a time: a second click waits for the first instead of racing it.
      this.recovering ??= this.recover(parsed.data).finally(() => (this.recovering = null));
      return this.recovering;
    }
    const name = typeof method === 'string' && Object.hasOwn(methodInputs, method) ? (method as MethodName) : 'this call';
    throw new MnemoError('PROFILE_UNAVAILABLE', `Mnemo’s data could not be opened, so ${name} is not available. ${this.problem.message}`, { reason: this.problem.reason });
  }

  private async recover(request: { action: ProfileProblem['actions'][number]; backup?: string | undefined }): Promise<RecoveryOutcome> {
    const { paths, nativeBinding } = this.options;
    const outcome = recoverProfile(paths, { action: request.action, ...(request.backup ? { backup: request.backup } : {}), ...(nativeBinding ? { nativeBinding } : {}) });
    // The result is checked like any start: a backup that is itself damaged leads back here.
    const still = inspectProfile(paths, nativeBinding ? { nativeBinding } : {});
    if (still) {
      this.problem = still;
      throw new MnemoError('PROFILE_UNAVAILABLE', `That did not help: ${still.message}`, { reason: still.reason });
    }
    await this.options.onRecovered();
    return outcome;
  }
}
