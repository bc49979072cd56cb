// The direct query path to Chroma: it must answer exactly what the chromadb client answers from
// the real server, and fail the way the rest of the engine expects (CHROMA_DOWN for an absent,
// hung or vanished server, a typed error for a broken answer), retrying only a request that a
// closing kept-alive connection never delivered.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromaConnectionError, ChromaNotFoundError } from 'chromadb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isMnemoError } from '../../../src/shared/errors';
import {
  ChromaQueryClient,
  ChromaSidecar,
  collectionName,
  createChromaClient,
  SidecarConnection,
  ChromaVectorIndex,
  type VectorIndex,
} from '../../../src/main/engine/vectors';
import { suspend } from '../../support/suspend';

const COLLECTION = {
  id: '3f1c2d9e-0000-4000-8000-000000000001',
  tenant: 'default_tenant',
  database: 'default_database',
};
const ANSWER = JSON.stringify({
  ids: [['a', 'b']],
  distances: [[0.1, 0.2]],
  metadatas: null,
  documents: null,
  embeddings: null,
  uris: null,
  include: ['distances'],
});

/** A stand-in Chroma that answers every query with `answer`, on 127.0.0.1. */
async function fakeChroma(
  answer: (req: IncomingMessage, res: ServerResponse, nthOnSocket: number) => void,
): Promise<{ url: string; requests: number; close: () => Promise<void> }> {
  const perSocket = new WeakMap<Socket, number>();
  const sockets = new Set<Socket>();
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests += 1;
    const nth = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, nth);
    req.resume();
    req.on('end', () => answer(req, res, nth));
  });
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A deadline for calls a server is expected to answer (tests of the deadline itself use short ones). */
const LIVE_DEADLINE_MS = 30_000;

describe('ChromaQueryClient against the real Chroma server', () => {
  let dir = '';
  let sidecar: ChromaSidecar;
  let connection: SidecarConnection;
  let index: VectorIndex;
  const model = 'test-embed';
  const vectors = Array.from({ length: 200 }, (_, i) => [
    Math.cos(i / 7),
    Math.sin(i / 7),
    Math.cos(i / 3) * 0.5,
    (i % 5) / 5,
  ]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mnemo-chroma-query-'));
    sidecar = new ChromaSidecar({
      dataDir: dir,
      port: 0,
      startTimeoutMs: 30_000,
      restartBackoffMs: { initial: 100, max: 1_000 },
    });
    await sidecar.start();
    // Deadlines for a live server are generous: a loaded machine must not turn answers into timeouts.
    connection = new SidecarConnection(() => sidecar.url!, LIVE_DEADLINE_MS);
    index = new ChromaVectorIndex(() => connection.current());
    await index.upsert(
      'chunk',
      model,
      vectors.map((embedding, i) => ({
        id: `c${i}`,
        embedding,
        metadata: { conversation_id: i % 2 ? 'odd' : 'even', role: 'user' },
      })),
    );
  });

  afterAll(async () => {
    connection?.dispose();
    await sidecar?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers exactly what the chromadb client answers, with and without a filter and metadata', async () => {
    const collection = await createChromaClient(sidecar.url!).getCollection({ name: collectionName('chunk', model) });
    for (const [n, probe] of [vectors[3]!, vectors[150]!, [0.2, -0.4, 0.9, 0.1]].entries()) {
      const ours = await index.query('chunk', model, probe, { limit: 25 });
      const theirs = await collection.query({
        queryEmbeddings: [probe],
        nResults: 25,
        include: ['distances'] as never,
      });
      expect(ours.map((h) => h.id)).toEqual(theirs.ids[0]);
      expect(ours.map((h) => h.distance)).toEqual(theirs.distances[0]);
      if (n > 0) continue;
      const filtered = await index.query('chunk', model, probe, {
        limit: 10,
        where: { conversation_id: 'odd' },
        withMetadata: true,
      });
      expect(filtered).toHaveLength(10);
      expect(filtered.every((h) => h.metadata.conversation_id === 'odd' && Number(h.id.slice(1)) % 2 === 1)).toBe(true);
    }
  });

  it('reuses one kept-alive connection for queries in a row', async () => {
    const sockets = new Set<string>();
    const queries = new ChromaQueryClient(sidecar.url!, LIVE_DEADLINE_MS);
    const collection = await createChromaClient(sidecar.url!).getCollection({ name: collectionName('chunk', model) });
    try {
      // The local port of each request's socket tells connections apart.
      const original = (queries as unknown as { agent: { createConnection: (...args: unknown[]) => Socket } }).agent;
      const create = original.createConnection.bind(original);
      original.createConnection = (...args: unknown[]) => {
        const socket = create(...args);
        socket.on('connect', () => sockets.add(`${socket.localPort}`));
        return socket;
      };
      for (let i = 0; i < 20; i++) await queries.nearest(collection, { embedding: vectors[i]!, limit: 5 });
      expect(sockets.size).toBe(1);
    } finally {
      queries.close();
    }
  });

  it('a hung server ends a query at its timeout as CHROMA_DOWN; it answers again once resumed', async () => {
    const quick = new SidecarConnection(() => sidecar.url!, 300);
    const hung = new ChromaVectorIndex(() => quick.current());
    // Warmed up while the server runs (its collection looked up, a socket kept alive); on a
    // loaded machine even this may take more than 300 ms, so it is tried until it answers.
    await expect
      .poll(() =>
        hung.query('chunk', model, vectors[0]!, { limit: 3 }).then(
          () => true,
          () => false,
        ),
      )
      .toBe(true);
    await suspend(sidecar.pid!);
    try {
      // Without the timeout this never settles and the test times out.
      const error = await hung.query('chunk', model, vectors[0]!, { limit: 3 }).catch((e: unknown) => e);
      expect(isMnemoError(error) && error.code).toBe('CHROMA_DOWN');
    } finally {
      process.kill(sidecar.pid!, 'SIGCONT');
    }
    await expect
      .poll(() =>
        hung.query('chunk', model, vectors[0]!, { limit: 3 }).then(
          (hits) => hits[0]?.id,
          () => null,
        ),
      )
      .toBe('c0');
    quick.dispose();
  });
});

