// "Nothing in the data folder is readable without your key": a unique marker written as a
// message, a conversation title, a summary and a memory (and so into the FTS index, the
// embedding cache, the WAL, Chroma and a schema backup) is searched for in the bytes of every
// file of the data folder. The same session without a key finds it, so the search can fail.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedKey } from '../../src/main/engine/keys';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, openDatabase, type DatabaseKey } from '../../src/main/engine/store';
import { startEngine, type EngineHarness } from '../support/engine';
import { TEST_KEY } from '../support/store';

const MARKER = 'zebracrossing-7f3a91c2';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

/** The files whose bytes hold the marker, in UTF-8 or UTF-16 (little or big endian). */
function filesWithMarker(dir: string): string[] {
  const needles = [
    Buffer.from(MARKER, 'utf8'),
    Buffer.from(MARKER, 'utf16le'),
    Buffer.from(MARKER, 'utf16le').swap16(),
  ];
  return filesUnder(dir).filter((file) => {
    const bytes = readFileSync(file);
    return needles.some((needle) => bytes.includes(needle));
  });
}

/** Writes the marker everywhere a user's words go, indexes it, and returns the WAL's marker count while still open. */
async function writeMarkedProfile(
  key: DatabaseKey | null,
): Promise<{ harness: EngineHarness; openFilesWithMarker: string[] }> {
  const harness = await startEngine({ engine: { keys: fixedKey(key) } });
  const { engine } = harness;
  const conversation = engine.internals.store.conversations.create({ title: `Trip ${MARKER}` });
  engine.internals.store.messages.appendTurn({
    conversationId: conversation.id,
    role: 'user',
    content: `Remember the code word ${MARKER} for the gate.`,
  });
  engine.internals.store.messages.appendTurn({
    conversationId: conversation.id,
    role: 'assistant',
    content: `Noted: ${MARKER}.`,
  });
  engine.internals.store.summaries.create({
    conversationId: conversation.id,
    content: `The user's gate code word is ${MARKER}.`,
    firstSeq: 1,
    lastSeq: 2,
    trigger: 'idle',
    model: 'test',
  });
  await engine.internals.memory.save({ content: `Gate code word: ${MARKER}`, source: 'user' }, 'user');
  await engine.internals.indexer.flush();
  expect(engine.internals.store.db.prepare('SELECT count(*) FROM embeddings').pluck().get()).toBeGreaterThan(0);
  const wal = join(harness.dataDir, 'mnemo.sqlite-wal');
  expect(statSync(wal).size).toBeGreaterThan(0);
  return { harness, openFilesWithMarker: filesWithMarker(harness.dataDir).filter((file) => file === wal) };
}

/** A schema upgrade after closing: the backup it takes is a file of the folder too. */
function upgradeWithBackup(dataDir: string, key: DatabaseKey | null): void {
  const next = { version: LATEST_SCHEMA_VERSION + 1, name: 'test-noop', up: 'CREATE TABLE test_noop (x INTEGER);' };
  const opened = openDatabase(join(dataDir, 'mnemo.sqlite'), { key, migrations: [...MIGRATIONS, next] });
  opened.db.close();
  expect(opened.backupPath).not.toBeNull();
}

describe('encryption at rest', () => {
  let harness: EngineHarness | undefined;
  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
  });

  it('nothing in the data folder holds a message, title, summary or memory once encrypted: not the file, its WAL, the FTS index, the embedding cache, Chroma or a backup', async () => {
    const written = await writeMarkedProfile(TEST_KEY);
    harness = written.harness;
    expect(written.openFilesWithMarker).toEqual([]);
    await harness.engine.close();
    upgradeWithBackup(harness.dataDir, TEST_KEY);
    const files = filesUnder(harness.dataDir);
    expect(files.some((f) => f.includes(`${join('backups', 'mnemo-schema')}`))).toBe(true);
    expect(files.some((f) => f.includes(join(harness!.dataDir, 'chroma')))).toBe(true);
    expect(filesWithMarker(harness.dataDir)).toEqual([]);
  }, 120_000);

  it('the same session without a key leaves the marker readable (so the search above can find it)', async () => {
    const written = await writeMarkedProfile(null);
    harness = written.harness;
    expect(written.openFilesWithMarker).toHaveLength(1);
    await harness.engine.close();
    upgradeWithBackup(harness.dataDir, null);
    const found = filesWithMarker(harness.dataDir).map((file) => file.slice(harness!.dataDir.length + 1));
    expect(found).toContain('mnemo.sqlite');
    expect(found.some((file) => file.startsWith(join('backups', 'mnemo-schema')))).toBe(true);
    // Chroma never holds text, encrypted or not.
    expect(found.filter((file) => file.startsWith('chroma'))).toEqual([]);
  }, 120_000);
});
