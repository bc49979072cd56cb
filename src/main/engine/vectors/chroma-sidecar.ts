// Runs the Chroma server as a child process on a free 127.0.0.1 port, with its data in the
// app's data folder; waits for its heartbeat; restarts it with back-off when it dies; stops
// it on close. The same code runs under Node (tests, bench) and in Electron's main process
// (ELECTRON_RUN_AS_NODE makes the Electron binary behave as Node for the child).
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { MnemoError } from '../../../shared/errors';

export type SidecarState = 'stopped' | 'starting' | 'ready' | 'restarting';

export interface ChromaSidecarOptions {
  /** Chroma's own data folder. */
  dataDir: string;
  /** 0 picks a free port once; restarts reuse it. */
  port: number;
  startTimeoutMs: number;
  restartBackoffMs: { initial: number; max: number };
  /** resources/chroma-launcher.mjs; the packaged app passes its own location. */
  launcherPath?: string;
  /** A file in the app whose node_modules hold chromadb's bindings (for the packaged app). */
  resolveFrom?: string;
  logger?: (line: string) => void;
}

export interface ChromaSidecarEvents {
  state: [SidecarState];
  restarted: [];
  exit: [{ code: number | null; signal: NodeJS.Signals | null }];
}

const STOP_GRACE_MS = 3_000;
const STDERR_TAIL = 4_000;

export const defaultLauncherPath = (): string => fileURLToPath(new URL('../../../../resources/chroma-launcher.mjs', import.meta.url));

export class ChromaSidecar extends EventEmitter<ChromaSidecarEvents> {
  private child: ChildProcess | null = null;
  private chosenPort: number | null = null;
  private current: SidecarState = 'stopped';
  private stopping = false;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private stderrTail = '';

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

  /** Starts the server and resolves with its URL once its heartbeat answers. */
  async start(): Promise<string> {
    if (this.current === 'ready' && this.url) return this.url;
    this.stopping = false;
    this.chosenPort ??= this.options.port || (await freePort());
    this.setState('starting');
    await this.launch();
    this.failures = 0;
    this.setState('ready');
    return this.url!;
  }

  async isHealthy(): Promise<boolean> {
    if (!this.url) return false;
    try {
      const response = await fetch(`${this.url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(2_000) });
      return response.ok;
    } catch {
      return false;
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after a grace period) and waits until it is gone. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    this.child = null;
    this.setState('stopped');
  }

  private async launch(): Promise<void> {
    const launcher = this.options.launcherPath ?? defaultLauncherPath();
    if (!existsSync(launcher)) {
      throw new MnemoError('CHROMA_START_FAILED', `The Chroma launcher is missing: ${launcher}`, { launcher });
    }
    mkdirSync(this.options.dataDir, { recursive: true });
    this.stderrTail = '';
    const args = [launcher, '--path', this.options.dataDir, '--port', String(this.chosenPort)];
    if (this.options.resolveFrom) args.push('--resolve-from', this.options.resolveFrom);
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', RUST_LOG: process.env['RUST_LOG'] ?? 'error' },
      windowsHide: true,
    });
    this.child = child;
    child.stderr?.on('data', (data: Buffer) => {
      this.stderrTail = (this.stderrTail + data.toString()).slice(-STDERR_TAIL);
      this.options.logger?.(data.toString().trimEnd());
    });
    // The IPC channel only exists so the child notices when we die; never let it keep us alive.
    child.channel?.unref();
    child.unref();
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    try {
      await this.waitForHeartbeat(child);
    } catch (error) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      throw error;
    }
  }

  private async waitForHeartbeat(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + this.options.startTimeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new MnemoError('CHROMA_START_FAILED', `The vector index (Chroma) exited while starting (code ${child.exitCode ?? child.signalCode}).`, {
          stderr: this.stderrTail,
          port: this.chosenPort,
        });
      }
      if (await this.isHealthy()) return;
      await delay(100);
    }
    throw new MnemoError('CHROMA_START_FAILED', `The vector index (Chroma) did not answer within ${this.options.startTimeoutMs} ms.`, {
      stderr: this.stderrTail,
      port: this.chosenPort,
    });
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.emit('exit', { code, signal });
    if (this.stopping || this.current === 'starting') return;
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    this.setState('restarting');
    const { initial, max } = this.options.restartBackoffMs;
    const wait = Math.min(max, initial * 2 ** this.failures);
    this.failures += 1;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopping) return;
      this.launch().then(
        () => {
          this.failures = 0;
          this.setState('ready');
          this.emit('restarted');
        },
        (error: unknown) => {
          this.options.logger?.(`chroma restart failed: ${(error as Error).message}`);
          if (!this.stopping) this.scheduleRestart();
        },
      );
    }, wait);
    this.restartTimer.unref?.();
  }

  private setState(state: SidecarState): void {
    if (this.current === state) return;
    this.current = state;
    this.emit('state', state);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