describe('ChromaQueryClient against a misbehaving server', () => {
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function clientFor(answer: Parameters<typeof fakeChroma>[0], timeoutMs = LIVE_DEADLINE_MS) {
    const server = await fakeChroma(answer);
    const client = new ChromaQueryClient(server.url, timeoutMs);
    closers.push(
      () => server.close(),
      () => client.close(),
    );
    return { server, client };
  }

  const query = { embedding: [1, 0, 0], limit: 2 };

  it('sends a request again when a kept-alive connection was closed under it, and only then', async () => {
    // The server drops every second request on a connection without answering it, as a server
    // closing an idle connection does; the client sees a reset on a reused socket.
    const { server, client } = await clientFor((_req, res, nth) => {
      if (nth > 1) res.socket?.destroy();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(ANSWER);
    });
    expect((await client.nearest(COLLECTION, query)).ids).toEqual(['a', 'b']);
    expect((await client.nearest(COLLECTION, query)).ids).toEqual(['a', 'b']);
    expect(server.requests).toBe(3);
  });

  it('a reset on a fresh connection is not retried: it is the server going away', async () => {
    const { server, client } = await clientFor((_req, res) => res.socket?.destroy());
    const error = await client.nearest(COLLECTION, query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChromaConnectionError);
    expect(server.requests).toBe(1);
  });

  it('no server at all, and a server that never answers, are connection errors', async () => {
    const gone = await fakeChroma(() => undefined);
    const url = gone.url;
    await gone.close();
    const refused = new ChromaQueryClient(url, LIVE_DEADLINE_MS);
    closers.push(() => refused.close());
    expect(await refused.nearest(COLLECTION, query).catch((e: unknown) => e)).toBeInstanceOf(ChromaConnectionError);

    const { client } = await clientFor(() => undefined, 200);
    const error = await client.nearest(COLLECTION, query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChromaConnectionError);
    expect(String(error)).toMatch(/within 200 ms/);
  });

  it('an unknown collection is NotFound; garbage, a wrong shape and a 500 are errors that say so', async () => {
    const cases: [Parameters<typeof fakeChroma>[0], RegExp | typeof ChromaNotFoundError][] = [
      [
        (_q, res) =>
          res
            .writeHead(404, { 'content-type': 'application/json' })
            .end('{"error":"NotFoundError","message":"Collection does not exist"}'),
        ChromaNotFoundError,
      ],
      [(_q, res) => res.writeHead(200).end('<html>not json</html>'), /not JSON/],
      [
        (_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ids":"nope"}'),
        /not a query result/,
      ],
      [
        (_q, res) =>
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"ids":[["a"]],"distances":[["far"]]}'),
        /not a query result/,
      ],
      [
        (_q, res) =>
          res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"Internal","message":"disk full"}'),
        /refused a query: 500: disk full/,
      ],
    ];
    for (const [answer, expected] of cases) {
      const { client } = await clientFor(answer);
      const error = await client.nearest(COLLECTION, query).catch((e: unknown) => e);
      if (expected === ChromaNotFoundError) expect(error).toBeInstanceOf(ChromaNotFoundError);
      else expect(String(error)).toMatch(expected as RegExp);
    }
  });
});
