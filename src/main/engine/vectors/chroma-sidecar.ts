// Runs the Chroma server as a child process on a 127.0.0.1 port, with its data in the app's
// data folder; waits for its heartbeat; restarts it with back-off when it dies or fails to
// start; stops it on close. The same code runs under Node (tests, bench) and in Electron's main process
// (ELECTRON_RUN_AS_NODE makes the Electron binary behave as Node for the child).
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { MnemoError } from '../../../shared/errors';
import { freePort } from './free-port';

export type SidecarState = 'stopped' | 'starting' | 'ready' | 'not-responding' | 'restarting';

export interface ChromaSidecarOptions {
  /** Chroma's own data folder. */
  dataDir: string;
  /** 0 picks a free port; restarts reuse it until it fails to bind, then pick another. */
  port: number;
  startTimeoutMs: number;
  restartBackoffMs: { initial: number; max: number };
  /** resources/chroma-launcher.mjs; the packaged app passes its own location. */
  launcherPath?: string;
  /** A file in the app whose node_modules hold chromadb's bindings (for the packaged app). */
  resolveFrom?: string;
  /** Heartbeat checks while running; without it a hung server is only noticed by callers' deadlines. */
  healthCheck?: { everyMs: number; timeoutMs: number; missesBeforeRestart: number };
  logger?: (line: string) => void;
}

export interface ChromaSidecarEvents {
  state: [SidecarState];
  restarted: [];
  exit: [{ code: number | null; signal: NodeJS.Signals | null }];
}

const STOP_GRACE_MS = 3_000;
const HEARTBEAT_TIMEOUT_MS = 2_000;
const STDERR_TAIL = 4_000;

export const defaultLauncherPath = (): string =>
  fileURLToPath(new URL('../../../../resources/chroma-launcher.mjs', import.meta.url));

export class ChromaSidecar extends EventEmitter<ChromaSidecarEvents> {
  private child: ChildProcess | null = null;
  private chosenPort: number | null = null;
  private current: SidecarState = 'stopped';
  private stopping = false;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private pendingStart: Promise<string> | null = null;
  private pendingRestart: Promise<void> | null = null;
  private stderrTail = '';
  private healthTimer: NodeJS.Timeout | null = null;
  private missedHeartbeats = 0;

  constructor(private readonly options: ChromaSidecarOptions) {
    super();
  }

  get state(): SidecarState {
    return this.current;
  }

  get port(): number | null {
    return this.chosenPort;
  }

