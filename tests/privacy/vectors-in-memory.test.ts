// "Keep the vector index in memory only": with it on, nothing of the vector index is on disk.
// A marker written as a message and a memory is looked for in the bytes of every file of the
// closed data folder, and so are the vectors themselves (they carry the message's meaning):
// their float32 bytes, as stored and as the unit vectors an index keeps. With the index on
// disk the same search finds the vectors in Chroma's folder, so the search can fail.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/main/engine/engine';
import { startEngine, type EngineHarness } from '../support/engine';

const MARKER = 'quokkaharbour-51c9e0d4';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

function filesHolding(dir: string, needles: readonly Buffer[]): string[] {
  return filesUnder(dir).filter((file) => {
    const bytes = readFileSync(file);
    return needles.some((needle) => bytes.includes(needle));
  });
}

const textNeedles = [Buffer.from(MARKER, 'utf8'), Buffer.from(MARKER, 'utf16le')];

/** Eight float32 values from the middle of the vector, as given and scaled to unit length. */
function vectorNeedles(vector: Float32Array): Buffer[] {
  let norm = 0;
  for (const x of vector) norm += x * x;
  const unit = Float32Array.from(vector, (x) => x / Math.sqrt(norm));
  const slice = (v: Float32Array) => Buffer.from(v.slice(100, 108).buffer);
  return [slice(vector), slice(unit)];
}

/** Writes the marker as a message and a memory, indexes them; returns the message chunk's cached vector. */
async function writeMarked(engine: Engine): Promise<{ chunkId: string; vector: Float32Array }> {
  const conversation = engine.internals.store.conversations.create({ title: 'Harbour trip' });
  const message = engine.internals.store.messages.appendTurn({
    conversationId: conversation.id,
    role: 'user',
    content: `The boat is called ${MARKER} and leaves at dawn.`,
  });
  await engine.internals.memory.save({ content: `The user's boat: ${MARKER}`, source: 'user' }, 'user');
  await engine.internals.indexer.flush();
  const chunkId = engine.internals.store.chunks.forResponse(message.id)[0]!.id;
  const cached = engine.internals.store.embeddings.find('chunk', chunkId, engine.services.settings.embeddingModel());
  expect(cached).toBeDefined();
  return { chunkId, vector: cached!.vector };
}

describe('vector index in memory only', () => {
  let harness: EngineHarness | undefined;
  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
  });

  it('leaves no vector and no text on disk, rebuilds at the next start from the encrypted cache, and finds the message by its vector', async () => {
    harness = await startEngine();
    const { engine } = harness;
    await engine.internals.vectorIndex.moveTo('memory');
    expect(engine.services.data.security()).toMatchObject({ encrypted: true, vectorIndexInMemory: true });
    expect(existsSync(join(harness.dataDir, 'chroma'))).toBe(false);
    const { chunkId, vector } = await writeMarked(engine);
    const model = engine.services.settings.embeddingModel();
    expect((await engine.internals.vectors.query('chunk', model, vector, { limit: 1 }))[0]?.id).toBe(chunkId);
    expect(await engine.internals.vectors.count('memory', model)).toBe(1);

    await engine.close();
    expect(filesUnder(harness.dataDir).length).toBeGreaterThan(0);
    expect(existsSync(join(harness.dataDir, 'chroma'))).toBe(false);
    expect(filesHolding(harness.dataDir, textNeedles)).toEqual([]);
    expect(filesHolding(harness.dataDir, vectorNeedles(vector))).toEqual([]);

    const embedCallsBefore = harness.ollama.requests.filter((r) => r.path === '/api/embed').length;
    const reopened = await harness.reopen();
    await reopened.internals.vectorLocation.whenLoaded();
    expect(reopened.internals.vectorIndex.state()).toBe('ready');
    expect(reopened.internals.sidecar.state).toBe('stopped');
    expect(await reopened.internals.vectors.count('chunk', model)).toBe(reopened.internals.store.chunks.count());
    expect(await reopened.internals.vectors.count('memory', model)).toBe(1);
    expect((await reopened.internals.vectors.query('chunk', model, vector, { limit: 1 }))[0]?.id).toBe(chunkId);
    // Rebuilt from SQLite's cache alone: no document was embedded again.
    expect(harness.ollama.requests.filter((r) => r.path === '/api/embed').length).toBe(embedCallsBefore);
    await reopened.close();
    expect(existsSync(join(harness.dataDir, 'chroma'))).toBe(false);
    expect(filesHolding(harness.dataDir, [...textNeedles, ...vectorNeedles(vector)])).toEqual([]);
  }, 180_000);

  it("with the index on disk, the same search finds the vectors in Chroma's folder (so the search above can fail)", async () => {
    harness = await startEngine();
    const { vector } = await writeMarked(harness.engine);
    await harness.engine.close();
    const found = filesHolding(harness.dataDir, vectorNeedles(vector)).map((file) =>
      file.slice(harness!.dataDir.length + 1),
    );
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((file) => file.startsWith('chroma'))).toBe(true);
    // Text never reaches Chroma, and the database is encrypted.
    expect(filesHolding(harness.dataDir, textNeedles)).toEqual([]);
  }, 180_000);

  it('moves back onto disk while running: Chroma is filled from the cache and answers', async () => {
    harness = await startEngine();
    const { engine } = harness;
    await engine.internals.vectorIndex.moveTo('memory');
    const { chunkId, vector } = await writeMarked(engine);
    await engine.internals.vectorIndex.moveTo('disk');
    expect(engine.services.data.security().vectorIndexInMemory).toBe(false);
    expect(engine.internals.sidecar.state).toBe('ready');
    const model = engine.services.settings.embeddingModel();
    expect(await engine.internals.vectors.count('chunk', model)).toBe(engine.internals.store.chunks.count());
    expect((await engine.internals.vectors.query('chunk', model, vector, { limit: 1 }))[0]?.id).toBe(chunkId);
    await engine.close();
    expect(filesHolding(join(harness.dataDir, 'chroma'), vectorNeedles(vector)).length).toBeGreaterThan(0);
  }, 180_000);
});
