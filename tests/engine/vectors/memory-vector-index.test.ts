// The in-memory vector index answers like Chroma does: nearest by cosine distance, filtered
// by metadata, ids reconciled by set; checked against a plain sort over every vector.
import { describe, expect, it } from 'vitest';
import { chunkWhere, MemoryVectorIndex, type VectorRecord } from '../../../src/main/engine/vectors';

const MODEL = 'test-embed';

function randomRecords(count: number, dims: number, seed: number): VectorRecord[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return Array.from({ length: count }, (_, i) => ({
    id: `c${i}`,
    embedding: Array.from({ length: dims }, next),
    metadata: { conversation_id: `conv${i % 3}`, archived: i % 5 === 0 },
  }));
}

function cosineDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return 1 - dot / Math.sqrt(na * nb);
}

describe('MemoryVectorIndex', () => {
  it('a deleted vector leaves none of its numbers in the collection’s memory, whichever slot it held', async () => {
    const index = new MemoryVectorIndex();
    const records = randomRecords(4, 8, 5);
    await index.upsert('chunk', MODEL, records);
    // The last slot (nothing moves into it), then a middle one (the last moves into its place).
    await index.delete('chunk', MODEL, ['c3']);
    await index.delete('chunk', MODEL, ['c1']);
    // The backing array, read past the public face: a privacy option that keeps vectors only in memory.
    const collection = index['collections'].values().next().value!;
    const vectors = collection['vectors'];
    expect(Array.from(vectors.subarray(collection.size * 8)).every((x) => x === 0)).toBe(true);
    expect(await index.allIds('chunk', MODEL)).toEqual(new Set(['c0', 'c2']));
  });

  it('returns the nearest items in order of cosine distance, as an exhaustive sort does', async () => {
    const index = new MemoryVectorIndex();
    const records = randomRecords(600, 16, 7);
    await index.upsert('chunk', MODEL, records);
    const query = randomRecords(1, 16, 99)[0]!.embedding;
    const hits = await index.query('chunk', MODEL, query, { limit: 10 });
    const expected = records
      .map((r) => ({ id: r.id, distance: cosineDistance(r.embedding, query) }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, 10);
    expect(hits.map((h) => h.id)).toEqual(expected.map((e) => e.id));
    hits.forEach((hit, i) => expect(hit.distance).toBeCloseTo(expected[i]!.distance, 5));
  });

  it("filters by metadata like Chroma's where, and returns metadata only when asked", async () => {
    const index = new MemoryVectorIndex();
    const records = randomRecords(90, 8, 3);
    await index.upsert('chunk', MODEL, records);
    const where = chunkWhere({ excludeConversationId: 'conv0', archived: false })!;
    const hits = await index.query('chunk', MODEL, records[4]!.embedding, { limit: 200, where, withMetadata: true });
    const allowed = records.filter(
      (r) => r.metadata['conversation_id'] !== 'conv0' && r.metadata['archived'] === false,
    );
    expect(new Set(hits.map((h) => h.id))).toEqual(new Set(allowed.map((r) => r.id)));
    expect(hits[0]).toMatchObject({ id: 'c4', metadata: { conversation_id: 'conv1', archived: false } });
    expect((await index.query('chunk', MODEL, records[4]!.embedding, { limit: 1 }))[0]!.metadata).toEqual({});
  });

  it('replaces on upsert, deletes by id (the rest still found), and keeps kinds and models apart', async () => {
    const index = new MemoryVectorIndex();
    const records = randomRecords(50, 8, 11);
    await index.upsert('chunk', MODEL, records);
    await index.upsert('chunk', MODEL, [{ ...records[3]!, embedding: records[40]!.embedding }]);
    await index.delete('chunk', MODEL, ['c0', 'c10', 'missing']);
    expect(await index.count('chunk', MODEL)).toBe(48);
    expect(await index.has('chunk', MODEL, ['c0', 'c1', 'c49'])).toEqual(new Set(['c1', 'c49']));
    for (const record of records.filter((r) => !['c0', 'c10', 'c3', 'c40'].includes(r.id))) {
      expect((await index.query('chunk', MODEL, record.embedding, { limit: 1 }))[0]!.id).toBe(record.id);
    }
    expect((await index.query('chunk', MODEL, records[40]!.embedding, { limit: 2 })).map((h) => h.id).sort()).toEqual([
      'c3',
      'c40',
    ]);
    expect(await index.count('memory', MODEL)).toBe(0);
    expect(await index.count('chunk', 'other-model')).toBe(0);
    await index.drop('chunk', MODEL);
    expect(await index.allIds('chunk', MODEL)).toEqual(new Set());
  });

  it('refuses a vector of another dimension with a typed error, keeping what it holds', async () => {
    const index = new MemoryVectorIndex();
    await index.upsert('memory', MODEL, randomRecords(3, 8, 1));
    await expect(
      index.upsert(
        'memory',
        MODEL,
        randomRecords(1, 9, 2).map((r) => ({ ...r, id: 'odd' })),
      ),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await index.count('memory', MODEL)).toBe(3);
  });
});
