// Downloads models into the configured Ollama (never another host: the client is the one the
// user's settings allow), one pull per model at a time, with progress (bytes of all layers,
// speed over the last seconds) reported as it changes. Cancel cuts the request, which is how
// Ollama is told to stop; it keeps what it fetched, so pulling again resumes.
import type { ModelPullView } from '../../../shared/contract';
import { MnemoError, toMnemoError } from '../../../shared/errors';
import type { OllamaClient } from '../llm';
import type { PullProgress } from '../llm/types';

export interface ModelPullsOptions {
  /** Read at each pull: the client is replaced when the host changes. */
  ollama: () => OllamaClient;
  now: () => number;
  onProgress: (view: ModelPullView) => void;
}

/** Progress is reported at most this often while bytes arrive (every change of step at once). */
const REPORT_EVERY_MS = 200;
/** The speed is measured over this much recent time. */
const SPEED_WINDOW_MS = 3_000;

interface RunningPull {
  controller: AbortController;
  /** Settles when the pull has ended and said so. */
  ended: Promise<unknown>;
}

export class ModelPulls {
  private readonly running = new Map<string, RunningPull>();
  /** Set once the engine closes: pulls still ending report nothing more. */
  private closed = false;

  constructor(private readonly options: ModelPullsOptions) {}

  /** Pulls `model` to the end; the answer says how it ended (done, failed with why, cancelled). */
  async pull(model: string): Promise<ModelPullView> {
    if (this.running.has(model))
      throw new MnemoError('INVALID_INPUT', `${model} is already being downloaded.`, { model });
    if (this.closed) throw new MnemoError('INTERNAL', 'Mnemo is shutting down.');
    const controller = new AbortController();
    const ended = this.run(model, controller.signal).finally(() => this.running.delete(model));
    this.running.set(model, { controller, ended: ended.catch(() => undefined) });
    return ended;
  }

  /** Stops a running pull of `model`; false when none runs. */
  cancel(model: string): boolean {
    const pull = this.running.get(model);
    pull?.controller.abort();
    return pull !== undefined;
  }

  /** Stops every pull (the engine is closing) and waits for them to end, silently. */
  async dispose(): Promise<void> {
    this.closed = true;
    const pulls = [...this.running.values()];
    for (const pull of pulls) pull.controller.abort();
    await Promise.all(pulls.map((pull) => pull.ended));
  }

  private async run(model: string, signal: AbortSignal): Promise<ModelPullView> {
    const progress = new PullTracker(model, this.options.now);
    try {
      for await (const line of this.options.ollama().pull(model, signal)) {
        // Lines read before the cancel arrive after it: they are not news any more.
        if (signal.aborted) return this.finish(progress.view('cancelled'));
        if (progress.add(line)) this.report(progress.view('pulling'));
      }
      return this.finish(progress.view('done'));
    } catch (error) {
      if (signal.aborted) return this.finish(progress.view('cancelled'));
      return this.finish(progress.view('failed', pullError(model, error)));
    }
  }

  private finish(view: ModelPullView): ModelPullView {
    this.report(view);
    return view;
  }

  private report(view: ModelPullView): void {
    if (!this.closed) this.options.onProgress(view);
  }
}

/** Sums the layers' bytes and measures the speed; says when a report is due. */
class PullTracker {
  private readonly layers = new Map<string, { total: number; completed: number }>();
  private readonly samples: { at: number; bytes: number }[] = [];
  private step: ModelPullView['step'] = 'starting';
  private lastReport = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly model: string,
    private readonly now: () => number,
  ) {}

  /** Takes one line; true when it is worth reporting. */
  add(line: PullProgress): boolean {
    const step = stepOf(line);
    const changed = step !== this.step;
    this.step = step;
    if (line.digest && line.total !== undefined)
      this.layers.set(line.digest, { total: line.total, completed: line.completed ?? 0 });
    const at = this.now();
    this.samples.push({ at, bytes: this.completed() });
    while (this.samples.length > 2 && at - this.samples[0]!.at > SPEED_WINDOW_MS) this.samples.shift();
    if (!changed && at - this.lastReport < REPORT_EVERY_MS) return false;
    this.lastReport = at;
    return true;
  }

  view(state: ModelPullView['state'], error: MnemoError | null = null): ModelPullView {
    return {
      model: this.model,
      state,
      step: this.step,
      completedBytes: this.completed(),
      totalBytes: this.total(),
      bytesPerSecond: this.speed(),
      error: error ? error.toJSON() : null,
    };
  }

  private completed(): number {
    let sum = 0;
    for (const layer of this.layers.values()) sum += layer.completed;
    return sum;
  }

  private total(): number {
    let sum = 0;
    for (const layer of this.layers.values()) sum += layer.total;
    return sum;
  }

  private speed(): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at <= 0) return null;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  }
}

function stepOf(line: PullProgress): ModelPullView['step'] {
  if (line.status === 'pulling manifest') return 'starting';
  if (line.status.startsWith('pulling ') || line.status === 'downloading') return 'downloading';
  if (line.status.startsWith('verifying')) return 'verifying';
  return 'finishing';
}

/** Ollama's words for a name it does not know become ours; other failures keep their code. */
function pullError(model: string, error: unknown): MnemoError {
  const failure = toMnemoError(error);
  const serverMessage = typeof failure.details?.serverMessage === 'string' ? failure.details.serverMessage : '';
  if (/file does not exist|not found/i.test(serverMessage)) {
    return new MnemoError(
      'NOT_FOUND',
      `Ollama's library has no model called ${model}. Check the name, for example llama3.2:3b or nomic-embed-text.`,
      { model, serverMessage },
    );
  }
  if (failure.code === 'OLLAMA_ERROR') {
    return new MnemoError(
      'OLLAMA_ERROR',
      `The download of ${model} stopped: ${serverMessage || failure.message}. Retry to continue where it stopped.`,
      { model, serverMessage },
    );
  }
  return failure;
}
