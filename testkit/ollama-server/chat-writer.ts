// Writes one /api/chat answer the way Ollama does: NDJSON lines while streaming, one JSON
// object otherwise, a final `done: true` line with the usage counters. A script can also
// make the answer misbehave (slow, hung, cut off, garbled, failed) to exercise clients.
import type { ServerResponse } from 'node:http';

export interface ScriptedToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

export interface ChatScript {
  /** Reply text, streamed in several pieces (one per word). */
  text?: string;
  toolCalls?: ScriptedToolCall[];
  /** Answer with this HTTP status and body instead (object → JSON, string → text/plain). */
  error?: { status: number; body?: unknown };
  /** Wait before the first byte. */
  delayMs?: number;
  /** Wait between pieces. */
  tokenDelayMs?: number;
  /** Close the connection after this many pieces, without a done line. */
  dropAfter?: number;
  /** Send a line that is not JSON after the first piece. */
  garbage?: boolean;
  /** Never answer (until the client gives up or the server stops). */
  hang?: boolean;
  /** done_reason of the final line (default 'stop'). */
  doneReason?: string;
}

export interface ChatAnswerContext {
  model: string;
  stream: boolean;
  promptTokens: number;
  startedAt: bigint;
}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };
const NDJSON_HEADERS = { 'Content-Type': 'application/x-ndjson' };

export async function writeChatAnswer(res: ServerResponse, script: ChatScript, ctx: ChatAnswerContext): Promise<void> {
  if (script.hang) return; // the response stays open; stop() or the client ends it
  await pause(res, script.delayMs);
  if (isGone(res)) return;
  if (script.error) return writeError(res, script.error);
  const pieces = splitIntoPieces(script.text ?? '');
  if (ctx.stream) await writeStream(res, script, pieces, ctx);
  else writeWhole(res, script, pieces, ctx);
}

function writeError(res: ServerResponse, error: { status: number; body?: unknown }): void {
  const body = error.body ?? { error: `scripted failure (${error.status})` };
  if (typeof body === 'string') res.writeHead(error.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(body);
  else res.writeHead(error.status, JSON_HEADERS).end(JSON.stringify(body));
}

async function writeStream(
  res: ServerResponse,
  script: ChatScript,
  pieces: string[],
  ctx: ChatAnswerContext,
): Promise<void> {
  res.writeHead(200, NDJSON_HEADERS);
  res.flushHeaders();
  for (const [index, piece] of pieces.entries()) {
    if (index > 0) await pause(res, script.tokenDelayMs);
    if (script.dropAfter !== undefined && index >= script.dropAfter) return void res.destroy();
    if (!send(res, JSON.stringify(chunk(ctx.model, piece)) + '\n')) return;
    if (index === 0 && script.garbage) send(res, '{"model": this is not json\n');
  }
  if (script.dropAfter !== undefined) return void res.destroy();
  if (pieces.length === 0 && script.garbage) send(res, '{"model": this is not json\n');
  if (script.toolCalls?.length) send(res, JSON.stringify(chunk(ctx.model, '', script.toolCalls)) + '\n');
  if (isGone(res)) return;
  res.end(JSON.stringify(finalLine(ctx, '', undefined, pieces.length, script.doneReason)) + '\n');
}

function writeWhole(res: ServerResponse, script: ChatScript, pieces: string[], ctx: ChatAnswerContext): void {
  if (script.dropAfter !== undefined) return void res.destroy();
  if (script.garbage) return void res.writeHead(200, JSON_HEADERS).end('{"model": this is not json');
  const body = finalLine(ctx, pieces.join(''), script.toolCalls, pieces.length, script.doneReason);
  res.writeHead(200, JSON_HEADERS).end(JSON.stringify(body));
}

function chunk(model: string, content: string, toolCalls?: ScriptedToolCall[]) {
  return {
    model,
    created_at: new Date().toISOString(),
    message: { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls.map(toWire) } : {}) },
    done: false,
  };
}

function finalLine(
  ctx: ChatAnswerContext,
  content: string,
  toolCalls: ScriptedToolCall[] | undefined,
  outputTokens: number,
  doneReason = 'stop',
) {
  const totalNs = Number(process.hrtime.bigint() - ctx.startedAt);
  return {
    model: ctx.model,
    created_at: new Date().toISOString(),
    message: { role: 'assistant', content, ...(toolCalls?.length ? { tool_calls: toolCalls.map(toWire) } : {}) },
    done: true,
    done_reason: doneReason,
    total_duration: totalNs,
    load_duration: 0,
    prompt_eval_count: ctx.promptTokens,
    prompt_eval_duration: Math.floor(totalNs / 4),
    eval_count: outputTokens,
    eval_duration: Math.floor((totalNs * 3) / 4),
  };
}

function toWire(call: ScriptedToolCall) {
  return { function: { name: call.name, arguments: call.arguments } };
}

/** Word-sized pieces with their leading whitespace, like a tokenizer's output. */
export function splitIntoPieces(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

function isGone(res: ServerResponse): boolean {
  return res.destroyed || res.writableEnded;
}

function send(res: ServerResponse, data: string): boolean {
  if (isGone(res)) return false;
  res.write(data);
  return true;
}

/** Waits `ms`, but returns early when the client goes away, so stop() never waits on timers. */
function pause(res: ServerResponse, ms: number | undefined): Promise<void> {
  if (!ms || ms <= 0 || isGone(res)) return Promise.resolve();
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
