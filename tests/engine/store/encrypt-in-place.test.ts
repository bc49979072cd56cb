// A profile from before encryption is encrypted in place at its first start with a key, schema
// backups included, and a process killed at any point of it loses nothing: the next start
// finishes or rolls back, and in the end every message is there and no plaintext is left.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFileKind, openDatabase, Store, type EncryptionStep } from '../../../src/main/engine/store';
import { storeDeps, tempDir, TEST_KEY } from '../../support/store';

const opener = join(import.meta.dirname, 'fixtures', 'encrypting-opener.ts');
const MARKER = 'plaintext-marker-4b1d';
const STEPS: EncryptionStep[] = [
  'backup',
  'copy',
  'encrypt',
  'verify',
  'swap',
  'verify-swapped',
  'remove-plaintext',
  'done',
];

/** A plaintext profile: 300 messages with a marker, and a plaintext schema backup beside it. */
function plaintextProfile(dir: string): string[] {
  const path = join(dir, 'mnemo.sqlite');
  const store = Store.open(path, storeDeps({ chunkTokens: 60 }), { key: null });
  const c = store.conversations.create({ title: `plain ${MARKER}` });
  const contents: string[] = [];
  for (let i = 0; i < 300; i++) {
    const content = `message ${i} ${MARKER} `.repeat(1 + (i % 30));
    store.messages.appendTurn({ conversationId: c.id, role: i % 2 ? 'assistant' : 'user', content });
    contents.push(content);
  }
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  mkdirSync(join(dir, 'backups'));
  copyFileSync(path, join(dir, 'backups', 'mnemo-schema4-2026-01-01.sqlite'));
  // Some writes left in the WAL, as a crash of the old version would leave them.
  for (let i = 300; i < 320; i++) {
    const content = `late message ${i} ${MARKER}`;
    store.messages.appendTurn({ conversationId: c.id, role: 'user', content });
    contents.push(content);
  }
  // The file and its WAL as a killed old version would leave them (closing would fold the WAL in).
  const [file, wal] = [readFileSync(path), readFileSync(`${path}-wal`)];
  store.close();
  writeFileSync(path, file);
  writeFileSync(`${path}-wal`, wal);
  return contents;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Runs the opener; kills it at `pauseAt` (a step), or after `lines` printed steps. */
function runAndKill(dir: string, pauseAt: string | null, killAfterLines: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', opener, dir, pauseAt ?? ''], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const seen: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      seen.push(line);
      if (line === pauseAt || seen.length === killAfterLines) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', () => resolve(seen));
  });
}

describe('encrypting a plaintext profile in place', () => {
  let template: ReturnType<typeof tempDir>;
  let contents: string[];
  beforeAll(() => {
    template = tempDir('mnemo-plain-');
    contents = plaintextProfile(template.path);
  });
  afterAll(() => template.remove());

  function expectEncryptedAndWhole(dir: string): void {
    const path = join(dir, 'mnemo.sqlite');
    const opened = openDatabase(path, { key: TEST_KEY });
    const store = new Store(opened.db, storeDeps());
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = store.db.prepare('SELECT id, conversation_id FROM messages ORDER BY seq').all() as {
        id: string;
        conversation_id: string;
      }[];
      expect(stored.map((m) => store.chunks.reassemble(m.conversation_id, m.id))).toEqual(contents);
    } finally {
      store.close();
    }
    expect(databaseFileKind(path)).toBe('encrypted');
    expect(databaseFileKind(join(dir, 'backups', 'mnemo-schema4-2026-01-01.sqlite'))).toBe('encrypted');
    const left = filesUnder(dir).filter((f) => /\.(plaintext|encrypting)$/.test(f));
    expect(left).toEqual([]);
    const withMarker = filesUnder(dir).filter((f) => readFileSync(f).includes(Buffer.from(MARKER)));
    expect(withMarker).toEqual([]);
  }

  it('encrypts the database (with what its WAL held) and its backups, and leaves no plaintext', () => {
    const dir = tempDir();
    try {
      cpSync(template.path, dir.path, { recursive: true });
      expect(filesUnder(dir.path).some((f) => readFileSync(f).includes(Buffer.from(MARKER)))).toBe(true);
      expectEncryptedAndWhole(dir.path);
    } finally {
      dir.remove();
    }
  });

  it('killed at every step, and at random moments, the next start finishes or rolls back and loses nothing', async () => {
    let seed = 20261206;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pauses = STEPS.flatMap((step) => [`${step}@database`, `${step}@backup`]);
    const rounds = [
      ...pauses.map((p) => ({ pauseAt: p, lines: 0 })),
      ...Array.from({ length: 4 }, () => ({ pauseAt: null, lines: 1 + Math.floor(random() * 15) })),
    ];
    for (const round of rounds) {
      const dir = tempDir();
      try {
        cpSync(template.path, dir.path, { recursive: true });
        const seen = await runAndKill(dir.path, round.pauseAt, round.lines);
        if (round.pauseAt) expect(seen.at(-1)).toBe(round.pauseAt);
        expectEncryptedAndWhole(dir.path);
      } finally {
        dir.remove();
      }
    }
  }, 600_000);
});
