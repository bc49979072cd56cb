// The sidecar against the real Chroma server: start, a collection round trip, restart after a
// crash, stop, parent death, start failures and recovery from them — and never a launcher
// process left behind.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChromaSidecar,
  createChromaClient,
  freePort,
  type ChromaSidecarOptions,
  type SidecarState,
} from '../../../src/main/engine/vectors';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

/** Running, as opposed to gone or a zombie (an orphan's zombie waits for PID 1 to reap it). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Live (not zombie) launchers (real or fixture) whose parent is this test process, from /proc. */
function ourLaunchers(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' || Number(ppid) !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('launcher.mjs')) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Occupies a loopback port the way another program would. */
async function occupy(port: number): Promise<() => Promise<void>> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

describe('ChromaSidecar (the real Chroma server)', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
    expect(ourLaunchers()).toEqual([]);
  });

  function tempDir(label: string): string {
    const path = mkdtempSync(join(tmpdir(), label));
    cleanup.push(() => rmSync(path, { recursive: true, force: true }));
    return path;
  }

  function sidecar(options: Partial<ChromaSidecarOptions> = {}): ChromaSidecar {
    const s = new ChromaSidecar({
      dataDir: tempDir('mnemo-chroma-'),
      port: 0,
      startTimeoutMs: 30_000,
      restartBackoffMs: { initial: 100, max: 1_000 },
      ...options,
    });
    cleanup.push(() => s.dispose());
    return s;
  }

  it('starts on 127.0.0.1 and serves a real collection round trip', async () => {
    const s = sidecar();
    const url = await s.start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.url).toBe(url);
    expect(s.port).toBe(Number(new URL(url).port));
    expect(s.state).toBe('ready');
    expect(await s.isHealthy()).toBe(true);

    const client = createChromaClient(url);
    const collection = await client.getOrCreateCollection({
      name: 'round_trip',
      embeddingFunction: null,
      configuration: { hnsw: { space: 'cosine' } },
    });
    await collection.add({
      ids: ['a', 'b', 'c'],
      embeddings: [
        [1, 0, 0],
        [0.9, 0.1, 0],
        [0, 0, 1],
      ],
      metadatas: [
        { conversation_id: 'x', role: 'user' },
        { conversation_id: 'y', role: 'user' },
        { conversation_id: 'x', role: 'assistant' },
      ],
    });
    expect(await collection.count()).toBe(3);
    const all = await collection.query({ queryEmbeddings: [[1, 0, 0]], nResults: 2 });
    expect(all.ids[0]).toEqual(['a', 'b']);
    // 'b' is the second nearest overall; the filter must drop it for the far-away 'c'.
    const filtered = await collection.query({
      queryEmbeddings: [[1, 0, 0]],
      nResults: 2,
      where: { conversation_id: 'x' },
    });
    expect(filtered.ids[0]).toEqual(['a', 'c']);
    expect((await collection.get({ ids: ['c'] })).metadatas[0]).toMatchObject({ role: 'assistant' });
    await collection.delete({ ids: ['a'] });
    expect(await collection.count()).toBe(2);
    expect((await collection.get({ ids: ['a'] })).ids).toEqual([]);
  });

  it('keeps collection records cached, and answers from what the collection holds now: added, deleted, dropped and made again', async () => {
    const dataDir = tempDir('mnemo-chroma-');
    const s = sidecar({ dataDir });
    const client = createChromaClient(await s.start());
    expect(readFileSync(join(dataDir, 'mnemo-sidecar.yaml'), 'utf8')).toMatch(
      /^listen_address: "127\.0\.0\.1"$[\s\S]*collections_with_segments_provider:\n {2}cache:\n {4}lru:/m,
    );
    const make = () =>
      client.getOrCreateCollection({
        name: 'cached',
        embeddingFunction: null,
        configuration: { hnsw: { space: 'cosine' } },
      });
    const nearest = async (c: Awaited<ReturnType<typeof make>>) =>
      (await c.query({ queryEmbeddings: [[1, 0, 0]], nResults: 5 })).ids[0];
    const first = await make();
    await first.add({ ids: ['a'], embeddings: [[1, 0, 0]] });
    expect(await nearest(first)).toEqual(['a']);
    await first.add({ ids: ['b'], embeddings: [[0.9, 0.1, 0]] });
    expect(await nearest(first)).toEqual(['a', 'b']);
    await first.delete({ ids: ['a'] });
    expect(await nearest(first)).toEqual(['b']);

    await client.deleteCollection({ name: 'cached' });
    // Not served from the cache once it is gone.
    await expect(nearest(first)).rejects.toThrow(/could not be found/);
    const second = await make();
    expect(second.id).not.toBe(first.id);
    expect(await nearest(second)).toEqual([]);
    await second.add({ ids: ['z'], embeddings: [[0, 0, 1]] });
    expect(await nearest(second)).toEqual(['z']);
  });

  it.runIf(process.platform === 'linux')(
    'runs with telemetry off and no exporter settings, whatever the parent environment says',
    async () => {
      process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = 'http://collector.example:4317';
      process.env['CHROMA_OPEN_TELEMETRY__ENDPOINT'] = 'http://collector.example:4317';
      try {
        const s = sidecar();
        await s.start();
        const environ = readFileSync(`/proc/${s.pid}/environ`, 'utf8').split('\0');
        expect(environ).toContain('ANONYMIZED_TELEMETRY=False');
        expect(environ.filter((v) => /^OTEL_|^CHROMA_OPEN/i.test(v))).toEqual([]);
        expect(await s.isHealthy()).toBe(true);
      } finally {
        delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
        delete process.env['CHROMA_OPEN_TELEMETRY__ENDPOINT'];
      }
    },
  );

  it('shares one child between callers that start it at the same time', async () => {
    const s = sidecar();
    const [first, second] = await Promise.all([s.start(), s.start()]);
    expect(second).toBe(first);
    expect(ourLaunchers()).toEqual([s.pid]);
  });

  it('is restarted after being killed, on the same port, with its data', async () => {
    const s = sidecar();
    const url = await s.start();
    const collection = await createChromaClient(url).getOrCreateCollection({
      name: 'survives',
      embeddingFunction: null,
    });
    await collection.add({
      ids: ['1', '2'],
      embeddings: [
        [1, 0],
        [0, 1],
      ],
    });
    const states: SidecarState[] = [];
    s.on('state', (state) => states.push(state));
    const firstPid = s.pid!;
    const restarted = new Promise<void>((resolve) => s.once('restarted', () => resolve()));
    process.kill(firstPid, 'SIGKILL');
    await restarted;
    expect(states).toEqual(['restarting', 'ready']);
    expect(s.pid).not.toBe(firstPid);
    expect(s.url).toBe(url);
    const again = await createChromaClient(url).getCollection({ name: 'survives' });
    expect(await again.count()).toBe(2);
    expect((await again.query({ queryEmbeddings: [[0, 1]], nResults: 1 })).ids[0]).toEqual(['2']);
  });

  it('keeps retrying with back-off while its port is taken, then recovers with exactly one child', async () => {
    // A configured port is kept across attempts (with port 0 it would move to a free one).
    const s = sidecar({ port: await freePort(), restartBackoffMs: { initial: 100, max: 400 } });
    await s.start();
    const port = s.port!;
    const exits: { code: number | null; signal: string | null }[] = [];
    s.on('exit', (exit) => exits.push(exit));
    const died = new Promise<void>((resolve) => s.once('exit', () => resolve()));
    process.kill(s.pid!, 'SIGKILL');
    await died;
    const release = await occupy(port);
    cleanup.push(release);
    // Each failed attempt is a child that could not bind the port and exited.
    await expect.poll(() => exits.length, { interval: 50 }).toBeGreaterThanOrEqual(3);
    expect(s.state).toBe('restarting');
    const restarted = new Promise<void>((resolve) => s.once('restarted', () => resolve()));
    await release();
    await restarted;
    expect(await s.isHealthy()).toBe(true);
    // One restart chain, not several racing for the port: the state stays ready.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(s.state).toBe('ready');
    expect(ourLaunchers()).toEqual([s.pid]);
    // The launcher ends itself cleanly when the server gives up; it does not crash.
    expect(exits.map((exit) => exit.signal)).not.toContain('SIGSEGV');
  });

  it('moves to a fresh port when the one it picked itself is taken while it was down', async () => {
    const s = sidecar();
    const oldUrl = await s.start();
    const collection = await createChromaClient(oldUrl).getOrCreateCollection({
      name: 'moves',
      embeddingFunction: null,
    });
    await collection.add({ ids: ['1'], embeddings: [[1, 0]] });
    const died = new Promise<void>((resolve) => s.once('exit', () => resolve()));
    process.kill(s.pid!, 'SIGKILL');
    await died;
    cleanup.push(await occupy(s.port!));
    await new Promise<void>((resolve) => s.once('restarted', () => resolve()));
    expect(s.url).not.toBe(oldUrl);
    const moved = await createChromaClient(s.url!).getCollection({ name: 'moves' });
    expect(await moved.count()).toBe(1);
  });

  it('leaves no process behind when stopped', async () => {
    const s = sidecar();
    await s.start();
    const pid = s.pid!;
    expect(alive(pid)).toBe(true);
    await s.dispose();
    expect(alive(pid)).toBe(false);
    expect(s.state).toBe('stopped');
    expect(s.pid).toBeNull();
  });

  it('dies with its parent, even when the parent is killed with SIGKILL', async () => {
    const dir = tempDir('mnemo-chroma-parent-');
    const parent = spawn(process.execPath, ['--import', 'tsx', fixture('sidecar-parent.ts'), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanup.push(() => void parent.kill('SIGKILL'));
    const pid = await new Promise<number>((resolve, reject) => {
      createInterface({ input: parent.stdout! }).once('line', (line) => resolve(Number(line)));
      parent.once('exit', () => reject(new Error('parent exited early')));
    });
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    await expect.poll(() => alive(pid), { interval: 100 }).toBe(false);
  });

  it('fails with CHROMA_START_FAILED and the server’s reason when its port is taken, then comes up in the background', async () => {
    const port = await freePort();
    const release = await occupy(port);
    cleanup.push(release);
    // A start deadline far beyond the test's timeout: only the child's exit can end start() in time,
    // so the test proves start() fails as soon as the server gives up, without timing it.
    const s = sidecar({ port, startTimeoutMs: 10 * 60_000 });
    const exits: { signal: string | null }[] = [];
    s.on('exit', (exit) => exits.push(exit));
    const error = await s.start().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CHROMA_START_FAILED', message: expect.stringContaining('not available') });
    expect((error as { details: { stderr: string } }).details.stderr).toContain(`127.0.0.1:${port}`);
    expect(exits).toHaveLength(1);
    expect(exits[0]!.signal).not.toBe('SIGSEGV');
    // The app carries on without Chroma; the sidecar keeps trying until the port is free.
    expect(s.state).toBe('restarting');
    const restarted = new Promise<void>((resolve) => s.once('restarted', () => resolve()));
    await release();
    await restarted;
    expect(s.url).toBe(`http://127.0.0.1:${port}`);
    expect(await s.isHealthy()).toBe(true);
  });

  it('retries at once when start() is called while it waits out a back-off', async () => {
    const port = await freePort();
    const release = await occupy(port);
    cleanup.push(release);
    const s = sidecar({ port, restartBackoffMs: { initial: 60_000, max: 60_000 } });
    await expect(s.start()).rejects.toMatchObject({ code: 'CHROMA_START_FAILED' });
    expect(s.state).toBe('restarting');
    await release();
    const [first, second] = await Promise.all([s.start(), s.start()]);
    expect(first).toBe(`http://127.0.0.1:${port}`);
    expect(second).toBe(first);
    expect(s.state).toBe('ready');
    expect(ourLaunchers()).toEqual([s.pid]);
  });

  it('fails with CHROMA_START_FAILED at its deadline when the server never answers, and kills it', async () => {
    const s = sidecar({ launcherPath: fixture('silent-launcher.mjs'), startTimeoutMs: 1_500 });
    const failure = s.start().catch((e: unknown) => e);
    await expect.poll(() => s.pid, { interval: 10 }).not.toBeNull();
    const pid = s.pid!;
    const error = await failure;
    // The deadline ended it (it says so), not the child, which was still running and is killed.
    expect(error).toMatchObject({
      code: 'CHROMA_START_FAILED',
      message: expect.stringContaining('did not answer within 1500 ms'),
      details: { stderr: expect.stringContaining('listening to nobody') },
    });
    await expect.poll(() => alive(pid)).toBe(false);
  });

  it('fails with CHROMA_START_FAILED when the launcher is missing, and stops cleanly', async () => {
    const s = sidecar({ launcherPath: '/nonexistent/chroma-launcher.mjs' });
    await expect(s.start()).rejects.toMatchObject({ code: 'CHROMA_START_FAILED' });
    expect(s.state).toBe('restarting');
    await s.dispose();
    expect(s.state).toBe('stopped');
  });
});