  get url(): string | null {
    return this.chosenPort === null ? null : `http://127.0.0.1:${this.chosenPort}`;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /**
   * Starts the server and resolves with its URL once its heartbeat answers. If that fails it
   * rejects with CHROMA_START_FAILED and keeps retrying in the background ('restarting') until
   * disposed: the app works without Chroma meanwhile. Called while restarting, it retries now.
   */
  start(): Promise<string> {
    if (this.isRunningState() && this.url) return Promise.resolve(this.url);
    if (this.current === 'restarting') return this.retryNow();
    // Two callers racing to start must share one child, not spawn two on the same port.
    this.pendingStart ??= this.firstStart().finally(() => (this.pendingStart = null));
    return this.pendingStart;
  }

  async isHealthy(timeoutMs = HEARTBEAT_TIMEOUT_MS): Promise<boolean> {
    if (!this.url) return false;
    try {
      const response = await fetch(`${this.url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(timeoutMs) });
      return response.ok;
    } catch {
      return false;
    }
  }

  /**
   * Ends this run: stops the server (SIGTERM, then SIGKILL after a grace period) and waits
   * until it is gone. `start()` may launch it again (moving the index back onto disk).
   */
  async dispose(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.stopHealthChecks();
    const child = this.child;
    if (child && isRunning(child)) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    this.child = null;
    this.setState('stopped');
  }

  private async firstStart(): Promise<string> {
    this.stopping = false;
    this.failures = 0;
    this.setState('starting');
    try {
      await this.launch();
    } catch (error) {
      if (this.stopping) this.setState('stopped');
      else this.afterFailedLaunch();
      throw error;
    }
    this.setState('ready');
    return this.url!;
  }

  private async retryNow(): Promise<string> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    await this.restart();
    if (this.current !== 'ready' || !this.url)
      throw new MnemoError('CHROMA_DOWN', 'The vector index (Chroma) was stopped while starting.');
    return this.url;
  }

  /** Spawns one child and waits for its heartbeat; on failure the child is gone when this rejects. */
  private async launch(): Promise<void> {
    const launcher = this.options.launcherPath ?? defaultLauncherPath();
    if (!existsSync(launcher)) {
      throw new MnemoError('CHROMA_START_FAILED', `The Chroma launcher is missing: ${launcher}`, { launcher });
    }
    mkdirSync(this.options.dataDir, { recursive: true });
    this.chosenPort ??= this.options.port || (await freePort());
    if (this.stopping)
      throw new MnemoError('CHROMA_START_FAILED', 'The vector index (Chroma) was stopped while starting.');
    this.stderrTail = '';
    const args = [launcher, '--path', this.options.dataDir, '--port', String(this.chosenPort)];
    if (this.options.resolveFrom) args.push('--resolve-from', this.options.resolveFrom);
    const child = spawn(process.execPath, args, {
      // The IPC channel is how the launcher notices we died (see chroma-launcher.mjs).
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: sidecarEnvironment(process.env),
      windowsHide: true,
    });
    this.child = child;
    // A spawn failure arrives as 'error' (and then 'exit'); unhandled, it would crash the app.
    child.on('error', (error) => (this.stderrTail += `\n${error.message}`));
    child.stderr?.on('data', (data: Buffer) => {
      this.stderrTail = (this.stderrTail + data.toString()).slice(-STDERR_TAIL);
      this.options.logger?.(data.toString().trimEnd());
    });
    // The sidecar must never keep the app alive on its own: an app that exits without dispose()
    // closes the IPC channel, and the launcher follows.
    child.channel?.unref();
    (child.stderr as Socket | null)?.unref();
    child.unref();
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    try {
      await this.waitForHeartbeat(child);
    } catch (error) {
      await killAndWait(child);
      throw error;
    }
  }

  private async waitForHeartbeat(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + this.options.startTimeoutMs;
    for (;;) {
      if (!isRunning(child)) throw this.startFailed(`exited while starting (${exitDescription(child)})`);
      const left = deadline - Date.now();
      if (left <= 0) break;
      // The answer may have raced the child's death; only a live child counts as started.
      if ((await this.isHealthy(Math.min(HEARTBEAT_TIMEOUT_MS, left))) && isRunning(child)) return;
      await delay(Math.min(100, Math.max(0, deadline - Date.now())));
    }
    throw this.startFailed(`did not answer within ${this.options.startTimeoutMs} ms`);
  }

  private startFailed(what: string): MnemoError {
    const reason = this.stderrTail.trim().split('\n').at(-1)?.slice(0, 200);
    return new MnemoError('CHROMA_START_FAILED', `The vector index (Chroma) ${what}${reason ? `: ${reason}` : '.'}`, {
      stderr: this.stderrTail,
      port: this.chosenPort,
    });
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.emit('exit', { code, signal });
    // Only a running server is restarted from here. A child that dies while starting is
    // handled by whoever awaits its launch, so there is never more than one restart chain.
    if (this.stopping || !this.isRunningState()) return;
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    this.stopHealthChecks();
    this.setState('restarting');
    const { initial, max } = this.options.restartBackoffMs;
    const wait = Math.min(max, initial * 2 ** this.failures);
    this.failures += 1;
    this.restartTimer = setTimeout(() => void this.restart().catch(() => undefined), wait);
    this.restartTimer.unref();
  }

  /** One restart attempt; a caller asking while one is under way shares it. */
  private restart(): Promise<void> {
    this.restartTimer = null;
    this.pendingRestart ??= this.launch()
      .then(
        () => {
          if (this.stopping || this.current !== 'restarting') return;
          this.failures = 0;
          this.setState('ready');
          this.emit('restarted');
        },
        (error: unknown) => {
          this.options.logger?.(`chroma restart failed: ${(error as Error).message}`);
          if (!this.stopping && this.current === 'restarting') this.afterFailedLaunch();
          throw error;
        },
      )
      .finally(() => (this.pendingRestart = null));
    return this.pendingRestart;
  }

  private afterFailedLaunch(): void {
    this.child = null;
    // A port we picked ourselves may have been taken by someone else since: pick a fresh one.
    // A configured port is the user's choice and stays.
    if (this.options.port === 0) this.chosenPort = null;
    this.scheduleRestart();
  }

  private setState(state: SidecarState): void {
    if (this.current === state) return;
    this.current = state;
    if (state === 'ready') this.startHealthChecks();
    this.emit('state', state);
  }

  private isRunningState(): boolean {
    return this.current === 'ready' || this.current === 'not-responding';
  }

  /**
   * A server that stops answering (hung, stopped, swapping) keeps its socket open and its
   * process alive, so only asking notices it: one missed heartbeat shows "not responding",
   * a few in a row have the process killed, and the exit handler restarts it.
   */
  private startHealthChecks(): void {
    const check = this.options.healthCheck;
    if (!check || this.healthTimer) return;
    this.missedHeartbeats = 0;
    const next = () => {
      this.healthTimer = setTimeout(
        () => void this.checkHealth(check).finally(() => this.healthTimer && next()),
        check.everyMs,
      );
      this.healthTimer.unref();
    };
    next();
  }

  private stopHealthChecks(): void {
    if (this.healthTimer) clearTimeout(this.healthTimer);
    this.healthTimer = null;
  }

  private async checkHealth(check: NonNullable<ChromaSidecarOptions['healthCheck']>): Promise<void> {
    const child = this.child;
    if (!child || !this.isRunningState()) return;
    const healthy = await this.isHealthy(check.timeoutMs);
    if (this.child !== child || !this.isRunningState()) return;
    if (healthy) {
      this.missedHeartbeats = 0;
      this.setState('ready');
      return;
    }
    this.missedHeartbeats += 1;
    this.setState('not-responding');
    if (this.missedHeartbeats < check.missesBeforeRestart) return;
    this.options.logger?.(`chroma missed ${this.missedHeartbeats} heartbeats: killing it to restart`);
    this.stopHealthChecks();
    // SIGKILL works on a stopped process too; its exit schedules the restart.
    child.kill('SIGKILL');
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function exitDescription(child: ChildProcess): string {
  return child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`;
}

async function killAndWait(child: ChildProcess): Promise<void> {
  if (!isRunning(child) || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The sidecar's environment: the parent's, minus anything that could switch on an exporter
 * (OpenTelemetry's OTEL_* and Chroma's own CHROMA_* settings), with telemetry off by name.
 * The Rust server has no anonymized-telemetry client; the flag says so for any that reads it.
 */
export function sidecarEnvironment(parent: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(parent)) if (!/^(OTEL_|CHROMA_)/i.test(key)) env[key] = value;
  return { ...env, ELECTRON_RUN_AS_NODE: '1', RUST_LOG: parent['RUST_LOG'] ?? 'error', ANONYMIZED_TELEMETRY: 'False' };
}
