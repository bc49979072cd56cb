// Streams one /api/pull answer the way Ollama does: "pulling manifest", then the model's layers
// with `digest`, `total` and a growing `completed`, then "verifying sha256 digest", "writing
// manifest" and "success". A client that disconnects cancels the pull; the bytes already
// fetched are kept, so pulling again resumes, as in Ollama. An unknown name gets Ollama's
// error line. Pacing and failures are set by the test (see PullScript).
import type { ServerResponse } from 'node:http';
import { canonicalModelName, digestOf, sizeOf, type TestModel } from './models';

export interface PullScript {
  /** Wait between progress lines (default 5 ms): a test that cancels sets it higher. */
  stepMs?: number;
  /** Progress lines for the weights layer (default 20). */
  steps?: number;
  /** Fail with this error line after this many progress lines (a network failure mid-pull). */
  failAfter?: number;
  error?: string;
  /**
   * Every line up to "writing manifest" in one write, then the answer stays open without
   * "success" until the client goes away: the client holds lines it has not read yet.
   */
  burst?: boolean;
}

/** Bytes fetched so far per model, kept across cancelled or failed pulls. */
export type PartialPulls = Map<string, number>;

const NDJSON_HEADERS = { 'Content-Type': 'application/x-ndjson' };
const PARAMS_LAYER_BYTES = 96;

export interface PullContext {
  model: TestModel | undefined;
  script: PullScript;
  partial: PartialPulls;
  /** Called once the model is complete: the server lists it from then on. */
  onInstalled: (model: TestModel) => void;
}

/** Writes the stream; resolves 'done', 'failed' or 'cancelled' (client went away). */
export async function writePull(res: ServerResponse, ctx: PullContext): Promise<'done' | 'failed' | 'cancelled'> {
  res.writeHead(200, NDJSON_HEADERS);
  res.flushHeaders();
  send(res, { status: 'pulling manifest' });
  if (!ctx.model) {
    res.end(JSON.stringify({ error: 'pull model manifest: file does not exist' }) + '\n');
    return 'failed';
  }
  const name = canonicalModelName(ctx.model.name);
  const total = sizeOf(name);
  const steps = Math.max(1, ctx.script.steps ?? 20);
  const digest = `sha256:${digestOf(ctx.model)}`;
  let completed = ctx.partial.get(name) ?? 0;
  if (ctx.script.burst) return writeBurst(res, { digest, total, completed, steps });
  let sent = 0;
  while (completed < total) {
    await pause(res, ctx.script.stepMs ?? 5);
    if (isGone(res)) return 'cancelled';
    if (ctx.script.failAfter !== undefined && sent >= ctx.script.failAfter) {
      res.end(JSON.stringify({ error: ctx.script.error ?? 'max retries exceeded: connection reset by peer' }) + '\n');
      return 'failed';
    }
    completed = Math.min(total, completed + Math.ceil(total / steps));
    ctx.partial.set(name, completed);
    send(res, { status: `pulling ${digest.slice(7, 19)}`, digest, total, completed });
    sent++;
  }
  send(res, {
    status: 'pulling params',
    digest: `sha256:${'0'.repeat(64)}`,
    total: PARAMS_LAYER_BYTES,
    completed: PARAMS_LAYER_BYTES,
  });
  send(res, { status: 'verifying sha256 digest' });
  send(res, { status: 'writing manifest' });
  if (isGone(res)) return 'cancelled';
  ctx.partial.delete(name);
  ctx.onInstalled(ctx.model);
  res.end(JSON.stringify({ status: 'success' }) + '\n');
  return 'done';
}

/** The rest of the pull's lines at once; resolves 'cancelled' when the client goes away. */
async function writeBurst(
  res: ServerResponse,
  layer: { digest: string; total: number; completed: number; steps: number },
): Promise<'cancelled'> {
  const lines: Record<string, unknown>[] = [];
  for (let completed = layer.completed; completed < layer.total;) {
    completed = Math.min(layer.total, completed + Math.ceil(layer.total / layer.steps));
    const { digest, total } = layer;
    lines.push({ status: `pulling ${digest.slice(7, 19)}`, digest, total, completed });
  }
  lines.push({
    status: 'pulling params',
    digest: `sha256:${'0'.repeat(64)}`,
    total: PARAMS_LAYER_BYTES,
    completed: PARAMS_LAYER_BYTES,
  });
  lines.push({ status: 'verifying sha256 digest' }, { status: 'writing manifest' });
  res.write(lines.map((line) => JSON.stringify(line) + '\n').join(''));
  if (!isGone(res)) await new Promise((resolve) => res.once('close', resolve));
  return 'cancelled';
}

function isGone(res: ServerResponse): boolean {
  return res.destroyed || res.writableEnded;
}

function send(res: ServerResponse, line: Record<string, unknown>): void {
  if (!isGone(res)) res.write(JSON.stringify(line) + '\n');
}

/** Waits `ms`, returning early when the client goes away. */
function pause(res: ServerResponse, ms: number): Promise<void> {
  if (ms <= 0 || isGone(res)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}
