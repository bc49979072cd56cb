// Helpers for fault tests: a data folder on a disk that can be filled for real, a watch for
// unhandled rejections, and a check that the app still answers the contract promptly.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineApi } from '../../src/main/engine/api';
import type { ChatEvent } from '../../src/main/engine/chat';
import type { Engine } from '../../src/main/engine/engine';
import type { Result } from '../../src/shared/contract';

/** The app counts as alive when a call answers within this long. */
export const ALIVE_WITHIN_MS = 2_000;

/** Rejects with a clear message when `work` does not settle within `ms`. */
export function within<T>(ms: number, work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The call's answer, or a failure when the app takes longer than ALIVE_WITHIN_MS to give it. */
export function answersPromptly<T>(call: Promise<T>, what = 'the other call'): Promise<T> {
  return within(ALIVE_WITHIN_MS, call, what);
}

/** Calls that must keep answering, whatever else is wrong: status, the sidebar, settings. */
export async function expectAlive(api: EngineApi): Promise<void> {
  for (const method of ['app.status', 'conversations.list', 'settings.get'] as const) {
    const result = await within(ALIVE_WITHIN_MS, api.dispatch(method, {}), method);
    if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  }
}

/** Collects unhandled rejections while installed (each one would end a Node process). */
export function watchUnhandledRejections(): { settled: () => Promise<unknown[]>; dispose: () => void } {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', onRejection);
  return {
    // Node reports a rejection once the microtask queue is empty: look after the next macrotask.
    settled: () => new Promise((resolve) => setImmediate(() => resolve([...seen]))),
    dispose: () => process.off('unhandledRejection', onRejection),
  };
}

export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/**
 * A data folder on a small tmpfs of its own, so a test can fill the disk for real (ENOSPC →
 * SQLITE_FULL). Needs root with mount rights; returns null where mounting is not allowed.
 */
export function smallDisk(
  sizeMb: number,
): { path: string; fill: () => void; free: () => void; dispose: () => void } | null {
  const path = mkdtempSync(join(tmpdir(), 'mnemo-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', path], { stdio: 'ignore' });
  } catch {
    rmSync(path, { recursive: true, force: true });
    return null;
  }
  const filler = join(path, 'filler.bin');
  return {
    path,
    fill: () => {
      const fd = openSync(filler, 'a');
      const block = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
      // Whatever the last full block left: filled byte by byte, so not one page fits.
      const tail = openSync(filler, 'a');
      try {
        for (;;) writeSync(tail, Buffer.alloc(512, 1));
      } catch {
        // ENOSPC: the disk is full now.
      } finally {
        closeSync(tail);
      }
    },
    free: () => rmSync(filler, { force: true }),
    dispose: () => {
      try {
        execFileSync('umount', ['-l', path], { stdio: 'ignore' });
      } finally {
        rmSync(path, { recursive: true, force: true });
      }
    },
  };
}

/** Resolves with the event that ended the turn writing `assistantMessageId`. */
export function turnEnd(engine: Engine, assistantMessageId: string): Promise<ChatEvent> {
  return new Promise((resolve) => {
    const onChat = (event: ChatEvent) => {
      const id =
        event.type === 'turn-finished' || event.type === 'turn-stopped' || event.type === 'turn-error'
          ? event.message?.id
          : null;
      if (id !== assistantMessageId) return;
      engine.off('chat', onChat);
      resolve(event);
    };
    engine.on('chat', onChat);
  });
}

export function firstToken(engine: Engine, conversationId: string): Promise<void> {
  return new Promise((resolve) => {
    const onChat = (event: ChatEvent) => {
      if (event.type !== 'token' || event.conversationId !== conversationId) return;
      engine.off('chat', onChat);
      resolve();
    };
    engine.on('chat', onChat);
  });
}
