// The profile in use: its parts live in one DisposableStore, started in order and released
// backwards (the engine says what the parts are and their order; see Engine.startProfile).
// "Delete all data" ends this profile, removes its files and starts a fresh, empty one in the
// same folder, so whoever holds the engine keeps it.
import { MnemoError } from '../../../shared/errors';
import { removeEngineData } from '../data';
import { DisposableStore, type Disposable } from '../lifecycle';
import type { ProfilePaths } from './inspect';

/** Which background runs a profile starts with. */
export interface ProfileRun {
  indexer: boolean;
  background: boolean;
}

export interface ActiveProfileParts {
  paths: ProfilePaths;
  /** Registers the open database in a new profile: the first part, so the last released. */
  holdDatabase: (profile: DisposableStore) => void;
  /** Starts the profile's parts, each registered in `profile` as it starts. */
  start: (profile: DisposableStore, run: ProfileRun) => Promise<void>;
  /** Opens a new, empty database with a new key in place of the removed one; settings back to defaults. */
  openFresh: () => void;
  /** Stops every reply being written; true once none is left within `timeoutMs`. */
  stopReplies: (timeoutMs: number) => Promise<boolean>;
  /** What runs now, so that a fresh profile runs the same. */
  running: () => ProfileRun;
  /** The engine is closing: nothing may start over. */
  closed: () => boolean;
}

export class ActiveProfile implements Disposable {
  private lifetime: DisposableStore;
  private deleting: Promise<void> | null = null;

  constructor(private readonly parts: ActiveProfileParts) {
    this.lifetime = this.newLifetime();
  }

  start(run: ProfileRun): Promise<void> {
    return this.parts.start(this.lifetime, run);
  }

  /**
   * Deletes everything the engine keeps in the data folder (database with its journals,
   * Chroma's folder, backups) and carries on as a fresh, empty profile in the same place.
   * Replies being written are stopped first. A second call meanwhile waits for the same one.
   */
  deleteAll(): Promise<void> {
    if (this.parts.closed()) return Promise.reject(new MnemoError('INTERNAL', 'Mnemo is shutting down.'));
    this.deleting ??= this.startOver().finally(() => (this.deleting = null));
    return this.deleting;
  }

  /** A start-over under way finishes (or fails) before the profile goes. */
  async dispose(): Promise<void> {
    await this.deleting?.catch(() => undefined);
    await this.lifetime.dispose();
  }

  private newLifetime(): DisposableStore {
    const lifetime = new DisposableStore();
    this.parts.holdDatabase(lifetime);
    return lifetime;
  }

  private async startOver(): Promise<void> {
    if (!(await this.parts.stopReplies(10_000)))
      throw new MnemoError('INTERNAL', 'A reply is still being written; nothing was deleted. Try again in a moment.');
    const run = this.parts.running();
    // Whatever could not be released or removed, the engine must come back up: failures are reported after.
    const failures: unknown[] = [];
    await this.lifetime.dispose().catch((error: unknown) => failures.push(error));
    try {
      removeEngineData(this.parts.paths);
    } catch (error) {
      failures.push(error);
    }
    this.parts.openFresh();
    this.lifetime = this.newLifetime();
    await this.start(run);
    if (failures.length > 0) {
      const what = failures.map((f) => (f instanceof Error ? f.message : String(f))).join('; ');
      throw new MnemoError('INTERNAL', `Some of the data could not be deleted: ${what}`, undefined, {
        cause: failures[0],
      });
    }
  }
}
