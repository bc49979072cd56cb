import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { ChromaSidecar, createChromaClient, freePort, type ChromaSidecarOptions } from '../../../src/main/engine/vectors';
import { tempDir } from '../../support/store';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('ChromaSidecar (the real Chroma server)', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  function sidecar(options: Partial<ChromaSidecarOptions> = {}): ChromaSidecar {
    const dir = tempDir('mnemo-chroma-');
    const s = new ChromaSidecar({ dataDir: dir.path, port: 0, startTimeoutMs: 30_000, restartBackoffMs: { initial: 100, max: 1_000 }, ...options });
    cleanup.push(dir.remove, () => s.stop());
    return s;
  }

  it('starts on 127.0.0.1 and serves a real collection round trip', async () => {
    const s = sidecar();
    const url = await s.start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await s.isHealthy()).toBe(true);

    const client = createChromaClient(url);
    const collection = await client.getOrCreateCollection({ name: 'round_trip', embeddingFunction: null, configuration: { hnsw: { space: 'cosine' } } });
    await collection.add({
      ids: ['a', 'b', 'c'],
      embeddings: [[1, 0, 0], [0.9, 0.1, 0], [0, 0, 1]],
      metadatas: [{ conversation_id: 'x', role: 'user' }, { conversation_id: 'y', role: 'user' }, { conversation_id: 'x', role: 'assistant' }],
    });
    expect(await collection.count()).toBe(3);
    const all = await collection.query({ queryEmbeddings: [[1, 0, 0]], nResults: 2 });
    expect(all.ids[0]).toEqual(['a', 'b']);
    const filtered = await collection.query({ queryEmbeddings: [[1, 0, 0]], nResults: 2, where: { conversation_id: 'x' } });
    expect(filtered.ids[0]).toEqual(['a', 'c']);
    expect((await collection.get({ ids: ['c'] })).metadatas[0]).toMatchObject({ role: 'assistant' });
    await collection.delete({ ids: ['a'] });
    expect(await collection.count()).toBe(2);
  });

  it('is restarted after being killed, on the same port, with its data', async () => {
    const s = sidecar();
    const url = await s.start();
    const client = createChromaClient(url);
    const collection = await client.getOrCreateCollection({ name: 'survives', embeddingFunction: null });
    await collection.add({ ids: ['1', '2'], embeddings: [[1, 0], [0, 1]] });
    const firstPid = s.pid!;
    const restarted = new Promise<void>((resolve) => s.once('restarted', () => resolve()));
    process.kill(firstPid, 'SIGKILL');
    await restarted;
    expect(s.pid).not.toBe(firstPid);
    expect(s.url).toBe(url);
    const again = await createChromaClient(url).getCollection({ name: 'survives' });
    expect(await again.count()).toBe(2);
  });

  it('leaves no process behind when stopped', async () => {
    const s = sidecar();
    await s.start();
    const pid = s.pid!;
    expect(alive(pid)).toBe(true);
    await s.stop();
    expect(alive(pid)).toBe(false);
    expect(s.state).toBe('stopped');
  });

  it('dies with its parent, even when the parent is killed with SIGKILL', async () => {
    const dir = tempDir('mnemo-chroma-parent-');
    cleanup.push(dir.remove);
    const parent = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'sidecar-parent.ts'), dir.path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve, reject) => {
      createInterface({ input: parent.stdout! }).once('line', (line) => resolve(Number(line)));
      parent.once('exit', () => reject(new Error('parent exited early')));
    });
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    await expect.poll(() => alive(pid), { timeout: 10_000, interval: 100 }).toBe(false);
  });

  it('fails to start with CHROMA_START_FAILED when its port is taken, leaving no orphan', async () => {
    const port = await freePort();
    const sockets = new Set<Socket>();
    const blocker: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', () => resolve()));
    cleanup.push(() => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      blocker.close(() => resolve());
    }));
    const s = sidecar({ port, startTimeoutMs: 8_000 });
    const pids: number[] = [];
    s.on('state', () => s.pid && pids.push(s.pid));
    await expect(s.start()).rejects.toMatchObject({ code: 'CHROMA_START_FAILED' });
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });

  it('fails to start with CHROMA_START_FAILED when the launcher is missing', async () => {
    const s = sidecar({ launcherPath: '/nonexistent/chroma-launcher.mjs' });
    await expect(s.start()).rejects.toMatchObject({ code: 'CHROMA_START_FAILED' });
  });
});
